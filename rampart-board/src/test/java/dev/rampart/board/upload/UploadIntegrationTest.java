package dev.rampart.board.upload;

import static dev.rampart.board.support.TestBrowser.withNewIdempotencyKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.http.ContentDisposition;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestBrowser.FilePart;
import dev.rampart.board.support.TestResponse;

class UploadIntegrationTest extends BoardIntegrationTest {

    private static final byte[] TEXT = bytes("Minutes of the meeting\nNext one on Tuesday.\n");

    // Round trip

    static Stream<Arguments> allowedFiles() {
        return Stream.of(
                Arguments.of("picture.png", "image/png", image("png"), "image/png"),
                Arguments.of("photo.jpg", "image/jpeg", image("jpeg"), "image/jpeg"),
                Arguments.of("anim.gif", "image/gif", image("gif"), "image/gif"),
                Arguments.of("sticker.webp", "image/webp", webp(), "image/webp"),
                Arguments.of("paper.pdf", "application/pdf", pdf(), "application/pdf"),
                Arguments.of("notes.txt", "text/plain", TEXT, "text/plain"),
                Arguments.of("unicode.txt", "text/plain", "Grüße, 履歴書 😀\n".getBytes(StandardCharsets.UTF_8),
                        "text/plain"));
    }

    @ParameterizedTest
    @MethodSource("allowedFiles")
    void downloadReturnsUploadedBytes(String name, String declared, byte[] content, String detected) {
        String owner = uniqueName("roundtrip");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse upload = upload(browser, name, declared, content);
        StoredRow row = onlyRowOf(owner);
        TestResponse download = browser.get("/uploads/" + row.id());

        assertThat(upload.status()).isEqualTo(303);
        assertThat(upload.header("Location")).isEqualTo("/uploads");
        assertThat(row.content()).isEqualTo(content);
        assertThat(row.sha256()).isEqualTo(sha256(content));
        assertThat(row.contentType()).isEqualTo(detected);
        assertThat(row.size()).isEqualTo(content.length);
        assertThat(row.name()).isEqualTo(name);
        assertThat(row.id()).matches("[A-Za-z0-9_-]{22}");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(content);
        assertThat(download.header("Content-Type")).isEqualTo(detected);
    }

    @Test
    void downloadIsSandboxedAttachment() {
        String owner = uniqueName("headers");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        byte[] markup = "<script>alert(document.cookie)</script>\n".getBytes(StandardCharsets.UTF_8);
        upload(browser, "page.txt", "text/html", markup);

        TestResponse download = browser.get("/uploads/" + onlyRowOf(owner).id());

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).isEqualTo("text/plain");
        assertThat(download.header("Content-Disposition")).startsWith("attachment;");
        assertThat(download.headers().allValues("Content-Security-Policy"))
                .containsExactly("default-src 'none'; sandbox");
        assertThat(download.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(download.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(download.header("Content-Length")).isEqualTo(String.valueOf(markup.length));
        assertThat(download.bytes()).isEqualTo(markup);
    }

    @Test
    void listShowsOwnFilesOnly() {
        String owner = uniqueName("lister");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        TestBrowser other = signedInUser("neighbour");
        upload(browser, "Tom & Jerry.txt", "text/plain", TEXT);
        upload(other, "theirs.txt", "text/plain", TEXT);

        TestResponse page = browser.get("/uploads");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"/uploads/" + onlyRowOf(owner).id() + "\"");
        assertThat(page.body()).contains(">Tom &amp; Jerry.txt</a>");
        assertThat(page.body()).doesNotContain("theirs.txt");
        assertThat(page.body()).contains("enctype=\"multipart/form-data\"");
        assertThat(page.body()).contains("Your 1 file uses " + TEXT.length + " bytes of your 50 MiB quota");
    }

    // Type checks

