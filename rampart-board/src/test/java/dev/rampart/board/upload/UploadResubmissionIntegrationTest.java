package dev.rampart.board.upload;

import static dev.rampart.board.support.TestBrowser.IDEMPOTENCY_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestBrowser.FilePart;
import dev.rampart.board.support.TestResponse;

/** An upload form sent more than once stores one file, and every response redirects as the first one did. */
class UploadResubmissionIntegrationTest extends BoardIntegrationTest {

    private static final byte[] TEXT = "Agenda for Thursday\n".getBytes(StandardCharsets.UTF_8);

    private static final long QUOTA = 50L * 1024 * 1024;

    @Test
    void listCarriesFreshKeyEachTime() {
        TestBrowser owner = signedInUser("keyed");

        String first = TestBrowser.idempotencyKeyIn(owner.get("/uploads").body());
        String second = TestBrowser.idempotencyKeyIn(owner.get("/uploads").body());

        assertThat(first).matches("[A-Za-z0-9_-]{22}");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void sameKeyTwiceStoresOneFile() {
        String owner = uniqueName("twice");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        String key = TestBrowser.idempotencyKeyIn(browser.get("/uploads").body());

        TestResponse first = upload(browser, key, "notes.txt", TEXT);
        TestResponse second = upload(browser, key, "notes.txt", TEXT);

        assertThat(first.status()).isEqualTo(303);
        assertThat(first.header("Location")).isEqualTo("/uploads");
        assertThat(second.status()).isEqualTo(303);
        assertThat(second.header("Location")).isEqualTo("/uploads");
        assertThat(filesOf(owner)).isEqualTo(1);
        assertThat(recordedUploadOf(owner, key)).isEqualTo(onlyFileIdOf(owner));
    }

    @Test
    void concurrentSameKeyStoresOneFile() throws Exception {
        String owner = uniqueName("racer");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        Map<String, String> fields = Map.of("_csrf", browser.csrfToken(), IDEMPOTENCY_KEY,
                TestBrowser.newIdempotencyKey());
        int submissions = 10;
        CountDownLatch start = new CountDownLatch(1);

        List<TestResponse> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(submissions)) {
            List<Future<TestResponse>> pending = new ArrayList<>();
            for (int i = 0; i < submissions; i++) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return browser.postMultipart("/uploads", fields,
                            List.of(new FilePart("file", "race.txt", "text/plain", TEXT)));
                }));
            }
            start.countDown();
            for (Future<TestResponse> response : pending) {
                responses.add(response.get(60, TimeUnit.SECONDS));
            }
        }

        assertThat(responses).extracting(TestResponse::status).containsOnly(303);
        assertThat(responses).extracting(response -> response.header("Location")).containsOnly("/uploads");
        assertThat(filesOf(owner)).isEqualTo(1);
    }

    @Test
    void keyOfAnotherUserStoresOwnFile() {
        String firstOwner = uniqueName("original");
        String secondOwner = uniqueName("copycat");
        TestBrowser first = browser().signUp(firstOwner, PASSWORD);
        TestBrowser second = browser().signUp(secondOwner, PASSWORD);
        String key = TestBrowser.newIdempotencyKey();

        TestResponse original = upload(first, key, "mine.txt", TEXT);
        TestResponse copy = upload(second, key, "theirs.txt", TEXT);
        TestResponse list = second.get("/uploads");

        assertThat(original.status()).isEqualTo(303);
        assertThat(copy.status()).isEqualTo(303);
        assertThat(filesOf(firstOwner)).isEqualTo(1);
        assertThat(filesOf(secondOwner)).isEqualTo(1);
        assertThat(list.body()).contains(">theirs.txt</a>").doesNotContain("mine.txt");
        assertThat(recordedUploadOf(secondOwner, key)).isEqualTo(onlyFileIdOf(secondOwner));
    }

    @Test
    void missingKeyIsRejected() {
        String owner = uniqueName("keyless");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = browser.postMultipart("/uploads", Map.of(),
                List.of(new FilePart("file", "keyless.txt", "text/plain", TEXT)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The form was sent without its idempotency key")
                .contains("Reload the form and submit it again.");
        assertThat(filesOf(owner)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAB", "AAAAAAAAAAAAAAAAAAAAA=",
            "../../../etc/passwdAAAA"})
    void malformedKeyIsRejected(String key) {
        String owner = uniqueName("badkey");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = upload(browser, key, "badkey.txt", TEXT);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The form's idempotency key is invalid");
        assertThat(filesOf(owner)).isZero();
        assertThat(uploadKeysOf(owner)).isZero();
    }

    @Test
    void overlongKeyIsRejected() {
        String owner = uniqueName("longkey");
        TestBrowser browser = browser().signUp(owner, PASSWORD);

        TestResponse response = upload(browser, "A".repeat(100_000), "longkey.txt", TEXT);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The form's idempotency key is invalid");
        assertThat(filesOf(owner)).isZero();
        assertThat(uploadKeysOf(owner)).isZero();
    }

    @Test
    void rejectedTypeKeepsKeyUsable() {
        String owner = uniqueName("retyped");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        String key = TestBrowser.newIdempotencyKey();
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".getBytes(StandardCharsets.UTF_8);

        TestResponse rejected = upload(browser, key, "picture.png", svg);
        TestResponse accepted = upload(browser, key, "notes.txt", TEXT);

        assertThat(rejected.status()).isEqualTo(415);
        assertThat(TestBrowser.idempotencyKeyIn(rejected.body())).isEqualTo(key);
        assertThat(accepted.status()).isEqualTo(303);
        assertThat(filesOf(owner)).isEqualTo(1);
        assertThat(recordedUploadOf(owner, key)).isEqualTo(onlyFileIdOf(owner));
    }

    @Test
    void quotaRejectionKeepsKeyUsable() {
        String owner = uniqueName("refitted");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        String key = TestBrowser.newIdempotencyKey();
        String filler = insertFiller(owner, QUOTA - 1);

        TestResponse rejected = upload(browser, key, "notes.txt", TEXT);
        long keysAfterRejection = uploadKeysOf(owner);
        jdbc.sql("delete from uploads where id = ?").param(filler).update();
        TestResponse accepted = upload(browser, key, "notes.txt", TEXT);

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.body()).contains("does not fit in your quota");
        assertThat(TestBrowser.idempotencyKeyIn(rejected.body())).isEqualTo(key);
        assertThat(keysAfterRejection).isZero();
        assertThat(accepted.status()).isEqualTo(303);
        assertThat(filesOf(owner)).isEqualTo(1);
    }

    @Test
    void repeatAfterQuotaFilledRedirects() {
        String owner = uniqueName("filled");
        TestBrowser browser = browser().signUp(owner, PASSWORD);
        insertFiller(owner, QUOTA - TEXT.length);
        String key = TestBrowser.newIdempotencyKey();

        TestResponse first = upload(browser, key, "last.txt", TEXT);
        TestResponse repeated = upload(browser, key, "last.txt", TEXT);

        assertThat(first.status()).isEqualTo(303);
        assertThat(repeated.status()).isEqualTo(303);
        assertThat(repeated.header("Location")).isEqualTo("/uploads");
        assertThat(filesOf(owner)).isEqualTo(2);
    }

    private static TestResponse upload(TestBrowser browser, String key, String name, byte[] content) {
        return browser.postMultipart("/uploads", Map.of(IDEMPOTENCY_KEY, key),
                List.of(new FilePart("file", name, "text/plain", content)));
    }

    private long filesOf(String owner) {
        return jdbc.sql("select count(*) from uploads u join accounts a on a.id = u.owner_id where a.username = ?")
                .param(owner).query(Long.class).single();
    }

    private String onlyFileIdOf(String owner) {
        return jdbc.sql("select u.id from uploads u join accounts a on a.id = u.owner_id where a.username = ?")
                .param(owner).query(String.class).single();
    }

    private long uploadKeysOf(String owner) {
        return jdbc.sql("""
                select count(*) from idempotency_keys k join accounts a on a.id = k.account_id
                where a.username = ? and k.kind = 'upload'""").param(owner).query(Long.class).single();
    }

    private String recordedUploadOf(String owner, String key) {
        return jdbc.sql("""
                select k.resource_id from idempotency_keys k join accounts a on a.id = k.account_id
                where a.username = ? and k.idempotency_key = ? and k.kind = 'upload'""")
                .params(owner, key).query(String.class).single();
    }

    /** Stores a one-byte file directly, recorded as {@code recordedSize} bytes, and returns its id. */
    private String insertFiller(String owner, long recordedSize) {
        long ownerId = jdbc.sql("select id from accounts where username = ?").param(owner).query(Long.class).single();
        String id = UploadIds.next();
        jdbc.sql("""
                insert into uploads (id, owner_id, original_name, content_type, size_bytes, sha256, content,
                                     created_at)
                values (?, ?, 'filler.txt', 'text/plain', ?, '', ?, 0)""")
                .params(id, ownerId, recordedSize, new byte[] {'x'})
                .update();
        return id;
    }
}
