package dev.rampart.board.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestBrowser.FilePart;
import dev.rampart.board.support.TestResponse;
import dev.rampart.board.support.Tmpfs;

/**
 * Uploads while the folder where Tomcat writes large parts is full, read-only or missing, and uploads that the
 * client cuts off. The folder lies on a 1 MiB tmpfs, so the faults are real: the kernel returns ENOSPC and
 * EROFS. After every failure the folder must be empty, no row stored, and the next upload must work.
 */
class UploadTemporaryStorageIntegrationTest extends BoardIntegrationTest {

    /** Larger than {@code spring.servlet.multipart.file-size-threshold}, so Tomcat writes it to a file. */
    private static final byte[] SPOOLED = StorageFaultSupport.text(200 * 1024);

    /** Smaller than the threshold, so Tomcat keeps it in memory. */
    private static final byte[] SMALL = StorageFaultSupport.text(1024);

    private static Tmpfs tmpfs;

    private static Path spoolFolder;

    private static long emptyUsableBytes;

    @BeforeAll
    static void mountTemporaryFolder() throws IOException {
        tmpfs = Tmpfs.mount("1m");
        spoolFolder = Files.createDirectory(tmpfs.path().resolve("spool"));
        emptyUsableBytes = tmpfs.usableBytes();
    }

