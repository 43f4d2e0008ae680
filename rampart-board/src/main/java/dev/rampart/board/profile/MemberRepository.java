package dev.rampart.board.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.stereotype.Repository;

import dev.rampart.board.database.Database;

/**
 * Reads the members directory. Disabled accounts are left out, so an account an administrator has shut off
 * stops being advertised to other members.
 */
@Repository
class MemberRepository {

    private final Database database;

    MemberRepository(Database database) {
        this.database = database;
    }

    /** Returns enabled accounts ordered by username key, at most {@code limit} from {@code offset}. */
    List<Member> list(long offset, int limit) {
        return database.read(jdbc -> jdbc.sql("""
                        select username, display_name, created_at from accounts
                        where enabled = ? order by username_key limit ? offset ?""")
                .params(true, limit, offset)
                .query((rs, row) -> new Member(rs.getString("username"), rs.getString("display_name"),
                        utcDate(rs.getLong("created_at"))))
                .list());
    }

    long count() {
        return database.read(jdbc -> jdbc.sql("select count(*) from accounts where enabled = ?")
                .param(true)
                .query(Long.class)
                .single());
    }

    private static LocalDate utcDate(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }
}
