package dev.rampart.board.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

import dev.rampart.board.database.Database;
import dev.rampart.hardening.audit.SecurityEvent;
import dev.rampart.hardening.audit.SecurityEventStore;
import dev.rampart.hardening.audit.SecurityEventType;

/**
 * Stores every security event in the {@code security_events} table for the admin pages, and reads them back newest
 * first. The starter's {@code SecurityEvents} logs each event before calling this store, and it catches and logs a
 * runtime exception thrown here, so a failed insert does not fail the request that caused the event.
 */
@Repository
class SecurityEventRepository implements SecurityEventStore {

    /**
     * Maximum length of each stored text value, in code points. Attackers choose usernames and paths of any length,
     * and the table must not become a place to park megabytes.
     */
    static final int MAX_TEXT_LENGTH = 500;

    private static final String COLUMNS = "id, occurred_at, type, username, client_address, path, detail, request_id";

    private final Database database;

    SecurityEventRepository(Database database) {
        this.database = database;
    }

    @Override
    public void store(SecurityEvent event) {
        database.write(jdbc -> jdbc.sql("""
                        insert into security_events (occurred_at, type, username, client_address, path, detail,
                                                     request_id)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(event.occurredAt().toEpochMilli(), event.type().name(), bounded(event.username()),
                        bounded(event.clientAddress()), bounded(event.path()), bounded(event.detail()),
                        bounded(event.requestId()))
                .update());
    }

    /** Returns the events that match the filter newest first, with {@code now} as the end of its time window. */
    List<StoredSecurityEvent> list(EventFilter filter, Instant now, long offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = filter.whereClause(now, params);
        params.add(limit);
        params.add(offset);
        return database.read(jdbc -> jdbc.sql("select " + COLUMNS + " from security_events" + where
                        + " order by occurred_at desc, id desc limit ? offset ?")
                .params(params)
                .query(SecurityEventRepository::mapEvent)
                .list());
    }

    /** Counts the events that match the filter, with {@code now} as the end of its time window. */
    long count(EventFilter filter, Instant now) {
        List<Object> params = new ArrayList<>();
        String where = filter.whereClause(now, params);
        return database.read(jdbc -> jdbc.sql("select count(*) from security_events" + where)
                .params(params)
                .query(Long.class)
                .single());
    }

    /**
     * Cuts a value to {@link #MAX_TEXT_LENGTH} code points, ending with an ellipsis when it was cut, and replaces
     * NUL, which PostgreSQL cannot store in a text column, with U+FFFD.
     */
    static @Nullable String bounded(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String storable = value.replace('\u0000', '\uFFFD');
        if (storable.codePointCount(0, storable.length()) <= MAX_TEXT_LENGTH) {
            return storable;
        }
        int end = storable.offsetByCodePoints(0, MAX_TEXT_LENGTH - 1);
        return storable.substring(0, end) + "\u2026";
    }

    private static StoredSecurityEvent mapEvent(ResultSet rs, int row) throws SQLException {
        return new StoredSecurityEvent(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("occurred_at")),
                SecurityEventType.valueOf(rs.getString("type")), rs.getString("username"),
                rs.getString("client_address"), rs.getString("path"), rs.getString("detail"),
                rs.getString("request_id"));
    }
}
