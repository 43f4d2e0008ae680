package dev.rampart.board.account;

import static dev.rampart.board.support.TestBrowser.IDEMPOTENCY_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;

/** A registration form sent more than once creates one account and never ends on "username taken". */
class RegistrationResubmissionIntegrationTest extends BoardIntegrationTest {

    @Test
    void sameKeyTwiceCreatesOneAccount() {
        String name = uniqueName("doubleclick");
        TestBrowser visitor = browser();
        String key = TestBrowser.idempotencyKeyIn(visitor.get("/register").body());

        TestResponse first = visitor.post("/register", form(name, PASSWORD, key));
        TestResponse second = visitor.post("/register", form(name, PASSWORD, key));
        TestResponse login = browser().login(name, PASSWORD);

        assertThat(first.status()).isEqualTo(303);
        assertThat(first.header("Location")).isEqualTo("/login?registered");
        assertThat(second.status()).isEqualTo(303);
        assertThat(second.header("Location")).isEqualTo("/login?registered");
        assertThat(accountsNamed(name)).isEqualTo(1);
        assertThat(login.header("Location")).isEqualTo("/dashboard");
    }

    @Test
    void concurrentSameKeyCreatesOneAccount() throws Exception {
        String name = uniqueName("racer");
        TestBrowser visitor = browser();
        Map<String, String> form = new HashMap<>(form(name, PASSWORD, TestBrowser.newIdempotencyKey()));
        form.put("_csrf", visitor.csrfToken());
        int submissions = 10;
        CountDownLatch start = new CountDownLatch(1);

        List<TestResponse> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(submissions)) {
            List<Future<TestResponse>> pending = new ArrayList<>();
            for (int i = 0; i < submissions; i++) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return visitor.post("/register", form);
                }));
            }
            start.countDown();
            for (Future<TestResponse> response : pending) {
                responses.add(response.get(60, TimeUnit.SECONDS));
            }
        }

        assertThat(responses).extracting(TestResponse::status).containsOnly(303);
        assertThat(responses).extracting(response -> response.header("Location")).containsOnly("/login?registered");
        assertThat(accountsNamed(name)).isEqualTo(1);
    }

    @Test
    void takenUsernameWithOtherKeyIsConflict() {
        String name = uniqueName("claimed");
        browser().register(name, PASSWORD);
        String otherKey = TestBrowser.newIdempotencyKey();

        TestResponse response = browser().post("/register", form(name, PASSWORD, otherKey));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.body()).contains("This username is taken.");
        assertThat(TestBrowser.idempotencyKeyIn(response.body())).isEqualTo(otherKey);
        assertThat(accountsNamed(name)).isEqualTo(1);
    }

    @Test
    void missingKeyIsRejected() {
        String name = uniqueName("keyless");

        TestResponse response = browser().post("/register", Map.of("username", name, "password", PASSWORD,
                "confirmation", PASSWORD));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The form was sent without its idempotency key")
                .contains("Reload the form and submit it again.");
        assertThat(accountsNamed(name)).isZero();
    }

    @Test
    void malformedKeyIsRejected() {
        String name = uniqueName("badkey");

        TestResponse response = browser().post("/register", form(name, PASSWORD, "not-a-key"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The form's idempotency key is invalid");
        assertThat(accountsNamed(name)).isZero();
    }

    @Test
    void rejectedFormKeepsKeyUsable() {
        String name = uniqueName("retried");
        TestBrowser visitor = browser();
        String key = TestBrowser.newIdempotencyKey();

        TestResponse rejected = visitor.post("/register", form(name, "short", key));
        TestResponse corrected = visitor.post("/register", form(name, PASSWORD, key));

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(TestBrowser.idempotencyKeyIn(rejected.body())).isEqualTo(key);
        assertThat(corrected.status()).isEqualTo(303);
        assertThat(accountsNamed(name)).isEqualTo(1);
    }

    private static Map<String, String> form(String username, String password, String key) {
        return Map.of("username", username, "password", password, "confirmation", password, IDEMPOTENCY_KEY, key);
    }

    private long accountsNamed(String username) {
        return jdbc.sql("select count(*) from accounts where username = ?").param(username).query(Long.class)
                .single();
    }
}
