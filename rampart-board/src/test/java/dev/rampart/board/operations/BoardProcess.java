package dev.rampart.board.operations;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.rampart.board.RampartBoardApplication;
/**
 * The board in a child JVM of its own, for tests that send it signals: started from the test's class path
 * (without the test classes), with an SQLite file, a log file and free ports of its own.
 */
final class BoardProcess implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final int PORT_ATTEMPTS = 3;
    /** Spring Boot's failure analysis when a port is taken, for example "Port 33087 was already in use". */
    private static final String PORT_IN_USE = "was already in use";

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private BoardProcess(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Starts the board with its database and log in {@code directory} and waits until it is ready. Properties
     * ({@code name=value}) are passed as command-line arguments. The free ports are chosen before the board
     * binds them, so another process may take one in between. Start-up is then tried again on new ports.
     */
    static BoardProcess startReady(Path directory, Duration timeout, String... properties)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            BoardProcess board = start(directory, properties);
            try {
                board.awaitReady(timeout);
                return board;
            }
            catch (AssertionError failure) {
                board.close();
                if (attempt == PORT_ATTEMPTS || !board.log().contains(PORT_IN_USE)) {
                    throw failure;
                }
            }
        }
    }

    private static BoardProcess start(Path directory, String... properties) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", mainClassPath(), RampartBoardApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--rampart.database.url=jdbc:sqlite:" + directory.resolve("board.db")));
        for (String property : properties) {
            command.add("--" + property);
        }
        Path log = directory.resolve("board.log");
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new BoardProcess(process, log, port, managementPort);
    }

    int port() {
        return port;
    }

    Path databaseFile() {
        return log.resolveSibling("board.db");
    }

    /** Waits until readiness returns 200, failing with the log if the process exits or time runs out. */
    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The board exited with " + process.exitValue() + " during start-up:\n"
                        + logTail());
            }
            if (readinessStatus().orElse(0) == 200) {
                return;
            }
            Thread.sleep(POLL_INTERVAL);
        }
        throw new AssertionError("The board was not ready within " + timeout + ":\n" + logTail());
    }

    /** Returns the status of the readiness probe, or empty when no response arrives within two seconds. */
    OptionalInt readinessStatus() {
        try {
            return OptionalInt.of(RawReply.get(managementPort, "/actuator/health/readiness", Duration.ofSeconds(2))
                    .status());
        }
        catch (IOException noResponse) {
            return OptionalInt.empty();
        }
    }

    /** Sends SIGTERM, which is what {@link Process#destroy()} sends on Linux. */
    void terminate() {
        process.destroy();
    }

    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    String logTail() {
        List<String> lines = log().lines().toList();
        return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream()
                .collect(Collectors.joining("\n"));
    }

    /** Kills the process if it still runs, so that no test leaves a board behind. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Returns this JVM's class path without the test classes, which would otherwise be picked up by the board's
     * component scan.
     */
    private static String mainClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