    @AfterAll
    static void unmountTemporaryFolder() {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @DynamicPropertySource
    static void multipartLocation(DynamicPropertyRegistry registry) {
        registry.add("spring.servlet.multipart.location", () -> spoolFolder.toString());
    }

    @AfterEach
    void restoreTemporaryFolder() throws IOException {
        tmpfs.remountWritable();
        tmpfs.free();
        if (!Files.isDirectory(spoolFolder)) {
            Files.createDirectory(spoolFolder);
        }
    }

    /**
     * With less free space than the threshold, the write that moves the part from memory to its file fails, and
     * Tomcat leaves that file behind. With more, a later write fails and Tomcat deletes the file itself.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 32 * 1024, 128 * 1024})
    void fullTemporaryFolderIsInsufficientStorage(long freeBytes, CapturedOutput output) {
        String owner = uniqueName("spoolfull");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        tmpfs.fillLeaving(freeBytes);

        TestResponse response = upload(browser, SPOOLED);

        assertThat(response.status()).isEqualTo(507);
        assertThat(response.header("Content-Type")).startsWith("text/html");
        assertThat(response.body()).contains("<h1>Storage full</h1>", "nothing was saved", "smaller file",
                response.header("X-Request-Id"));
        assertThat(rowCountOf(owner)).isZero();
        assertThat(spooledFiles()).isEmpty();
        assertThat(StorageFaultSupport.storageWarnings(output)).singleElement().asString().contains(
                "Upload not stored because the temporary upload folder is full: No space left on device");
        StorageFaultSupport.assertNoErrorOrStackTrace(output);

        tmpfs.free();
        assertThat(tmpfs.usableBytes()).as("no deleted temporary file is still open").isEqualTo(emptyUsableBytes);
        TestResponse retry = upload(browser, SPOOLED);

        assertThat(retry.status()).isEqualTo(303);
        assertThat(rowCountOf(owner)).isEqualTo(1);
        assertThat(spooledFiles()).isEmpty();
    }

    @Test
    void fullTemporaryFolderGetsProblemDetails() {
        String owner = uniqueName("spoolfulljson");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        tmpfs.fill();

        TestResponse response = browser.postMultipart("/uploads", TestBrowser.withNewIdempotencyKey(Map.of()),
                List.of(new FilePart("file", "report.txt", "text/plain", SPOOLED)), "Accept", "application/json");

        assertThat(response.status()).isEqualTo(507);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.body()).contains("\"status\":507", "\"title\":\"Storage full\"", "nothing was saved")
                .doesNotContain("No space left", "Exception");
        assertThat(rowCountOf(owner)).isZero();
    }

    @Test
    void smallFileNeedsNoTemporarySpace() {
        String owner = uniqueName("inmemory");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        tmpfs.fill();

        TestResponse response = upload(browser, SMALL);

        assertThat(response.status()).isEqualTo(303);
        assertThat(rowCountOf(owner)).isEqualTo(1);
    }

    @Test
    void readOnlyTemporaryFolderIsUnavailable(CapturedOutput output) {
        String owner = uniqueName("spoolro");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        tmpfs.remountReadOnly();

        TestResponse response = upload(browser, SPOOLED);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("60");
        assertThat(response.body()).contains("<h1>Service unavailable</h1>", "nothing was saved", "Try again");
        assertThat(rowCountOf(owner)).isZero();
        assertThat(StorageFaultSupport.storageWarnings(output)).singleElement().asString().contains(
                "Upload not stored because the temporary upload folder cannot be written: Read-only file system");
        StorageFaultSupport.assertNoErrorOrStackTrace(output);

        tmpfs.remountWritable();
        TestResponse retry = upload(browser, SPOOLED);

        assertThat(retry.status()).isEqualTo(303);
        assertThat(rowCountOf(owner)).isEqualTo(1);
        assertThat(spooledFiles()).isEmpty();
    }

    @Test
    void missingTemporaryFolderIsCreatedAgain() throws IOException {
        String owner = uniqueName("spoolgone");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        Files.delete(spoolFolder);

        TestResponse response = upload(browser, SPOOLED);

        assertThat(response.status()).isEqualTo(303);
        assertThat(rowCountOf(owner)).isEqualTo(1);
        assertThat(spoolFolder).isEmptyDirectory();
    }

    @Test
    void uncreatableTemporaryFolderIsUnavailable(CapturedOutput output) throws IOException {
        String owner = uniqueName("spoolgonero");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        Files.delete(spoolFolder);
        tmpfs.remountReadOnly();

        TestResponse response = upload(browser, SPOOLED);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("60");
        assertThat(rowCountOf(owner)).isZero();
        assertThat(StorageFaultSupport.storageWarnings(output)).singleElement().asString().contains(
                "Upload not stored because the temporary upload folder cannot be written: missing folder");
        StorageFaultSupport.assertNoErrorOrStackTrace(output);

        tmpfs.remountWritable();
        assertThat(upload(browser, SPOOLED).status()).isEqualTo(303);
    }

    @Test
    void disconnectWithShortBodyLeavesNothing(CapturedOutput output) throws Exception {
        String owner = uniqueName("cutlength");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        byte[] start = multipartStart(browser);

        sendPartAndDisconnect(browser, "Content-Length: " + (start.length + SPOOLED.length + 100), start, null);

        assertLeftNothing(output, browser, owner);
    }

    @Test
    void disconnectInChunkedBodyLeavesNothing(CapturedOutput output) throws Exception {
        String owner = uniqueName("cutchunk");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        byte[] start = multipartStart(browser);
        // One chunk announced for the whole body, cut off inside it.
        String chunkSize = Integer.toHexString(start.length + SPOOLED.length + 100) + "\r\n";

        sendPartAndDisconnect(browser, "Transfer-Encoding: chunked", start, chunkSize);

        assertLeftNothing(output, browser, owner);
    }

    // Helpers

    /**
     * Sends the head and three quarters of the file, waits until Tomcat has started a temporary file for it,
     * then closes the connection with the body unfinished.
     */
    private void sendPartAndDisconnect(TestBrowser browser, String framing, byte[] start, String chunkSize)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(browser, framing));
            if (chunkSize != null) {
                out.write(chunkSize.getBytes(StandardCharsets.US_ASCII));
            }
            out.write(start);
            out.write(SPOOLED, 0, SPOOLED.length * 3 / 4);
            out.flush();
            awaitTrue(() -> !spooledFiles().isEmpty());
        }
    }

    private void assertLeftNothing(CapturedOutput output, TestBrowser browser, String owner)
            throws InterruptedException {
        awaitTrue(() -> output.getOut().contains("Upload abandoned because the client disconnected"));
        awaitTrue(() -> spooledFiles().isEmpty());
        assertThat(rowCountOf(owner)).isZero();
        assertThat(browser.get("/uploads").status()).isEqualTo(200);
        assertThat(upload(browser, SPOOLED).status()).isEqualTo(303);
        assertThat(rowCountOf(owner)).isEqualTo(1);
        assertThat(output.getOut()).doesNotContain("UPLOAD_REJECTED");
        assertThat(output.getOut()).doesNotContain("\"level\":\"WARN\"");
        StorageFaultSupport.assertNoErrorOrStackTrace(output);
    }

    private static TestResponse upload(TestBrowser browser, byte[] content) {
        return browser.postMultipart("/uploads", TestBrowser.withNewIdempotencyKey(Map.of()),
                List.of(new FilePart("file", "report.txt", "text/plain", content)));
    }

    private byte[] head(TestBrowser browser, String framing) {
        StringBuilder cookies = new StringBuilder();
        browser.cookies().forEach((name, value) -> cookies.append(cookies.isEmpty() ? "" : "; ").append(name)
                .append('=').append(value));
        String head = "POST /uploads HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookies + "\r\n"
                + "Content-Type: multipart/form-data; boundary=cut\r\n" + framing + "\r\n\r\n";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] multipartStart(TestBrowser browser) {
        String start = "--cut\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + browser.csrfToken()
                + "\r\n--cut\r\nContent-Disposition: form-data; name=\"idempotencyKey\"\r\n\r\n"
                + TestBrowser.newIdempotencyKey()
                + "\r\n--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n";
        return start.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> spooledFiles() {
        return StorageFaultSupport.spooledFiles(spoolFolder);
    }

    /** Waits up to ten seconds for the condition, polling, and fails if it never holds. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        for (int poll = 0; poll < 200 && !condition.getAsBoolean(); poll++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private long rowCountOf(String owner) {
        return StorageFaultSupport.rowCountOf(jdbc, owner);
    }
}
