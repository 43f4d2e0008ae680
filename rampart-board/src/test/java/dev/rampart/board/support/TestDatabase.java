package dev.rampart.board.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database the integration suite runs against, chosen by the system property {@code rampart.test.database}:
 * {@code sqlite} (a fresh file per test JVM) or {@code postgresql} (a fresh schema per test JVM in the database
 * {@code test} on 127.0.0.1:5432). The build runs the suite once with each.
 */
public final class TestDatabase {

    public static final String VENDOR = System.getProperty("rampart.test.database", "sqlite");

    private static final String RUN_ID = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static final String SQLITE_URL = "jdbc:sqlite:" + sqliteFile();

    private static final String POSTGRESQL_SCHEMA = "rampart_test_" + RUN_ID;

    private TestDatabase() {
    }

    public static boolean isPostgresql() {
        return "postgresql".equals(VENDOR);
    }

    /** Registers the datasource and Flyway properties of the chosen database. */
    public static void register(DynamicPropertyRegistry registry) {
        if (isPostgresql()) {
            requirePostgresql();
            registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
                    + "&currentSchema=" + POSTGRESQL_SCHEMA);
            registry.add("spring.flyway.default-schema", () -> POSTGRESQL_SCHEMA);
            registry.add("spring.flyway.schemas", () -> POSTGRESQL_SCHEMA);
            registry.add("spring.flyway.create-schemas", () -> "true");
        }
        else {
            registry.add("spring.datasource.url", () -> SQLITE_URL);
        }
    }

    /** Returns the URL of an SQLite file in the given folder, for tests that control the database's storage. */
    public static String sqliteUrlIn(Path folder) {
        return "jdbc:sqlite:" + folder.resolve("board.db");
    }

    private static void requirePostgresql() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 2000);
        }
        catch (IOException ex) {
            throw new IllegalStateException("PostgreSQL is not listening on 127.0.0.1:5432. Start it (for example "
                    + "with pg_ctlcluster) or run only the SQLite suite with -Drampart.test.database=sqlite", ex);
        }
    }

    private static Path sqliteFile() {
        try {
            return Files.createTempDirectory("rampart-test-").resolve("board.db");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
