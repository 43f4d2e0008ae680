package dev.rampart.board.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.rampart.board.database.Database;

/** Accounts table access. Every lookup by name goes through the normalised {@link UsernameKey}. */
@Repository
public class AccountRepository {

    private static final String COLUMNS = "id, username, display_name, email, bio, role, enabled, created_at";

    private final Database database;
    private final Clock clock;

    AccountRepository(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Inserts an account and returns its id.
     *
     * @throws UsernameTakenException when another account has the same username key
     */
    long insert(String username, String passwordHash, Role role) {
        return database.write(jdbc -> insert(jdbc, username, passwordHash, role));
    }

    /**
     * Inserts an account in the caller's write transaction and returns its id.
     *
     * @throws UsernameTakenException when another account has the same username key; it rolls the transaction back
     */
    long insert(JdbcClient jdbc, String username, String passwordHash, Role role) {
        long now = clock.millis();
        try {
            return jdbc.sql("""
                    insert into accounts (username, username_key, display_name, bio, password_hash, role,
                                          enabled, created_at, updated_at)
                    values (?, ?, ?, '', ?, ?, ?, ?, ?)
                    returning id""")
                    .params(username, UsernameKey.of(username), username, passwordHash, role.name(), true, now, now)
                    .query(Long.class)
                    .single();
        }
        catch (DataAccessException ex) {
            if (Database.isUniqueViolation(ex)) {
                throw new UsernameTakenException(username);
            }
            throw ex;
        }
    }

    public Optional<Account> findById(long id) {
        return database.read(jdbc -> jdbc.sql("select " + COLUMNS + " from accounts where id = ?")
                .param(id)
                .query(AccountRepository::mapAccount)
                .optional());
    }

    public Optional<Account> findByUsername(String username) {
        return database.read(jdbc -> jdbc.sql("select " + COLUMNS + " from accounts where username_key = ?")
                .param(UsernameKey.of(username))
                .query(AccountRepository::mapAccount)
                .optional());
    }

    Optional<Credentials> findCredentials(String username) {
        return database.read(jdbc -> jdbc.sql("""
                select username, password_hash, role, enabled from accounts where username_key = ?""")
                .param(UsernameKey.of(username))
                .query((rs, row) -> new Credentials(rs.getString("username"), rs.getString("password_hash"),
                        Role.valueOf(rs.getString("role")), rs.getBoolean("enabled")))
                .optional());
    }

    void updatePasswordHash(String username, String passwordHash) {
        database.write(jdbc -> jdbc.sql("update accounts set password_hash = ?, updated_at = ? where username_key = ?")
                .params(passwordHash, clock.millis(), UsernameKey.of(username))
                .update());
    }

    /** Returns all accounts ordered by username key, at most {@code limit} from {@code offset}. */
    public List<Account> list(int offset, int limit) {
        return database.read(jdbc -> jdbc.sql("select " + COLUMNS
                        + " from accounts order by username_key limit ? offset ?")
                .params(limit, offset)
                .query(AccountRepository::mapAccount)
                .list());
    }

    public long count() {
        return database.read(jdbc -> jdbc.sql("select count(*) from accounts").query(Long.class).single());
    }

    /** Sets the enabled flag; returns false when no account has the id. */
    public boolean setEnabled(long id, boolean enabled) {
        int updated = database.write(jdbc -> jdbc.sql("update accounts set enabled = ?, updated_at = ? where id = ?")
                .params(enabled, clock.millis(), id)
                .update());
        return updated == 1;
    }

    public void updateProfile(long id, String displayName, String email, String bio) {
        database.write(jdbc -> jdbc.sql("""
                update accounts set display_name = ?, email = ?, bio = ?, updated_at = ? where id = ?""")
                .params(displayName, email, bio, clock.millis(), id)
                .update());
    }

    static Account mapAccount(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("email"), rs.getString("bio"), Role.valueOf(rs.getString("role")),
                rs.getBoolean("enabled"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    /** The account data that login needs: the stored name, the hash, the role and whether the account may sign in. */
    record Credentials(String username, String passwordHash, Role role, boolean enabled) {
    }
}
