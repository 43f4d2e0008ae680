package dev.rampart.board.database;

import java.sql.SQLException;
import java.util.function.Function;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.springframework.dao.DataAccessException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one path every database call of the board takes: reads and writes receive a {@link JdbcClient}, and
 * writes run in a transaction that has committed when {@link #write} returns. Keeping all calls here gives
 * timeouts, retries and circuit breaking a single place to wrap.
 */
@Component
public class Database {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final DatabaseVendor vendor;

    Database(JdbcClient jdbc, TransactionTemplate transactions, DatabaseVendor vendor) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vendor = vendor;
    }

    /** Runs a read-only query. */
    public <T> T read(Function<JdbcClient, T> query) {
        return query.apply(jdbc);
    }

    /** Runs one or more statements in a single transaction, committed before this method returns. */
    public <T> T write(Function<JdbcClient, T> statements) {
        return transactions.execute(status -> statements.apply(jdbc));
    }

    /**
     * Tells whether a failed write broke a unique constraint. Spring does not translate SQLite's error codes,
     * so both drivers are checked here: SQLSTATE 23505 for PostgreSQL, the extended result code for SQLite.
     */
    public static boolean isUniqueViolation(DataAccessException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite
                    && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                return true;
            }
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public DatabaseVendor vendor() {
        return vendor;
    }
}
