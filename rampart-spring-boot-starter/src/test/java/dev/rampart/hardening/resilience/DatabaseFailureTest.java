package dev.rampart.hardening.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.sqlite.SQLiteConfig;

/**
 * Classification of failures raised by the real drivers: SQLite files in a temporary folder, and PostgreSQL on
 * the shared server at 127.0.0.1:5432, where the tests only read, sleep and write a table of their own.
 */
class DatabaseFailureTest {

    private static final String SHARED_SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String SCHEMA = "rampart_failure_" + UUID.randomUUID().toString().replace("-", "");

    @TempDir
    private Path folder;

    @BeforeAll
    static void createTable() throws SQLException {
        try (Connection connection = sharedServer(); Statement statement = connection.createStatement()) {
            statement.execute("create schema " + SCHEMA);
            statement.execute("create table " + SCHEMA + ".counters (id integer primary key, n integer not null)");
            statement.execute("insert into " + SCHEMA + ".counters values (1, 0), (2, 0)");
        }
    }

    @AfterAll
    static void dropTable() throws SQLException {
        try (Connection connection = sharedServer(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void sqliteLockHeldByOtherWriterIsBusy() throws SQLException {
        String url = "jdbc:sqlite:" + folder.resolve("busy.db");
        try (Connection holder = DriverManager.getConnection(url);
                Connection blocked = noBusyTimeout(url);
                Statement statement = holder.createStatement()) {
            statement.execute("create table t (n integer)");
            statement.execute("begin immediate");
            JdbcTemplate template = new JdbcTemplate(new SingleConnectionDataSource(blocked, true));

            DataAccessException failure = catchThrowableOfType(DataAccessException.class,
                    () -> template.update("insert into t values (1)"));

            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.BUSY);
            assertThat(DatabaseFailure.BUSY.isRetryableWrite()).isTrue();
            assertThat(DatabaseFailure.BUSY.isOutage()).isTrue();
        }
    }

    @Test
    void sqliteFileAtPageLimitIsStorageFull() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("full.db"));
                Statement statement = connection.createStatement()) {
            statement.execute("create table t (b blob)");
            // Caps the file at its present size, which fails the next growth the way a full disk does.
            statement.execute("pragma max_page_count = " + pageCount(statement));

            SQLException failure = catchThrowableOfType(SQLException.class,
                    () -> statement.execute("insert into t values (zeroblob(1000000))"));

            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.STORAGE_FULL);
            assertThat(DatabaseFailure.STORAGE_FULL.isOutage()).isFalse();
        }
    }

    @Test
    void sqliteReadOnlyFileIsStorageFailed() throws SQLException {
        String url = "jdbc:sqlite:" + folder.resolve("read-only.db");
        try (Connection writer = DriverManager.getConnection(url); Statement statement = writer.createStatement()) {
            statement.execute("create table t (n integer)");
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection connection = readOnly.createConnection(url);
                Statement statement = connection.createStatement()) {
            SQLException failure = catchThrowableOfType(SQLException.class,
                    () -> statement.execute("insert into t values (1)"));

            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.STORAGE_FAILED);
        }
    }

    @Test
    void sqliteFileInMissingFolderIsStorageFailed() {
        String url = "jdbc:sqlite:" + folder.resolve("missing").resolve("board.db");

        SQLException failure = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url));

        assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.STORAGE_FAILED);
        assertThat(DatabaseFailure.STORAGE_FAILED.isOutage()).isTrue();
    }

    @Test
    void sqliteFileThatIsNoDatabaseIsStorageFailed() throws Exception {
        Path garbage = folder.resolve("not-a-database.db");
        Files.write(garbage, "This text file was put where the database should be.".repeat(100).getBytes());

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + garbage);
                Statement statement = connection.createStatement()) {
            SQLException failure = catchThrowableOfType(SQLException.class,
                    () -> statement.executeQuery("select count(*) from sqlite_master"));

            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.STORAGE_FAILED);
        }
    }

    @Test
    void sqliteConstraintViolationIsOther() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("unique.db"));
                Statement statement = connection.createStatement()) {
            statement.execute("create table t (n integer primary key)");
            statement.execute("insert into t values (1)");

            SQLException failure = catchThrowableOfType(SQLException.class,
                    () -> statement.execute("insert into t values (1)"));

            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.OTHER);
            assertThat(DatabaseFailure.OTHER.isOutage()).isFalse();
        }
    }

    @Test
    void postgresqlRefusedConnectionIsNotConnected() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/test?user=postgres&connectTimeout=2";

        SQLException failure = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url));

        assertThat(failure.getSQLState()).isEqualTo("08001");
        assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.NOT_CONNECTED);
        assertThat(DatabaseFailure.NOT_CONNECTED.isRetryableWrite()).isTrue();
    }

    @Test
    void poolTimeoutIsNotConnected() throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/test?user=postgres&connectTimeout=2");
        config.setConnectionTimeout(250);
        // Starts the pool without a first connection, so that the failure comes from getConnection.
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            SQLException failure = catchThrowableOfType(SQLException.class, pool::getConnection);

            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.NOT_CONNECTED);
        }
    }

    @Test
    void postgresqlStatementTimeoutIsTimedOut() throws SQLException {
        try (Connection connection = sharedServer(); Statement statement = connection.createStatement()) {
            statement.execute("set statement_timeout = '100ms'");

            SQLException failure = catchThrowableOfType(SQLException.class,
                    () -> statement.execute("select pg_sleep(5)"));

            assertThat(failure.getSQLState()).isEqualTo("57014");
            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.TIMED_OUT);
            assertThat(DatabaseFailure.TIMED_OUT.isRetryableRead()).isFalse();
            assertThat(DatabaseFailure.TIMED_OUT.isOutage()).isTrue();
        }
    }

    @Test
    void postgresqlQueryTimeoutIsTimedOut() throws SQLException {
        try (Connection connection = sharedServer(); Statement statement = connection.createStatement()) {
            // The driver cancels the statement after a second, the way a JdbcTemplate query timeout does.
            statement.setQueryTimeout(1);

            SQLException failure = catchThrowableOfType(SQLException.class,
                    () -> statement.execute("select pg_sleep(5)"));

            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.TIMED_OUT);
        }
    }

    @Test
    void postgresqlSocketTimeoutCountsAsOutage() throws SQLException {
        try (Connection connection = DriverManager.getConnection(SHARED_SERVER + "&socketTimeout=1");
                Statement statement = connection.createStatement()) {
            SQLException failure = catchThrowableOfType(SQLException.class,
                    () -> statement.execute("select pg_sleep(3)"));

            assertThat((Throwable) failure).hasRootCauseInstanceOf(SocketTimeoutException.class);
            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.TIMED_OUT);
            assertThat(DatabaseFailure.of(failure).isOutage()).isTrue();
            assertThat(DatabaseFailure.of(failure).isRetryableRead()).isFalse();
        }
    }

    @Test
    void postgresqlConcurrentUpdateIsSerialization() throws SQLException {
        try (Connection first = sharedServer(); Connection second = sharedServer()) {
            first.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            first.setAutoCommit(false);
            try (Statement reader = first.createStatement(); Statement writer = second.createStatement()) {
                reader.executeQuery("select n from " + SCHEMA + ".counters where id = 1").close();
                writer.executeUpdate("update " + SCHEMA + ".counters set n = n + 1 where id = 1");

                SQLException failure = catchThrowableOfType(SQLException.class,
                        () -> reader.executeUpdate("update " + SCHEMA + ".counters set n = n + 1 where id = 1"));

                assertThat(failure.getSQLState()).isEqualTo("40001");
                assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.SERIALIZATION);
                assertThat(DatabaseFailure.SERIALIZATION.isRetryableWrite()).isTrue();
                assertThat(DatabaseFailure.SERIALIZATION.isOutage()).isFalse();
            }
            finally {
                first.rollback();
            }
        }
    }

    @Test
    void postgresqlDeadlockIsSerialization() throws Exception {
        try (Connection first = sharedServer(); Connection second = sharedServer();
                ExecutorService background = Executors.newSingleThreadExecutor()) {
            for (Connection connection : List.of(first, second)) {
                try (Statement statement = connection.createStatement()) {
                    // Detects the deadlock after 100 ms instead of the default second.
                    statement.execute("set deadlock_timeout = '100ms'");
                }
                connection.setAutoCommit(false);
            }
            lockCounter(first, 1);
            lockCounter(second, 2);
            Future<SQLException> firstWaits = background.submit(() -> failureOf(() -> lockCounter(first, 2)));
            awaitLockWait();
            SQLException secondFailure = failureOf(() -> lockCounter(second, 1));
            SQLException firstFailure = firstWaits.get(10, TimeUnit.SECONDS);
            first.rollback();
            second.rollback();

            SQLException deadlock = firstFailure != null ? firstFailure : secondFailure;
            assertThat((Throwable) deadlock).isNotNull();
            assertThat(firstFailure == null || secondFailure == null).as("only one session is rolled back").isTrue();
            assertThat(deadlock.getSQLState()).isEqualTo("40P01");
            assertThat(DatabaseFailure.of(deadlock)).isEqualTo(DatabaseFailure.SERIALIZATION);
        }
    }

    @Test
    void postgresqlUniqueViolationIsOther() throws SQLException {
        try (Connection connection = sharedServer(); Statement statement = connection.createStatement()) {
            SQLException failure = catchThrowableOfType(SQLException.class,
                    () -> statement.execute("insert into " + SCHEMA + ".counters values (1, 0)"));

            assertThat(failure.getSQLState()).isEqualTo("23505");
            assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.OTHER);
        }
    }

    private static void lockCounter(Connection connection, int id) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("update " + SCHEMA + ".counters set n = n + 1 where id = " + id);
        }
    }

    /** Waits until a session of this test's schema waits for a row lock, so the deadlock forms in order. */
    private static void awaitLockWait() throws SQLException, InterruptedException {
        try (Connection observer = sharedServer(); Statement statement = observer.createStatement()) {
            for (int i = 0; i < 200; i++) {
                var waiting = statement.executeQuery("select count(*) from pg_stat_activity "
                        + "where wait_event_type = 'Lock' and query like '%" + SCHEMA + "%'");
                waiting.next();
                if (waiting.getInt(1) > 0) {
                    return;
                }
                Thread.sleep(25);
            }
        }
        throw new AssertionError("The first session never waited for the second one's lock");
    }

    private static SQLException failureOf(SqlAction action) {
        try {
            action.run();
            return null;
        }
        catch (SQLException ex) {
            return ex;
        }
    }

    private static Connection sharedServer() throws SQLException {
        try {
            return DriverManager.getConnection(SHARED_SERVER + "&connectTimeout=5");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("PostgreSQL is not accepting user postgres on database test at "
                    + "127.0.0.1:5432. Start it (.ci/run does) before running these tests.", ex);
        }
    }

    private static Connection noBusyTimeout(String url) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(0);
        return config.createConnection(url);
    }

    private static long pageCount(Statement statement) throws SQLException {
        try (var result = statement.executeQuery("pragma page_count")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Returns a port on 127.0.0.1 that nothing listens on, so connecting to it is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }
}
