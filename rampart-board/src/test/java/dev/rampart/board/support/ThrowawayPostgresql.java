package dev.rampart.board.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A PostgreSQL cluster of its own for a test that fills the server's disk, which it must never do to the shared
 * server on port 5432. The data folder lies where the test chooses, such as a small tmpfs. The write-ahead log
 * lies in a temporary folder on the ordinary disk, because PostgreSQL stops with PANIC when it cannot write the
 * log, whereas a full data folder only fails the statement with SQLSTATE 53100. The cluster runs as the
 * postgres user with trust authentication, on a free loopback port and a Unix socket in its own folder.
 */
public final class ThrowawayPostgresql implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/local/bin");

    private final Path data;
    private final Path logFolder;
    private final int port;

    private ThrowawayPostgresql(Path data, Path logFolder, int port) {
        this.data = data;
        this.logFolder = logFolder;
        this.port = port;
    }

    /**
     * Creates a cluster in {@code data}, which must not exist yet and whose parent the postgres user can write,
     * and starts it.
     */
    public static ThrowawayPostgresql start(Path data) {
        Path logFolder = createLogFolder();
        int port = freePort();
        ThrowawayPostgresql cluster = new ThrowawayPostgresql(data, logFolder, port);
        try {
            asPostgres(BIN.resolve("initdb") + " -D " + quoted(data) + " --waldir=" + quoted(logFolder.resolve("wal"))
                    + " --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 --no-sync"
                    + " --no-instructions");
            String serverOptions = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + logFolder + " -c fsync=off";
            asPostgres(BIN.resolve("pg_ctl") + " -D " + quoted(data) + " -l " + quoted(cluster.serverLog())
                    + " -w -t 60 -o " + quoted(serverOptions) + " start");
            return cluster;
        }
        catch (RuntimeException failure) {
            IllegalStateException startFailure = new IllegalStateException("The throwaway PostgreSQL cluster did "
                    + "not start; its server log reads:\n" + cluster.serverLogText(), failure);
            try {
                cluster.close();
            }
            catch (RuntimeException stopFailure) {
                startFailure.addSuppressed(stopFailure);
            }
            throw startFailure;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Opens a connection of the test's own, outside the board's pool. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /** Stops the server at once, since its data is thrown away, and deletes the log folder. */
    @Override
    public void close() {
        try {
            asPostgres(BIN.resolve("pg_ctl") + " -D " + quoted(data) + " -m immediate -w stop");
        }
        finally {
            Commands.run("rm", "-rf", logFolder.toString());
        }
    }

    private Path serverLog() {
        return logFolder.resolve("server.log");
    }

    private String serverLogText() {
        try {
            return Files.exists(serverLog()) ? Files.readString(serverLog()) : "(no log)";
        }
        catch (IOException ex) {
            return "(unreadable: " + ex + ")";
        }
    }

    private static Path createLogFolder() {
        try {
            Path folder = Files.createTempDirectory("rampart-postgresql-");
            Commands.run("chown", "postgres:postgres", folder.toString());
            return folder;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void asPostgres(String command) {
        Commands.run("su", "postgres", "-s", "/bin/sh", "-c", command);
    }

    /** Quotes a path or option string for sh; the temporary paths and options used here contain no quote. */
    private static String quoted(Object text) {
        String value = text.toString();
        if (value.contains("'")) {
            throw new IllegalArgumentException("Cannot quote " + value);
        }
        return "'" + value + "'";
    }
}