    static Stream<Arguments> spoofedFiles() {
        return Stream.of(
                Arguments.of("page.png", "image/png", bytes("<!DOCTYPE html><html><body>"
                        + "<script>alert(document.cookie)</script></body></html>"), "text/html"),
                Arguments.of("x.png", "image/png", bytes("<svg xmlns=\"http://www.w3.org/2000/svg\">"
                        + "<script>alert(document.cookie)</script></svg>"), "image/svg+xml"),
                Arguments.of("doc.pdf", "application/pdf", windowsExecutable(), "application/x-msdownload"),
                Arguments.of("doc.pdf", "application/pdf", linuxExecutable(), "application/x-executable"),
                Arguments.of("photo.jpg", "image/jpeg", zip(), "application/zip"),
                Arguments.of("notes.txt", "text/plain", bytes("#!/bin/sh\nrm -rf ~\n"), "application/x-sh"),
                Arguments.of("data.txt", "text/plain", new byte[] {0, 1, 2, 3, (byte) 0xff, 0, 7},
                        "application/octet-stream"));
    }

    @ParameterizedTest
    @MethodSource("spoofedFiles")
    void spoofedTypeIsRejectedAndRecorded(String name, String declared, byte[] content, String detected,
            CapturedOutput output) {
        String owner = uniqueName("spoofer");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = upload(browser, name, declared, content);

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body()).contains("id=\"file-error\">The file's content is " + detected
                + ", which is not accepted");
        assertThat(response.body()).contains("image/png, image/jpeg, image/gif, image/webp, application/pdf, "
                + "text/plain");
        assertThat(rowCountOf(owner)).isZero();
        assertThat(logLines(output, "UPLOAD_REJECTED")).anyMatch(line -> line.contains(owner)
                && line.contains("detected " + detected));
    }

    @Test
    void emptyFileIsRejected() {
        String owner = uniqueName("empty");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = upload(browser, "empty.txt", "text/plain", new byte[0]);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"file-error\">The file is empty (0 bytes).");
        assertThat(response.body()).contains("aria-invalid=\"true\"");
        assertThat(rowCountOf(owner)).isZero();
    }

    @Test
    void missingFileIsRejected() {
        String owner = uniqueName("nofile");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = browser.postMultipart("/uploads",
                withNewIdempotencyKey(Map.of("note", "no file here")), List.of());

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"file-error\">Choose a file to upload.");
        assertThat(rowCountOf(owner)).isZero();
    }

    // File names

    static Stream<Arguments> hostileNames() {
        return Stream.of(
                Arguments.of("../../etc/passwd", "passwd"),
                Arguments.of("..\\\\..\\\\windows\\\\system32\\\\x.txt", "x.txt"),
                Arguments.of("C:\\\\Users\\\\me\\\\notes.txt", "notes.txt"),
                Arguments.of("a\u0001b\u007f\u009b.txt", "ab.txt"),
                Arguments.of("CON", "_CON"),
                Arguments.of("con.txt", "_con.txt"),
                Arguments.of("LPT1.png", "_LPT1.png"),
                Arguments.of("...", "file"),
                Arguments.of("   ", "file"),
                Arguments.of("", "file"),
                Arguments.of("a".repeat(1000), "a".repeat(255)),
                Arguments.of("b".repeat(1000) + ".txt", "b".repeat(251) + ".txt"),
                Arguments.of("Résumé 履歴書.pdf", "Résumé 履歴書.pdf"),
                Arguments.of("Re\u0301sume\u0301.txt", "Résumé.txt"),
                Arguments.of("party 🎉🎈.txt", "party 🎉🎈.txt"),
                Arguments.of("say \\\"hi\\\".txt", "say hi.txt"),
                Arguments.of("=?UTF-8?Q?evil=0D=0ASet-Cookie:_x=3D1.txt?=", "evilSet-Cookie x=1.txt"),
                Arguments.of("=?UTF-8?Q?a=22=0D=0A=0D=0A<script>.txt?=", "ascript.txt"),
                Arguments.of("invoice\u202Etxt.exe", "invoicetxt.exe"),
                Arguments.of("<img src=x onerror=alert(1)>.txt", "img src=x onerror=alert(1).txt"));
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void fileNameIsSanitised(String sentName, String displayName) {
        String owner = uniqueName("namer");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse upload = upload(browser, sentName, "text/plain", TEXT);
        StoredRow row = onlyRowOf(owner);
        TestResponse download = browser.get("/uploads/" + row.id());
        String disposition = download.header("Content-Disposition");

        assertThat(upload.status()).isEqualTo(303);
        assertThat(row.name()).isEqualTo(displayName);
        assertThat(download.status()).isEqualTo(200);
        assertThat(disposition).startsWith("attachment; filename=\"");
        assertThat(disposition).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000");
        assertThat(disposition).contains("filename*=UTF-8''");
        assertThat(ContentDisposition.parse(disposition).getFilename()).isEqualTo(displayName);
        assertThat(ContentDisposition.parse(disposition).isAttachment()).isTrue();
        assertThat(download.headers().allValues("Set-Cookie")).isEmpty();
    }

    /** Tomcat rejects a NUL in a part's file name while parsing, so the name never reaches the sanitiser. */
    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b.txt", "=?UTF-8?Q?a=00b.txt?=", "x\"; filename*=UTF-8''a%00b.txt; y=\""})
    void fileNameWithNulIsBadRequest(String sentName, CapturedOutput output) {
        String owner = uniqueName("nul");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = upload(browser, sentName, "text/plain", TEXT);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Bad request");
        assertThat(rowCountOf(owner)).isZero();
        assertThat(logLines(output, "UPLOAD_REJECTED")).anyMatch(line -> line.contains("malformed multipart body"));
    }

    @Test
    void malformedFileNameIsBadRequest() {
        String owner = uniqueName("badname");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = upload(browser, "x\"; filename*=UTF-8''%ZZ; y=\"", "text/plain", TEXT);

        assertThat(response.status()).isEqualTo(400);
        assertThat(rowCountOf(owner)).isZero();
    }

    // Access

    @Test
    void downloadByOtherUserIsNotFound() {
        String owner = uniqueName("owner");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        upload(browser, "private.txt", "text/plain", TEXT);
        String id = onlyRowOf(owner).id();

        TestResponse stranger = signedInUser("stranger").get("/uploads/" + id);
        TestResponse unknown = browser.get("/uploads/" + UploadIds.next());

        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.body()).doesNotContain("private.txt").doesNotContain(new String(TEXT,
                StandardCharsets.UTF_8));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(stranger.body()).contains("<h1>Page not found</h1>");
        assertThat(unknown.body()).contains("<h1>Page not found</h1>");
    }

    @Test
    void malformedIdIsNotFound() {
        TestBrowser browser = signedInUser("prober");

        TestResponse response = browser.get("/uploads/%27%20or%201=1--");

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void anonymousCannotUpload() {
        TestResponse response = upload(browser(), "anon.txt", "text/plain", TEXT);

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("/login");
        assertThat(jdbc.sql("select count(*) from uploads where original_name = 'anon.txt'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anonymousCannotDownload() {
        String owner = uniqueName("hidden");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        upload(browser, "hidden.txt", "text/plain", TEXT);

        TestResponse response = browser().get("/uploads/" + onlyRowOf(owner).id());

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("/login");
        assertThat(response.bytes()).isNotEqualTo(TEXT);
    }

    @Test
    void uploadWithoutCsrfTokenIsForbidden(CapturedOutput output) {
        String owner = uniqueName("nocsrf");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = browser.postMultipartWithoutToken("/uploads", withNewIdempotencyKey(Map.of()),
                List.of(new FilePart("file", "forged.txt", "text/plain", TEXT)));

        assertThat(response.status()).isEqualTo(403);
        assertThat(rowCountOf(owner)).isZero();
        assertThat(logLines(output, "CSRF_REJECTED")).anyMatch(line -> line.contains(owner));
    }

    @Test
    void uploadWithWrongCsrfTokenIsForbidden() {
        String owner = uniqueName("badcsrf");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = browser.postMultipart("/uploads",
                withNewIdempotencyKey(Map.of("_csrf", "not-the-token")),
                List.of(new FilePart("file", "forged.txt", "text/plain", TEXT)));

        assertThat(response.status()).isEqualTo(403);
        assertThat(rowCountOf(owner)).isZero();
    }

    // Limits

    @Test
    void oversizedUploadIsRejected(CapturedOutput output) {
        String owner = uniqueName("huge");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        byte[] sixMebibytes = text(6 * 1024 * 1024);

        TestResponse response = upload(browser, "big.txt", "text/plain", sixMebibytes);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("Request too large");
        assertThat(rowCountOf(owner)).isZero();
        assertThat(logLines(output, "UPLOAD_REJECTED")).anyMatch(line -> line.contains("over the size or part limits"));
    }

    @Test
    void oversizedUploadGetsProblemDetails() {
        String owner = uniqueName("hugejson");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = browser.postMultipart("/uploads", withNewIdempotencyKey(Map.of()),
                List.of(new FilePart("file", "big.txt", "text/plain", text(5 * 1024 * 1024 + 1))),
                "Accept", "application/json");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":413");
        assertThat(rowCountOf(owner)).isZero();
    }

    @Test
    void fileOfExactlyMaxSizeIsStored() {
        String owner = uniqueName("fits");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        byte[] fiveMebibytes = text(5 * 1024 * 1024);

        TestResponse response = upload(browser, "fits.txt", "text/plain", fiveMebibytes);

        assertThat(response.status()).isEqualTo(303);
        assertThat(onlyRowOf(owner).size()).isEqualTo(fiveMebibytes.length);
    }

    @Test
    void tooManyPartsAreRejected(CapturedOutput output) {
        String owner = uniqueName("parts");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        List<FilePart> parts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            parts.add(new FilePart("file", "part" + i + ".txt", "text/plain", TEXT));
        }

        TestResponse response = browser.postMultipart("/uploads", withNewIdempotencyKey(Map.of()), parts);

        assertThat(response.status()).isEqualTo(413);
        assertThat(rowCountOf(owner)).isZero();
        assertThat(logLines(output, "UPLOAD_REJECTED")).anyMatch(line -> line.contains("over the size or part limits"));
    }

    @Test
    void oversizedPartHeaderIsRejected() {
        String owner = uniqueName("longheader");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = upload(browser, "h".repeat(5000) + ".txt", "text/plain", TEXT);

        assertThat(response.status()).isEqualTo(413);
        assertThat(rowCountOf(owner)).isZero();
    }

    @Test
    void quotaExceededIsRejected() {
        String owner = uniqueName("quota");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        long quota = 50L * 1024 * 1024;
        insertFiller(owner, 1, quota - 10);

        TestResponse response = upload(browser, "over.txt", "text/plain", TEXT);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"file-error\">This file (" + TEXT.length
                + " bytes) does not fit in your quota of 50 MiB");
        assertThat(rowCountOf(owner)).isEqualTo(1);
    }

    @Test
    void fileCountLimitIsEnforced() {
        String owner = uniqueName("many");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        insertFiller(owner, 1000, 1000);

        TestResponse response = upload(browser, "one-more.txt", "text/plain", TEXT);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"file-error\">You already have 1000 files");
        assertThat(rowCountOf(owner)).isEqualTo(1000);
    }

    @Test
    void concurrentUploadsCannotExceedQuota() throws Exception {
        String owner = uniqueName("racer");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        insertFiller(owner, 1, 50L * 1024 * 1024 - TEXT.length);
        String token = browser.csrfToken();
        int uploads = 4;

        List<Integer> statuses;
        try (ExecutorService pool = Executors.newFixedThreadPool(uploads)) {
            List<Future<TestResponse>> responses = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                responses.add(pool.submit(() -> browser.postMultipart("/uploads",
                        withNewIdempotencyKey(Map.of("_csrf", token)),
                        List.of(new FilePart("file", "race.txt", "text/plain", TEXT)))));
            }
            statuses = new ArrayList<>();
            for (Future<TestResponse> response : responses) {
                statuses.add(response.get(60, TimeUnit.SECONDS).status());
            }
        }

        assertThat(statuses).containsOnly(303, 422);
        assertThat(statuses).filteredOn(status -> status == 303).hasSize(1);
        assertThat(rowCountOf(owner)).isEqualTo(2);
    }

    @Test
    void listIsPaginated() {
        String owner = uniqueName("pages");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        insertFiller(owner, UploadController.PAGE_SIZE + 1, 1);

        TestResponse first = browser.get("/uploads");
        TestResponse second = browser.get("/uploads?page=2");
        TestResponse belowRange = browser.get("/uploads?page=-5");
        TestResponse notANumber = browser.get("/uploads?page=abc");

        assertThat(occurrences(first.body(), ">filler.txt</a>")).isEqualTo(UploadController.PAGE_SIZE);
        assertThat(first.body()).contains("href=\"/uploads?page=2\" rel=\"next\"");
        assertThat(occurrences(second.body(), ">filler.txt</a>")).isEqualTo(1);
        assertThat(second.body()).contains("href=\"/uploads?page=1\" rel=\"prev\"").doesNotContain("rel=\"next\"");
        assertThat(belowRange.status()).isEqualTo(400);
        assertThat(belowRange.body()).contains("The page number is invalid");
        assertThat(notANumber.status()).isEqualTo(400);
    }

    // Helpers

    private static TestResponse upload(TestBrowser browser, String name, String declared, byte[] content) {
        return browser.postMultipart("/uploads", withNewIdempotencyKey(Map.of()),
                List.of(new FilePart("file", name, declared, content)));
    }

    private record StoredRow(String id, String name, String contentType, long size, String sha256,
            byte[] content) {
    }

    private StoredRow onlyRowOf(String owner) {
        return jdbc.sql("""
                        select u.id, u.original_name, u.content_type, u.size_bytes, u.sha256, u.content
                        from uploads u join accounts a on a.id = u.owner_id where a.username = ?""")
                .param(owner)
                .query((rs, row) -> new StoredRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getBytes(6)))
                .single();
    }

    private long rowCountOf(String owner) {
        return jdbc.sql("select count(*) from uploads u join accounts a on a.id = u.owner_id where a.username = ?")
                .param(owner)
                .query(Long.class)
                .single();
    }

    /** Stores {@code count} one-byte files directly, each recorded as {@code recordedSize} bytes. */
    private void insertFiller(String owner, int count, long recordedSize) {
        long ownerId = jdbc.sql("select id from accounts where username = ?").param(owner).query(Long.class).single();
        for (int i = 0; i < count; i++) {
            jdbc.sql("""
                    insert into uploads (id, owner_id, original_name, content_type, size_bytes, sha256, content,
                                         created_at)
                    values (?, ?, 'filler.txt', 'text/plain', ?, '', ?, 0)""")
                    .params(UploadIds.next(), ownerId, recordedSize, new byte[] {'x'})
                    .update();
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static List<String> logLines(CapturedOutput output, String eventType) {
        return output.getOut().lines().filter(line -> line.contains(eventType)).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] text(int size) {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i % 64 == 63 ? '\n' : 'a' + i % 26);
        }
        return content;
    }

    private static byte[] image(String format) {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0x1f5fbf);
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** Returns a lossless 1x1 WebP: the RIFF container, the WEBP form type and a VP8L chunk. */
    private static byte[] webp() {
        return HexFormat.of().parseHex("524946461a000000574542505650384c0d0000002f0000001007102011118888fe0700");
    }

    private static byte[] pdf() {
        return bytes("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                + "trailer << /Root 1 0 R >>\n%%EOF\n");
    }

    /** Returns the start of a Windows PE file: the MZ header with the DOS stub message. */
    private static byte[] windowsExecutable() {
        byte[] content = new byte[128];
        content[0] = 'M';
        content[1] = 'Z';
        content[0x3c] = 0x40;
        byte[] stub = bytes("This program cannot be run in DOS mode.");
        System.arraycopy(stub, 0, content, 0x4e, stub.length);
        return content;
    }

    /** Returns the 64-bit little-endian ELF header of an executable file. */
    private static byte[] linuxExecutable() {
        byte[] content = new byte[64];
        content[0] = 0x7f;
        content[1] = 'E';
        content[2] = 'L';
        content[3] = 'F';
        content[4] = 2;
        content[5] = 1;
        content[6] = 1;
        content[16] = 2;
        content[18] = 0x3e;
        return content;
    }

    private static byte[] zip() {
        var out = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("photo.jpg"));
            zip.write(TEXT);
            zip.closeEntry();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
