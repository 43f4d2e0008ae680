package dev.rampart.board.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.HtmlForm;
import dev.rampart.board.support.TestBrowser;

/**
 * SIGTERM while uploads are in progress, against the board in a child JVM. Readiness turns to 503 at once and
 * the port stops accepting connections. Every upload already being received is stored and acknowledged, and
 * the process then exits within the grace period. Runs on SQLite only, with a database file of its own.
 */
class GracefulShutdownTest {

    private static final int UPLOADS = 4;

    /** spring.lifecycle.timeout-per-shutdown-phase, the starter's default. */
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(20);

    private static final Duration EXIT_MARGIN = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void sigtermLetsUploadsInProgressFinish() throws Exception {
        try (BoardProcess board = BoardProcess.startReady(directory, Duration.ofSeconds(120),
                "rampart.rate-limit.policies.general.capacity=1000000",
                "rampart.rate-limit.policies.login.capacity=1000000",
                "rampart.rate-limit.policies.upload-user.capacity=1000000",
                "rampart.rate-limit.policies.upload-client.capacity=1000000")) {
            String username = "shutdown_" + UUID.randomUUID().toString().substring(0, 8);
            TestBrowser member = new TestBrowser(board.port()).signUp(username, BoardIntegrationTest.PASSWORD);

            Map<String, byte[]> sent = new LinkedHashMap<>();
            List<SlowUpload> uploads = new ArrayList<>();
            try {
                for (int i = 0; i < UPLOADS; i++) {
                    String name = "in-flight-" + i + ".txt";
                    byte[] content = textFile(i);
                    Map<String, String> hidden = HtmlForm.in(member.get("/uploads"), "/uploads").hiddenInputs();
                    assertThat(hidden).as("hidden inputs").containsKey("_csrf");
                    uploads.add(SlowUpload.begin(board.port(), cookieHeader(member), hidden, name, content));
                    sent.put(name, content);
                }
                assertThat(storedFiles(board, username)).isEmpty();

                long signalled = System.nanoTime();
                board.terminate();

                OptionalInt readiness = awaitReadinessChange(board);
                Optional<String> newConnection = awaitTurnedAway(board.port());
                List<RawReply> replies = new ArrayList<>();
                for (SlowUpload upload : uploads) {
                    replies.add(upload.finish());
                }
                boolean exited = board.awaitExit(GRACE_PERIOD.plus(EXIT_MARGIN));
                Duration shutdown = Duration.ofNanos(System.nanoTime() - signalled);

                assertThat(readiness).as("readiness during shutdown").hasValue(503);
                assertThat(newConnection).as("a new connection during shutdown").isPresent();
                assertThat(newConnection.get()).isIn("refused", "503");
                for (RawReply reply : replies) {
                    assertThat(reply.status()).as(reply.head()).isEqualTo(303);
                    assertThat(reply.header("Location")).isEqualTo("/uploads");
                }
                assertThat(exited).as("exited; log:\n" + board.logTail()).isTrue();
                assertThat(shutdown).isLessThan(GRACE_PERIOD.plus(EXIT_MARGIN));
            }
            finally {
                uploads.forEach(SlowUpload::close);
            }

            Map<String, byte[]> stored = storedFiles(board, username);
            assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
            sent.forEach((name, content) -> assertThat(stored.get(name)).as(name).isEqualTo(content));
            assertThat(board.log()).contains("Commencing graceful shutdown", "Graceful shutdown complete");
            assertThat(board.log()).doesNotContain("Graceful shutdown aborted");
        }
    }

    /**
     * Polls readiness until it returns a status other than 200 and returns that status, or empty if none came
     * within 15 seconds.
     */
    private static OptionalInt awaitReadinessChange(BoardProcess board) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            OptionalInt status = board.readinessStatus();
            if (status.isPresent() && status.getAsInt() != 200) {
                return status;
            }
            Thread.sleep(50);
        }
        return OptionalInt.empty();
    }

    /**
     * Opens new connections to the board's port until one is refused or gets a 503 response, and returns
     * which, or empty if neither happened in 15 seconds. A connection accepted a moment before the port closed
     * may get no response at all, so the next attempt opens a new one.
     */
    private static Optional<String> awaitTurnedAway(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (RawReply.get(port, "/login", Duration.ofSeconds(1)).status() == 503) {
                    return Optional.of("503");
                }
            }
            catch (ConnectException refused) {
                return Optional.of("refused");
            }
            catch (IOException noResponse) {
                // Accepted just before the port closed and then dropped, or no response yet. Try again.
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    private static Map<String, byte[]> storedFiles(BoardProcess board, String username) throws SQLException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String url = "jdbc:sqlite:" + board.databaseFile();
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement select = connection.prepareStatement("select u.original_name, u.content "
                        + "from uploads u join accounts a on a.id = u.owner_id where a.username = ?")) {
            select.setString(1, username);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    files.put(rows.getString(1), rows.getBytes(2));
                }
            }
        }
        return files;
    }

    private static String cookieHeader(TestBrowser browser) {
        List<String> pairs = new ArrayList<>();
        browser.cookies().forEach((name, value) -> pairs.add(name + "=" + value));
        return String.join("; ", pairs);
    }

    private static byte[] textFile(int index) {
        String line = "Line of upload " + index + " that was still arriving when the board was told to stop.\n";
        return line.repeat(100).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A multipart upload sent in two halves over a raw socket. It sends {@code Expect: 100-continue}, and Tomcat
     * sends {@code 100 Continue} as the request enters the application. Once that arrives the request is in
     * progress, so graceful shutdown must wait for it.
     */
    private static final class SlowUpload implements AutoCloseable {

        private final Socket socket;
        private final byte[] rest;

        private SlowUpload(Socket socket, byte[] rest) {
            this.socket = socket;
            this.rest = rest;
        }

        static SlowUpload begin(int port, String cookies, Map<String, String> fields, String fileName,
                byte[] content) throws IOException {
            String boundary = "----rampart" + UUID.randomUUID().toString().replace("-", "");
            byte[] body = multipartBody(boundary, fields, fileName, content);
            String head = "POST /uploads HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Cookie: " + cookies + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Expect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n";
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            RawReply interim = RawReply.read(socket.getInputStream());
            if (interim.status() != 100) {
                socket.close();
                throw new AssertionError("Expected 100 Continue, got:\n" + interim.head());
            }
            int half = body.length / 2;
            out.write(body, 0, half);
            out.flush();
            return new SlowUpload(socket, Arrays.copyOfRange(body, half, body.length));
        }

        /** Sends the rest of the body and reads the response, or returns status 0 when the connection broke. */
        RawReply finish() {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(rest);
                out.flush();
                return RawReply.read(socket.getInputStream());
            }
            catch (IOException broken) {
                return new RawReply(0, "No response: " + broken);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // Closing only releases the socket, and the test has already read what it needs.
            }
        }

        private static byte[] multipartBody(String boundary, Map<String, String> fields, String fileName,
                byte[] content) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; "
                    + "name=\"" + name + "\"\r\n\r\n" + value + "\r\n"));
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName + "\"\r\nContent-Type: text/plain\r\n\r\n");
            body.writeBytes(content);
            write(body, "\r\n--" + boundary + "--\r\n");
            return body.toByteArray();
        }

        private static void write(ByteArrayOutputStream body, String text) {
            body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
