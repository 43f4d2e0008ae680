package dev.rampart.board.database;

/**
 * The two supported databases, and the few SQL differences between them. Everything else is portable SQL.
 */
public enum DatabaseVendor {

    SQLITE,
    POSTGRESQL;

    static DatabaseVendor fromJdbcUrl(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported database URL '" + url.replaceAll("\\?.*", "?...")
                + "': use jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DATABASE");
    }
}
