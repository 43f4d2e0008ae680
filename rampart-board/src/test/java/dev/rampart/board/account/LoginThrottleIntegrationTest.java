package dev.rampart.board.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.annotation.Bean;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.audit.LogSanitizer;
import dev.rampart.hardening.ratelimit.login.LoginThrottle;

import tools.jackson.databind.json.JsonMapper;

/**
 * Login throttling over real HTTP, in an application context of its own: a clock the tests move by hand, and
 * thresholds stated here so that the other suites never meet a throttled login. Every request comes from
 * 127.0.0.1, so each test first moves the clock past the quiet period to start from empty counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rampart.login-throttle.account-free-failures=3",
        "rampart.login-throttle.client-free-failures=10",
        "rampart.login-throttle.initial-delay=1s",
        "rampart.login-throttle.max-delay=15m",
        "rampart.login-throttle.reset-after=15m",
        // Only a client connecting from this address is a proxy whose X-Forwarded-For is believed.
        "rampart.proxy.trusted-proxies=" + LoginThrottleIntegrationTest.PROXY})
class LoginThrottleIntegrationTest extends BoardIntegrationTest {

    static final String PROXY = "127.0.0.9";

    private static final int ACCOUNT_FREE_FAILURES = 3;
    private static final int CLIENT_FREE_FAILURES = 10;
    private static final String WRONG = "not the password at all";

    @Autowired
    private TestClock clock;

    @Autowired
    private LoginThrottle throttle;

    @BeforeEach
    void forgetEarlierFailures() {
        clock.advance(Duration.ofMinutes(16));
    }

    @Test
    void thirtyWrongPasswordsAreThrottledBeforeChecking() {
        String name = registered("guessed");
        List<TestResponse> attempts = new ArrayList<>();

        for (int attempt = 0; attempt < 30; attempt++) {
            attempts.add(browser().login(name, WRONG));
        }

        int checked = ACCOUNT_FREE_FAILURES + 1;
        assertThat(attempts.subList(0, checked)).allSatisfy(response ->
                assertThat(response.header("Location")).isEqualTo("/login?error"));
        assertThat(attempts.subList(checked, 30)).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(429);
            assertThat(response.header("Retry-After")).isEqualTo("1");
        });
        assertThat(events("LOGIN_FAILURE", name)).isEqualTo(checked);
        assertThat(events("RATE_LIMITED", name)).isEqualTo(1);
    }

    @Test
    void credentialStuffingIsThrottledByClient() {
        List<String> names = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();

        for (int attempt = 0; attempt < 30; attempt++) {
            String name = uniqueName("stuffed");
            names.add(name);
            statuses.add(browser().login(name, WRONG).status());
        }

        int checked = CLIENT_FREE_FAILURES + 1;
        assertThat(statuses.subList(0, checked)).containsOnly(303);
        assertThat(statuses.subList(checked, 30)).containsOnly(429);
        assertThat(names.stream().mapToLong(name -> events("LOGIN_FAILURE", name)).sum()).isEqualTo(checked);
        assertThat(jdbc.sql("select count(*) from security_events where type = 'RATE_LIMITED' and username = ?"
                        + " and detail like 'login throttled for client 127.0.0.1%'")
                .param(names.get(checked)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void forgedForwardedForIsCountedAgainstSocketAddress() {
        List<String> names = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();

        for (int attempt = 0; attempt < 30; attempt++) {
            String name = uniqueName("forged");
            names.add(name);
            TestResponse response = browser().post("/login", Map.of("username", name, "password", WRONG),
                    "X-Forwarded-For", "203.0.113." + (attempt + 1));
            statuses.add(response.status());
        }

        int checked = CLIENT_FREE_FAILURES + 1;
        assertThat(statuses.subList(0, checked)).containsOnly(303);
        assertThat(statuses.subList(checked, 30)).containsOnly(429);
        assertThat(names.subList(0, checked)).allSatisfy(name ->
                assertThat(clientAddresses("LOGIN_FAILURE", name)).containsExactly("127.0.0.1"));
    }

    @Test
    void guessesFromManyForwardedClientsAreThrottledByAccount() throws Exception {
        String name = uniqueName("targeted");
        TestBrowser owner = browser().signUp(name, PASSWORD);
        TestBrowser proxy = new TestBrowser(port, InetAddress.getByName(PROXY));
        List<Integer> statuses = new ArrayList<>();

        for (int client = 1; client <= 30; client++) {
            TestResponse response = proxy.post("/login", Map.of("username", name, "password", WRONG),
                    "X-Forwarded-For", "198.51.100." + client);
            statuses.add(response.status());
        }
        TestResponse dashboard = owner.get("/dashboard");

        int checked = ACCOUNT_FREE_FAILURES + 1;
        assertThat(statuses.subList(0, checked)).containsOnly(303);
        assertThat(statuses.subList(checked, 30)).containsOnly(429);
        assertThat(clientAddresses("LOGIN_FAILURE", name))
                .containsExactly("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Welcome, " + name);
    }

    @Test
    void simultaneousGuessesAreCheckedOnlyUpToFreeFailures() throws Exception {
        // Each guess comes through the proxy from a client of its own, so only the account's count can stop
        // them. All are sent at once, while the first password hashes are still running.
        String name = registered("rushed");
        int guesses = 12;
        List<TestBrowser> clients = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int client = 0; client < guesses; client++) {
            TestBrowser proxy = new TestBrowser(port, InetAddress.getByName(PROXY));
            clients.add(proxy);
            tokens.add(proxy.csrfToken());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TestResponse>> pending = new ArrayList<>();

        try (ExecutorService senders = Executors.newFixedThreadPool(guesses)) {
            for (int client = 0; client < guesses; client++) {
                TestBrowser proxy = clients.get(client);
                Map<String, String> form = Map.of("username", name, "password", WRONG, "_csrf", tokens.get(client));
                String forwardedFor = "198.51.100." + (client + 1);
                pending.add(senders.submit(() -> {
                    start.await();
                    return proxy.post("/login", form, "X-Forwarded-For", forwardedFor);
                }));
            }
            start.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<TestResponse> response : pending) {
            statuses.add(response.get().status());
        }

        int checked = ACCOUNT_FREE_FAILURES + 1;
        assertThat(statuses).filteredOn(status -> status == 303).hasSize(checked);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(guesses - checked);
        assertThat(events("LOGIN_FAILURE", name)).as("guesses that reached the password check")
                .isEqualTo(checked);
    }

    @Test
    void distributedGuessingSparesOwnerSession() {
        String name = uniqueName("owner");
        TestBrowser owner = browser().signUp(name, PASSWORD);
        int counted = 0;

        for (int client = 1; client <= 30; client++) {
            String address = "198.51.100." + client;
            if (throttle.retryAfter(name, address).isZero()) {
                throttle.recordFailure(name, address);
                counted++;
            }
        }
        TestResponse freshClient = browser().login(name, PASSWORD);
        TestResponse dashboard = owner.get("/dashboard");

        assertThat(counted).isEqualTo(ACCOUNT_FREE_FAILURES + 1);
        assertThat(freshClient.status()).isEqualTo(429);
        assertThat(freshClient.header("Retry-After")).isEqualTo("1");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Welcome, " + name);
        assertThat(events("RATE_LIMITED", name)).isEqualTo(1);
    }

    @Test
    void paddedUsernameIsThrottledWithAccount() {
        String name = registered("padded");
        failLogins(name, ACCOUNT_FREE_FAILURES + 1);

        TestResponse padded = browser().login("  " + name + " ", PASSWORD);
        TestResponse upperCase = browser().login(name.toUpperCase(), PASSWORD);

        assertThat(padded.status()).isEqualTo(429);
        assertThat(upperCase.status()).isEqualTo(429);
        assertThat(events("LOGIN_FAILURE", name)).isEqualTo(ACCOUNT_FREE_FAILURES + 1);
    }

    @Test
    void delayExpiresWhenClockAdvances() {
        String name = registered("patient");
        failLogins(name, ACCOUNT_FREE_FAILURES + 1);
        TestResponse throttled = browser().login(name, PASSWORD);

        clock.advance(Duration.ofSeconds(Long.parseLong(throttled.header("Retry-After"))));
        TestResponse later = browser().login(name, PASSWORD);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(later.status()).isEqualTo(303);
        assertThat(later.header("Location")).isEqualTo("/dashboard");
    }

    @Test
    void successResetsCount() {
        String name = registered("forgetful");
        failLogins(name, ACCOUNT_FREE_FAILURES);
        TestResponse success = browser().login(name, PASSWORD);

        List<TestResponse> afterSuccess = new ArrayList<>();
        for (int attempt = 0; attempt <= ACCOUNT_FREE_FAILURES + 1; attempt++) {
            afterSuccess.add(browser().login(name, WRONG));
        }

        assertThat(success.header("Location")).isEqualTo("/dashboard");
        assertThat(afterSuccess.subList(0, ACCOUNT_FREE_FAILURES + 1)).allSatisfy(response ->
                assertThat(response.header("Location")).isEqualTo("/login?error"));
        assertThat(afterSuccess.getLast().status()).isEqualTo(429);
        assertThat(events("LOGIN_FAILURE", name)).isEqualTo(2L * ACCOUNT_FREE_FAILURES + 1);
    }

    @Test
    void unknownAndExistingUsernamesGetSameThrottledAnswer() {
        String existing = registered("existing");
        String unknown = uniqueName("unknown");
        failLogins(existing, ACCOUNT_FREE_FAILURES + 1);
        failLogins(unknown, ACCOUNT_FREE_FAILURES + 1);

        TestResponse existingAnswer = browser().login(existing, WRONG);
        TestResponse unknownAnswer = browser().login(unknown, WRONG);

        assertThat(existingAnswer.status()).isEqualTo(429);
        assertThat(unknownAnswer.status()).isEqualTo(429);
        assertThat(unknownAnswer.header("Retry-After")).isEqualTo(existingAnswer.header("Retry-After"))
                .isEqualTo("1");
        assertThat(unknownAnswer.header("Content-Type")).isEqualTo(existingAnswer.header("Content-Type"));
        assertThat(withoutRequestId(unknownAnswer.body())).isEqualTo(withoutRequestId(existingAnswer.body()))
                .contains("Too many requests");
        assertThat(events("LOGIN_FAILURE", existing)).isEqualTo(events("LOGIN_FAILURE", unknown)).isEqualTo(4);
    }

    @Test
    void signedInPagesAreNotThrottled() {
        String name = uniqueName("reader");
        TestBrowser reader = browser().signUp(name, PASSWORD);
        for (int attempt = 0; attempt <= CLIENT_FREE_FAILURES; attempt++) {
            failLogins(uniqueName("noise"), 1);
        }

        TestResponse throttledLogin = browser().login(uniqueName("other"), WRONG);
        TestResponse dashboard = reader.get("/dashboard");
        TestResponse users = reader.get("/users");

        assertThat(throttledLogin.status()).isEqualTo(429);
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(users.status()).isEqualTo(200);
    }

    static Stream<Arguments> hostileUsernames() {
        return Stream.of(
                Arguments.of("carriage return and line feed", "\r\nINFO admin signed in"),
                Arguments.of("line feed", "\nforged"),
                Arguments.of("line separator", "\u2028forged"),
                Arguments.of("lookup", "${jndi:ldap://127.0.0.1/x}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileUsernames")
    void hostileUsernameIsLoggedAsOneEscapedEntry(String label, String suffix, CapturedOutput output) {
        String marker = uniqueName("mallory");
        String username = marker + suffix;
        failLogins(username, ACCOUNT_FREE_FAILURES + 1);

        TestResponse throttled = browser().login(username, WRONG);

        String expected = "user=" + LogSanitizer.escape(username) + " client=";
        List<String> failures = messages(output, marker, "LOGIN_FAILURE");
        List<String> rateLimited = messages(output, marker, "RATE_LIMITED");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(failures).hasSize(ACCOUNT_FREE_FAILURES + 1).allSatisfy(line -> assertThat(line).contains(expected));
        assertThat(rateLimited).hasSize(1);
        assertThat(rateLimited.getFirst()).contains(expected);
        assertThat(output.getAll()).doesNotContain(username);
        assertThat(events("RATE_LIMITED", username)).as("stored as typed").isEqualTo(1);
    }

    private String registered(String prefix) {
        String name = uniqueName(prefix);
        TestResponse registration = browser().register(name, PASSWORD);
        assertThat(registration.status()).isEqualTo(303);
        return name;
    }

    private void failLogins(String username, int times) {
        for (int attempt = 0; attempt < times; attempt++) {
            TestResponse response = browser().login(username, WRONG);
            assertThat(response.header("Location")).isEqualTo("/login?error");
        }
    }

    private List<String> clientAddresses(String type, String username) {
        return jdbc.sql("select client_address from security_events where type = ? and username = ? order by id")
                .params(type, username).query(String.class).list();
    }

    private long events(String type, String username) {
        return jdbc.sql("select count(*) from security_events where type = ? and username = ?")
                .params(type, username).query(Long.class).single();
    }

    /** Returns the log messages of the given event type that mention the marker, from JSON or text lines. */
    private static List<String> messages(CapturedOutput output, String marker, String type) {
        JsonMapper json = JsonMapper.builder().build();
        return output.getAll().lines()
                .filter(line -> line.contains(marker) && line.contains(type))
                .map(line -> line.startsWith("{") ? json.readTree(line).path("message").asString() : line)
                .toList();
    }

    private static String withoutRequestId(String body) {
        return body.replaceAll("<code>[^<]*</code>", "<code></code>")
                .replaceAll("\"requestId\"\\s*:\\s*\"[^\"]*\"", "\"requestId\":\"\"");
    }

    /** Replaces the application clock, so tests move time instead of waiting for it. */
    @TestConfiguration
    static class TestClockConfiguration {

        @Bean
        TestClock loginThrottleTestClock() {
            return new TestClock(Instant.now());
        }
    }

    /** A clock that stays at one instant until a test moves it; request threads read it, so it is volatile. */
    static final class TestClock extends Clock {

        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("The test clock is always UTC");
        }
    }
}
