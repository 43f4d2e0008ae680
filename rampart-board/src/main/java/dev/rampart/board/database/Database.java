package dev.rampart.board.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.function.Function;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.rampart.hardening.resilience.DatabaseFailure;
import dev.rampart.hardening.resilience.DatabaseGuard;
import dev.rampart.hardening.resilience.DatabaseUnavailableException;

/**
 * The one path every database call of the board takes: reads and writes receive a {@link JdbcClient}, and
 * writes run in a transaction that has committed when {@link #write} returns. Every call goes through the
 * starter's {@link DatabaseGuard}, so a call the database cannot serve throws
 * {@link DatabaseUnavailableException} (sent as 503) instead of waiting or failing with 500.
 */
@Component
public class Database {

    /** SQLSTATE connection_failure, which the guard classifies as a lost connection. */
    private static final String CONNECTION_FAILURE = "08006";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final DatabaseVendor vendor;
    private final DatabaseGuard guard;

    Database(JdbcClient jdbc, TransactionTemplate transactions, DatabaseVendor vendor, DatabaseGuard guard) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vendor = vendor;
        this.guard = guard;
    }

    /** Runs a read-only query, repeated after a transient failure. */
    public <T> T read(Function<JdbcClient, T> query) {
        return guard.read(() -> query.apply(jdbc));
    }

    /**
     * Runs one or more statements in a single transaction, committed before this method returns. The whole
     * transaction is repeated after a failure that certainly did not commit it, so the statements must not
     * have effects outside the database.
     */
    public <T> T write(Function<JdbcClient, T> statements) {
        return guard.write(() -> inTransaction(statements));
    }

    /**
     * Runs the statements in one transaction. A connection that breaks mid-transaction usually fails the
     * rollback too, and Spring then throws the rollback's failure, which HikariCP raises without an SQLSTATE,
     * in place of the failure that ended the transaction. That failure is rethrown instead, so that the guard
     * classifies a lost connection (503) and not an unknown error (500). When the commit itself failed, Spring
     * keeps only the rollback's failure. Unless that failure names a cause of its own, the connection is reported
     * lost (SQLSTATE 08006): the commit may or may not have reached the database, and the error page states that.
     */
    private <T> T inTransaction(Function<JdbcClient, T> statements) {
        try {
            return transactions.execute(status -> statements.apply(jdbc));
        }
        catch (TransactionSystemException rollbackFailed) {
            if (rollbackFailed.getApplicationException() instanceof RuntimeException original) {
                original.addSuppressed(rollbackFailed);
                throw original;
            }
            if (DatabaseFailure.of(rollbackFailed) != DatabaseFailure.OTHER) {
                // The rollback's failure names the cause itself, such as SQLite's full disk.
                throw rollbackFailed;
            }
            throw new DataAccessResourceFailureException("The connection broke while the transaction ended",
                    new SQLNonTransientConnectionException(rollbackFailed.getMessage(), CONNECTION_FAILURE,
                            rollbackFailed));
        }
    }

    /**
     * Tells whether a failed write broke a unique constraint or primary key. Spring does not translate SQLite's
     * error codes, so both drivers are checked here: SQLSTATE 23505 for PostgreSQL, the extended result code
     * for SQLite.
     */
    public static boolean isUniqueViolation(DataAccessException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite
                    && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
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
