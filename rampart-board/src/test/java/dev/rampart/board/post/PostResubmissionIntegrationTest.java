package dev.rampart.board.post;

import static dev.rampart.board.support.TestBrowser.IDEMPOTENCY_KEY;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;

/** A new-post form sent more than once creates one post, and every response redirects to it. */
class PostResubmissionIntegrationTest extends BoardIntegrationTest {

    @Test
    void formCarriesFreshKeyEachTime() {
        TestBrowser author = signedInUser("keyed");

        String first = TestBrowser.idempotencyKeyIn(author.get("/posts").body());
        String second = TestBrowser.idempotencyKeyIn(author.get("/posts").body());

        assertThat(first).matches("[A-Za-z0-9_-]{22}");
        assertThat(second).matches("[A-Za-z0-9_-]{22}");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void sameKeyTwiceCreatesOnePost(CapturedOutput output) {
        String name = uniqueName("doubleclick");
        TestBrowser author = browser().signUp(name, PASSWORD);
        String key = TestBrowser.idempotencyKeyIn(author.get("/posts").body());
        Map<String, String> form = Map.of("title", "Said once", "body", "Sent twice.", IDEMPOTENCY_KEY, key);

        TestResponse first = author.post("/posts", form);
        TestResponse second = author.post("/posts", form);

        assertThat(first.status()).isEqualTo(303);
        assertThat(first.header("Location")).matches("/posts/[0-9]+");
        assertThat(second.status()).isEqualTo(303);
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(postsBy(name)).isEqualTo(1);
        assertThat(postKeysOf(name)).isEqualTo(1);
        assertThat(output.getOut()).contains("Repeated post submission by account")
                .contains("redirected to the first submission's " + first.header("Location"));
    }

    @Test
    void concurrentSameKeyCreatesOnePost() throws Exception {
        String name = uniqueName("racer");
        TestBrowser author = browser().signUp(name, PASSWORD);
        Map<String, String> form = Map.of("_csrf", author.csrfToken(), "title", "Raced", "body", "Ten at once.",
                IDEMPOTENCY_KEY, TestBrowser.newIdempotencyKey());
        int submissions = 10;
        CountDownLatch start = new CountDownLatch(1);

        List<TestResponse> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(submissions)) {
            List<Future<TestResponse>> pending = new ArrayList<>();
            for (int i = 0; i < submissions; i++) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return author.post("/posts", form);
                }));
            }
            start.countDown();
            for (Future<TestResponse> response : pending) {
                responses.add(response.get(60, TimeUnit.SECONDS));
            }
        }

        String location = responses.getFirst().header("Location");
        assertThat(responses).extracting(TestResponse::status).containsOnly(303);
        assertThat(responses).extracting(response -> response.header("Location")).containsOnly(location);
        assertThat(location).matches("/posts/[0-9]+");
        assertThat(postsBy(name)).isEqualTo(1);
        assertThat(postKeysOf(name)).isEqualTo(1);
    }

    @Test
    void keyOfAnotherUserCreatesOwnPost() {
        String firstName = uniqueName("original");
        String secondName = uniqueName("copycat");
        TestBrowser first = browser().signUp(firstName, PASSWORD);
        TestBrowser second = browser().signUp(secondName, PASSWORD);
        String key = TestBrowser.newIdempotencyKey();

        TestResponse original = first.post("/posts", Map.of("title", "Private draft", "body", "Mine.",
                IDEMPOTENCY_KEY, key));
        TestResponse copy = second.post("/posts", Map.of("title", "Other text", "body", "Theirs.",
                IDEMPOTENCY_KEY, key));

        assertThat(original.status()).isEqualTo(303);
        assertThat(copy.status()).isEqualTo(303);
        assertThat(copy.header("Location")).matches("/posts/[0-9]+").isNotEqualTo(original.header("Location"));
        assertThat(postsBy(firstName)).isEqualTo(1);
        assertThat(postsBy(secondName)).isEqualTo(1);
        assertThat(titleAt(copy.header("Location"))).isEqualTo("Other text");
    }

    @Test
    void missingKeyIsRejected() {
        String name = uniqueName("keyless");
        TestBrowser author = browser().signUp(name, PASSWORD);

        TestResponse response = author.post("/posts", Map.of("title", "No key", "body", "Forged form."));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The form was sent without its idempotency key")
                .contains("Reload the form and submit it again.");
        assertThat(postsBy(name)).isZero();
        assertThat(postKeysOf(name)).isZero();
    }

    @Test
    void emptyKeyIsRejectedAsMissing() {
        String name = uniqueName("emptykey");
        TestBrowser author = browser().signUp(name, PASSWORD);

        TestResponse response = author.post("/posts", Map.of("title", "Empty key", "body", "Blank field.",
                IDEMPOTENCY_KEY, ""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The form was sent without its idempotency key");
        assertThat(postsBy(name)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAA=",
            "AAAAAAAAAAAAAAAAAAAAA+", "AAAAAAAAAAAAAAAAAAAAA/", "AAAAAAAAAAAAAAAAAAAAAB", "AAAAAAAAAAAAAAAAAAAA\u00e9A",
            "AAAAAAAAAAAAAAAAAAAAA\u0000", " AAAAAAAAAAAAAAAAAAAAAA", "' or 1=1 --AAAAAAAAAAAA",
            "<script>alert(1)</script>"})
    void malformedKeyIsRejected(String key) {
        String name = uniqueName("badkey");
        TestBrowser author = browser().signUp(name, PASSWORD);

        TestResponse response = author.post("/posts", Map.of("title", "Bad key", "body", "Hand-made form.",
                IDEMPOTENCY_KEY, key));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The form's idempotency key is invalid");
        assertThat(response.body()).contains("Reload the form and submit it again.");
        assertThat(response.body()).doesNotContain("<script>alert(1)");
        assertThat(postsBy(name)).isZero();
        assertThat(postKeysOf(name)).isZero();
    }

    @Test
    void overlongKeyIsRejected() {
        String name = uniqueName("longkey");
        TestBrowser author = browser().signUp(name, PASSWORD);
        String key = "A".repeat(100_000);

        TestResponse response = author.post("/posts", Map.of("title", "Long key", "body", "Huge field.",
                IDEMPOTENCY_KEY, key));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The form's idempotency key is invalid: it must be 22 characters");
        assertThat(response.body()).doesNotContain("AAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(postsBy(name)).isZero();
        assertThat(postKeysOf(name)).isZero();
    }

    @Test
    void rejectedFormKeepsKeyUsable() {
        String name = uniqueName("corrected");
        TestBrowser author = browser().signUp(name, PASSWORD);
        String key = TestBrowser.idempotencyKeyIn(author.get("/posts").body());

        TestResponse rejected = author.post("/posts", Map.of("title", "", "body", "Forgot the title.",
                IDEMPOTENCY_KEY, key));
        long keysAfterRejection = postKeysOf(name);
        TestResponse corrected = author.post("/posts", Map.of("title", "Now titled", "body", "Forgot the title.",
                IDEMPOTENCY_KEY, key));
        TestResponse repeated = author.post("/posts", Map.of("title", "Now titled", "body", "Forgot the title.",
                IDEMPOTENCY_KEY, key));

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(TestBrowser.idempotencyKeyIn(rejected.body())).isEqualTo(key);
        assertThat(keysAfterRejection).isZero();
        assertThat(corrected.status()).isEqualTo(303);
        assertThat(repeated.status()).isEqualTo(303);
        assertThat(repeated.header("Location")).isEqualTo(corrected.header("Location"));
        assertThat(postsBy(name)).isEqualTo(1);
        assertThat(titleAt(corrected.header("Location"))).isEqualTo("Now titled");
    }

    @Test
    void keyOfDeletedPostStillLeadsToIt() {
        String name = uniqueName("deleter");
        TestBrowser author = browser().signUp(name, PASSWORD);
        Map<String, String> form = Map.of("title", "Short-lived", "body", "Deleted soon.",
                IDEMPOTENCY_KEY, TestBrowser.newIdempotencyKey());
        String location = author.post("/posts", form).header("Location");
        author.post(location + "/delete", Map.of());

        TestResponse repeated = author.post("/posts", form);

        assertThat(repeated.status()).isEqualTo(303);
        assertThat(repeated.header("Location")).isEqualTo(location);
        assertThat(postsBy(name)).isZero();
        assertThat(author.get(location).status()).isEqualTo(404);
    }

    private long postsBy(String username) {
        return jdbc.sql("select count(*) from posts p join accounts a on a.id = p.author_id where a.username = ?")
                .param(username).query(Long.class).single();
    }

    private long postKeysOf(String username) {
        return jdbc.sql("""
                select count(*) from idempotency_keys k join accounts a on a.id = k.account_id
                where a.username = ? and k.kind = 'post'""").param(username).query(Long.class).single();
    }

    private String titleAt(String location) {
        long id = Long.parseLong(location.substring("/posts/".length()));
        return jdbc.sql("select title from posts where id = ?").param(id).query(String.class).single();
    }
}
