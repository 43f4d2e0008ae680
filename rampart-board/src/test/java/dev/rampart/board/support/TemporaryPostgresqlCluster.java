package dev.rampart.board.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own for tests that stop, restart or freeze the database server or fill its disk:
 * made by {@code initdb} in a temporary folder, listening on a free port of 127.0.0.1 only, with trust
 * authentication and no fsync. {@link #close()} resumes, stops and deletes it, and a JVM shutdown hook does the
 * same if a test run ends without calling it.
 *
 * <p>The machine's shared server is never touched: every command names this cluster's data folder, the port is
 * never 5432, and signals go only to the postmaster recorded in that folder (checked against its command line)
 * and to its children. {@code initdb} and {@code pg_ctl} refuse to run as root, so under root they run as the
 * {@code postgres} user through {@code runuser}.
 */
public final class TemporaryPostgresqlCluster implements AutoCloseable {

    private static final int SHARED_SERVER_PORT = 5432;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final String SERVER_USER = "postgres";

    private final Path folder;
    private final Path dataFolder;
    private final Optional<Path> walFolder;
    private final Path serverLog;
    private final Path commandLog;
    private final Path binaries;
    private final List<String> runAsServerUser;
    private final int port;
    private final Thread cleanupAtExit = new Thread(this::cleanUp, "postgresql-cluster-cleanup");
    private boolean closed;

    private TemporaryPostgresqlCluster(Path folder, Path dataFolder, Optional<Path> walFolder, Path binaries,
            List<String> runAsServerUser, int port) {
        this.folder = folder;
        this.dataFolder = dataFolder;
        this.walFolder = walFolder;
        this.serverLog = folder.resolve("server.log");
        this.commandLog = folder.resolve("commands.log");
        this.binaries = binaries;
        this.runAsServerUser = runAsServerUser;
        this.port = port;
    }

    /** Creates a cluster in a fresh temporary folder and starts it. */
    public static TemporaryPostgresqlCluster start() {
        return start(Optional.empty());
    }

    /**
     * Creates a cluster whose data folder is {@code dataFolder}, such as a folder on a small tmpfs, and starts it.
     * The write-ahead log, the server log and the command log lie in a fresh temporary folder on the ordinary
     * disk. PostgreSQL stops with PANIC when it cannot write the write-ahead log, whereas a full data folder only
     * fails the statement with SQLSTATE 53100. {@code dataFolder} must not exist yet, and under root the server
     * user must be able to write its parent. {@link #close()} deletes it.
     */
    public static TemporaryPostgresqlCluster startWithDataIn(Path dataFolder) {
        // initdb would fail on a folder that is not empty, and close() must not delete anything the caller made.
        if (Files.exists(dataFolder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("The data folder " + dataFolder + " already exists. Pass a path "
                    + "that initdb can create.");
        }
        return start(Optional.of(dataFolder));
    }

    private static TemporaryPostgresqlCluster start(Optional<Path> chosenDataFolder) {
        Path binaries = findBinaries();
        boolean root = isRoot();
        Path folder = createFolder(root);
        Path dataFolder = chosenDataFolder.orElse(folder.resolve("data"));
        Optional<Path> walFolder = chosenDataFolder.map(chosen -> folder.resolve("wal"));
        TemporaryPostgresqlCluster cluster = new TemporaryPostgresqlCluster(folder, dataFolder, walFolder, binaries,
                root ? List.of("runuser", "-u", SERVER_USER, "--") : List.of(), freePort());
        Runtime.getRuntime().addShutdownHook(cluster.cleanupAtExit);
        try {
            cluster.initialize();
            cluster.startServer();
        }
        catch (RuntimeException ex) {
            cluster.close();
            throw ex;
        }
        return cluster;
    }

    /** Returns the URL of the {@code postgres} database as the superuser {@code postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + SERVER_USER;
    }

    public int port() {
        return port;
    }

    /** Starts the server again after {@link #stop()}, on the same port. */
    public void startServer() {
        pgCtl("start", "-l", serverLog.toString());
    }

    /** Stops the server in fast mode: sessions are ended and their transactions rolled back at once. */
    public void stop() {
        pgCtl("stop", "-m", "fast");
    }

    /**
     * Freezes the server with SIGSTOP to the postmaster and each of its children, as a hung host would: the
     * kernel still accepts connections to the port, but nothing responds on them until {@link #resume()}.
     */
    public void pause() {
        long postmaster = postmasterPid();
        // The postmaster first, so that it starts no child that the list below would miss.
        signal("STOP", List.of(postmaster));
        signal("STOP", childrenOf(postmaster));
    }

    /** Sends SIGCONT to the postmaster's children and the postmaster, undoing {@link #pause()}. */
    public void resume() {
        long postmaster = postmasterPid();
        signal("CONT", childrenOf(postmaster));
        signal("CONT", List.of(postmaster));
    }

    /** Resumes the server if it is frozen and starts it if it is stopped. */
    public void ensureRunning() {
        if (Files.exists(dataFolder.resolve("postmaster.pid"))) {
            resume();
        }
        else {
            startServer();
        }
    }

    /** Resumes and stops the server if it runs, and deletes its folders. Calling it again does nothing. */
    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        }
        catch (IllegalStateException shuttingDown) {
            // The JVM is already running the hook, which has called cleanUp() or soon will.
        }
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (Files.exists(dataFolder.resolve("postmaster.pid"))) {
                resumeForCleanUp();
                stopForCleanUp();
            }
        }
        finally {
            deleteFolder();
        }
    }

    private void resumeForCleanUp() {
        try {
            resume();
        }
        catch (RuntimeException notRunning) {
            // A stale postmaster.pid: pg_ctl, called next, reports whether a server is still running.
        }
    }

    /** Stops the server fast, or immediately if that fails, because a left-over server would keep its port. */
    private void stopForCleanUp() {
        try {
            stop();
        }
        catch (RuntimeException fastStopFailed) {
            pgCtl("stop", "-m", "immediate");
        }
    }

    private void initialize() {
        List<String> initdb = new ArrayList<>(List.of(binaries.resolve("initdb").toString(), "-D",
                dataFolder.toString(), "-U", SERVER_USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
                "--no-instructions"));
        walFolder.ifPresent(wal -> initdb.add("--waldir=" + wal));
        run(initdb);
        // No Unix socket, so nothing is created in /var/run/postgresql beside the shared server's socket.
        String settings = """

                port = %d
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                shared_buffers = 16MB
                max_connections = 40
                """.formatted(port);
        try {
            Files.writeString(dataFolder.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot configure the cluster in " + dataFolder, ex);
        }
    }

    private void pgCtl(String action, String... options) {
        List<String> command = new ArrayList<>(List.of(binaries.resolve("pg_ctl").toString(), "-D",
                dataFolder.toString(), "-w", "-t", "30"));
        command.addAll(List.of(options));
        command.add(action);
        run(command);
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>(runAsServerUser);
        full.addAll(command);
        try {
            // Output goes to a file: the server started by pg_ctl could otherwise keep a pipe open.
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(commandLog.toFile()))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out after " + COMMAND_TIMEOUT_SECONDS + " s: " + full
                        + diagnostics());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Failed with exit code " + process.exitValue() + ": " + full
                        + diagnostics());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot run " + full, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + full, ex);
        }
    }

    private String diagnostics() {
        return "\n--- command output\n" + tail(commandLog) + "\n--- server log\n" + tail(serverLog);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (IOException ex) {
            return "(unreadable: " + ex + ")";
        }
    }

    /** Reads the postmaster's process id from the data folder and checks that the process serves this folder. */
    private long postmasterPid() {
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(dataFolder.resolve("postmaster.pid")).getFirst().strip());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The cluster in " + dataFolder + " is not running", ex);
        }
        String commandLine = commandLineOf(pid);
        if (!commandLine.contains(dataFolder.toString())) {
            throw new IllegalStateException("Process " + pid + " is not this cluster's postmaster: " + commandLine);
        }
        return pid;
    }

    private static String commandLineOf(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Process " + pid + " has ended", ex);
        }
    }

    private static List<Long> childrenOf(long pid) {
        return ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::children)
                .map(ProcessHandle::pid)
                .toList();
    }

    private static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // A child that exited meanwhile makes kill fail for its id only, which does no harm.
            if (!kill.waitFor(10, TimeUnit.SECONDS) || (kill.exitValue() != 0 && pids.size() == 1)) {
                throw new IllegalStateException("Cannot send SIG" + signal + " to " + pids + ": " + output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot run kill", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal, ex);
        }
    }

    /** Deletes the data folder if it lies where the caller chose, then the temporary folder. */
    private void deleteFolder() {
        // Files.walk does not follow links, so this removes the data folder's pg_wal link but not the log itself.
        if (!dataFolder.startsWith(folder) && Files.exists(dataFolder, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(dataFolder);
        }
        deleteTree(folder);
    }

    private static void deleteTree(Path top) {
        try (Stream<Path> files = Files.walk(top)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot delete the cluster folder " + top, ex);
        }
    }

    private static Path findBinaries() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/local/bin")));
        // Debian's postgresql package installs them per major version, newest last in this order.
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.map(version -> version.resolve("bin"))
                    .sorted(Comparator.comparing(TemporaryPostgresqlCluster::majorVersion).reversed())
                    .forEach(candidates::add);
        }
        catch (IOException noDebianPackage) {
            // Only /usr/local/bin is left to try.
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate.resolve("initdb")) && Files.isExecutable(candidate.resolve("pg_ctl"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("initdb and pg_ctl are in neither /usr/local/bin nor "
                + "/usr/lib/postgresql/*/bin. Install Debian's postgresql package to run the database fault tests.");
    }

    private static int majorVersion(Path binFolder) {
        String version = binFolder.getParent().getFileName().toString();
        return version.matches("[0-9]+") ? Integer.parseInt(version) : 0;
    }

    private static boolean isRoot() {
        try {
            // /proc/self belongs to the effective user of this process.
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Creates the temporary folder. Under root it is given to the server user, who must write into it. */
    private static Path createFolder(boolean root) {
        try {
            Path folder = Files.createTempDirectory("rampart-postgresql-");
            if (root) {
                UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
                UserPrincipal user = users.lookupPrincipalByName(SERVER_USER);
                GroupPrincipal group = users.lookupPrincipalByGroupName(SERVER_USER);
                PosixFileAttributeView attributes = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
                attributes.setOwner(user);
                attributes.setGroup(group);
            }
            return folder;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create a folder for the cluster (under root the user '"
                    + SERVER_USER + "' must exist)", ex);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = socket.getLocalPort();
            if (port == SHARED_SERVER_PORT) {
                throw new IllegalStateException("Port 5432 belongs to the shared server and must not be reused");
            }
            return port;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("No free port on 127.0.0.1", ex);
        }
    }
}
