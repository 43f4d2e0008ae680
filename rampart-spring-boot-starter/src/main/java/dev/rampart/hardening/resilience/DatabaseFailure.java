package dev.rampart.hardening.resilience;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The kinds of database failure that decide whether a call is retried and whether it counts against the
 * circuit breaker. PostgreSQL failures are classified by SQLSTATE and SQLite failures by their primary result
 * code, which the SQLite driver reports as the {@link SQLException#getErrorCode() error code}.
 */
public enum DatabaseFailure {

    /** SQLite's lock was held by another writer for longer than the busy timeout. No statement ran. */
    BUSY(true, true, true),

    /** No connection could be opened or taken from the pool, so no statement ran. */
    NOT_CONNECTED(true, true, true),

    /** The server rolled the transaction back to resolve a conflict with another one. It is healthy. */
    SERIALIZATION(true, true, false),

    /**
     * The connection broke while a call was in progress. A write may have committed just before, so only
     * reads are repeated.
     */
    CONNECTION_LOST(true, false, true),

    /** A statement ran past its timeout, or the socket stayed silent past its timeout. */
    TIMED_OUT(false, false, true),

    /** The database's storage failed or cannot be opened, so no call can succeed until an operator acts. */
    STORAGE_FAILED(false, false, true),

    /** The database's disk is full: writes fail but reads still work, so the breaker stays closed. */
    STORAGE_FULL(false, false, false),

    /** Any other failure, such as a constraint violation. The database responded, so it is up. */
    OTHER(false, false, false);

    // PostgreSQL SQLSTATEs, from Appendix A of its manual.
    private static final Set<String> NOT_CONNECTED_STATES = Set.of("08001", "08004", "57P03", "53300");
    private static final Set<String> SERIALIZATION_STATES = Set.of("40001", "40P01");
    private static final Set<String> CONNECTION_LOST_STATES = Set.of("08000", "08003", "08006", "57P01", "57P02");
    private static final String QUERY_CANCELED_STATE = "57014";
    private static final String DISK_FULL_STATE = "53100";
    private static final String IO_ERROR_STATE = "58030";

    // SQLite primary result codes, from https://sqlite.org/rescode.html.
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;
    private static final String SQLITE_DRIVER_PACKAGE = "org.sqlite.";

    private final boolean retryableRead;
    private final boolean retryableWrite;
    private final boolean outage;

    DatabaseFailure(boolean retryableRead, boolean retryableWrite, boolean outage) {
        this.retryableRead = retryableRead;
        this.retryableWrite = retryableWrite;
        this.outage = outage;
    }

    /** Tells whether a read that failed this way may be repeated. */
    public boolean isRetryableRead() {
        return retryableRead;
    }

    /** Tells whether a write that failed this way certainly did not commit, so it may be repeated. */
    public boolean isRetryableWrite() {
        return retryableWrite;
    }

    /** Tells whether this failure means the database is unavailable, which counts against the circuit breaker. */
    public boolean isOutage() {
        return outage;
    }

    /** Classifies a failure by the first cause in its chain that names a kind. */
    public static DatabaseFailure of(Throwable failure) {
        // The PostgreSQL driver reports a silent socket as a lost connection (08006) caused by the timeout. It is
        // a timeout first: repeating the call would only wait on the silent server again.
        if (hasCause(failure, SocketTimeoutException.class)) {
            return TIMED_OUT;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            DatabaseFailure kind = ofSingle(cause);
            if (kind != OTHER) {
                return kind;
            }
        }
        return OTHER;
    }

    /**
     * Tells whether a failure was caused by a refused connection, which means no server listens on the
     * database's port. HikariCP reports it as the cause of its pool timeout.
     */
    public static boolean isConnectionRefused(Throwable failure) {
        return hasCause(failure, ConnectException.class);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static DatabaseFailure ofSingle(Throwable cause) {
        return switch (cause) {
            case SQLTransientConnectionException pool -> NOT_CONNECTED;
            case SQLTimeoutException timeout -> TIMED_OUT;
            case SQLException sql when isSqlite(sql) -> ofSqliteCode(sql.getErrorCode());
            case SQLException sql when sql.getSQLState() != null -> ofSqlState(sql.getSQLState());
            case ConnectException refused -> NOT_CONNECTED;
            case SocketTimeoutException silent -> TIMED_OUT;
            case SocketException lost -> CONNECTION_LOST;
            case EOFException lost -> CONNECTION_LOST;
            default -> OTHER;
        };
    }

    private static boolean isSqlite(SQLException failure) {
        return failure.getClass().getName().startsWith(SQLITE_DRIVER_PACKAGE);
    }

    private static DatabaseFailure ofSqliteCode(int code) {
        return switch (code) {
            case SQLITE_BUSY, SQLITE_LOCKED -> BUSY;
            case SQLITE_FULL -> STORAGE_FULL;
            case SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_NOTADB -> STORAGE_FAILED;
            default -> OTHER;
        };
    }

    private static DatabaseFailure ofSqlState(String state) {
        if (NOT_CONNECTED_STATES.contains(state)) {
            return NOT_CONNECTED;
        }
        if (SERIALIZATION_STATES.contains(state)) {
            return SERIALIZATION;
        }
        if (CONNECTION_LOST_STATES.contains(state)) {
            return CONNECTION_LOST;
        }
        return switch (state) {
            case QUERY_CANCELED_STATE -> TIMED_OUT;
            case DISK_FULL_STATE -> STORAGE_FULL;
            case IO_ERROR_STATE -> STORAGE_FAILED;
            default -> OTHER;
        };
    }
}
