package dev.rampart.board.ratelimit;

import static dev.rampart.board.support.TestBrowser.withNewIdempotencyKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestBrowser.FilePart;
import dev.rampart.board.support.TestResponse;

/**
 * The board's rate limits over real HTTP, with low limits in an application context of their own. Each test
 * connects from its own loopback address, so each has fresh buckets. Buckets refill over an hour, so no bucket
 * gains a token while a test runs.
 */
@TestPropertySource(properties = {
    "rampart.rate-limit.policies.general.capacity=40", "rampart.rate-limit.policies.general.refill-period=1h",
    "rampart.rate-limit.policies.login.capacity=4", "rampart.rate-limit.policies.login.refill-period=1h",
    "rampart.rate-limit.policies.upload-user.capacity=2", "rampart.rate-limit.policies.upload-user.refill-period=1h",
    "rampart.rate-limit.policies.upload-client.capacity=3",
    "rampart.rate-limit.policies.upload-client.refill-period=1h",
    "rampart.rate-limit.max-concurrent-per-client=2"})
class RateLimitIntegrationTest extends BoardIntegrationTest {

    private static final AtomicInteger LAST_ADDRESS = new AtomicInteger(1);

    private static final byte[] TEXT = "Minutes of the meeting\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void loginLimitRejectsBeforeHashing() {
        TestBrowser client = clientOfItsOwn();
        String username = uniqueName("guesser");
        List<TestResponse> allowed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            allowed.add(client.login(username, "wrong guess " + i));
        }

        TestResponse limited = client.login(username, "wrong guess 4");
        client.login(username, "wrong guess 5");
        client.login(username, "wrong guess 6");

        assertThat(allowed).allSatisfy(response -> assertThat(response.header("Location")).isEqualTo("/login?error"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 900L);
        assertThat(limited.header("RateLimit-Policy")).contains("\"login\";q=4;w=3600");
        assertThat(limited.header("RateLimit")).contains("\"login\";r=0;t=" + limited.header("Retry-After"));
        assertThat(eventCount("LOGIN_FAILURE", "username", username)).as("limited attempts are never hashed")
                .isEqualTo(4);
        assertThat(eventCount("RATE_LIMITED", "client_address", address(client))).isEqualTo(1);
        assertThat(eventDetail("RATE_LIMITED", address(client))).isEqualTo("policy login");
    }

    @Test
    void limitedClientCannotSignInWithRightPassword() {
        TestBrowser client = clientOfItsOwn();
        String username = uniqueName("locked");
        client.register(username, PASSWORD);
        for (int i = 0; i < 3; i++) {
            client.login(username, "wrong guess " + i);
        }

        TestResponse limited = client.login(username, PASSWORD);
        TestResponse dashboard = client.get("/dashboard");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(dashboard.status()).as("no session was signed in").isEqualTo(302);
        assertThat(eventCount("LOGIN_SUCCESS", "username", username)).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /login?retry=1       | 429
            /login;jsessionid=x  | 429
            /%6Cogin             | 429
            /login/              | 302
            /LOGIN               | 302
            //login              | 400
            """)
    void loginPathVariantIsNeverHashed(String path, int expectedStatus) {
        // A variant the limit does not match is no login either: Spring Security processes only POST /login,
        // sends other paths to the login page (302), and its firewall rejects double slashes (400).
        TestBrowser client = clientOfItsOwn();
        String username = uniqueName("variant");
        for (int i = 0; i < 4; i++) {
            client.login(username, "wrong guess " + i);
        }

        TestResponse response = client.post(path, Map.of("username", username, "password", "wrong guess 4"));

        assertThat(response.status()).isEqualTo(expectedStatus);
        assertThat(response.header("Location")).as("no login outcome").doesNotContain("error", "dashboard");
        assertThat(eventCount("LOGIN_FAILURE", "username", username)).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/register"})
    void registrationSharesLoginLimit(String exhaustedBy) {
        TestBrowser client = clientOfItsOwn();
        for (int i = 0; i < 4; i++) {
            client.post(exhaustedBy, Map.of("username", uniqueName("filler"), "password", "short",
                    "confirmation", "short"));
        }
        String username = uniqueName("late");

        TestResponse limited = client.register(username, PASSWORD);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(accountCount(username)).isZero();
    }

    @Test
    void generalLimitCoversPagesButNotStaticFiles() {
        TestBrowser client = clientOfItsOwn();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(client.get("/").status());
        }

        TestResponse limited = client.get("/");
        client.get("/search?q=anything");
        TestResponse stylesheet = client.get("/css/site.css");

        assertThat(statuses).containsOnly(200);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"general\";q=40;w=3600");
        assertThat(limited.header("Content-Type")).startsWith("text/html");
        assertThat(stylesheet.status()).isEqualTo(200);
        assertThat(stylesheet.hasHeader("RateLimit-Policy")).isFalse();
        assertThat(eventCount("RATE_LIMITED", "client_address", address(client))).isEqualTo(1);
        assertThat(eventDetail("RATE_LIMITED", address(client))).isEqualTo("policy general");
    }

    @Test
    void allowedPageCarriesRemainingQuota() {
        TestBrowser client = clientOfItsOwn();

        TestResponse page = client.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("RateLimit-Policy")).isEqualTo("\"general\";q=40;w=3600");
        assertThat(page.header("RateLimit")).startsWith("\"general\";r=39;t=");
    }

    @Test
    void uploadLimitRejectsBeforeParsing() {
        TestBrowser client = clientOfItsOwn();
        String owner = uniqueName("uploader");
        client.signUp(owner, PASSWORD);
        TestResponse first = upload(client, "first.txt");
        TestResponse second = upload(client, "second.txt");
        List<FilePart> tooManyParts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tooManyParts.add(new FilePart("file", "part" + i + ".txt", "text/plain", TEXT));
        }

        TestResponse limited = client.postMultipart("/uploads", withNewIdempotencyKey(Map.of()), tooManyParts);

        assertThat(first.status()).isEqualTo(303);
        assertThat(second.status()).isEqualTo(303);
        assertThat(limited.status()).as("without the limit this body gets 413 from multipart parsing")
                .isEqualTo(429);
        assertThat(uploadCount(owner)).isEqualTo(2);
        assertThat(eventCount("UPLOAD_REJECTED", "client_address", address(client))).isZero();
        assertThat(eventCount("RATE_LIMITED", "username", owner)).isEqualTo(1);
        assertThat(eventDetail("RATE_LIMITED", address(client))).isEqualTo("policy upload-user");
    }

    @Test
    void uploadClientLimitSpansAccounts() {
        TestBrowser first = clientOfItsOwn();
        InetAddress shared = first.localAddress();
        String firstOwner = uniqueName("sharer");
        String secondOwner = uniqueName("sharer");
        first.signUp(firstOwner, PASSWORD);
        TestBrowser second = new TestBrowser(port, shared).signUp(secondOwner, PASSWORD);
        upload(first, "one.txt");
        upload(first, "two.txt");
        TestResponse third = upload(second, "three.txt");

        TestResponse limited = upload(second, "four.txt");

        assertThat(third.status()).isEqualTo(303);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(uploadCount(secondOwner)).isEqualTo(1);
        assertThat(eventDetail("RATE_LIMITED", address(first))).isEqualTo("policy upload-client");
    }

    @Test
    void slowBodiesCannotHoldMoreThanCapThreads() throws Exception {
        TestBrowser attacker = clientOfItsOwn();
        TestBrowser bystander = clientOfItsOwn();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                slow.add(startSlowFormPost(attacker.localAddress()));
            }
            TestResponse third = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                third = attacker.get("/search");
                if (third.status() == 429) {
                    break;
                }
                Thread.sleep(100);
            }
            TestResponse other = bystander.get("/search");

            assertThat(third.status()).isEqualTo(429);
            assertThat(third.header("Retry-After")).isEqualTo("1");
            assertThat(other.status()).isEqualTo(200);
        }
        finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Opens a form post that announces 1000 body bytes and sends one, so the server waits for the rest. */
    private Socket startSlowFormPost(InetAddress from) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\na";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private TestBrowser clientOfItsOwn() {
        int last = LAST_ADDRESS.incrementAndGet();
        try {
            return new TestBrowser(port, InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}));
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String address(TestBrowser client) {
        return client.localAddress().getHostAddress();
    }

    private static TestResponse upload(TestBrowser client, String name) {
        return client.postMultipart("/uploads", withNewIdempotencyKey(Map.of()),
                List.of(new FilePart("file", name, "text/plain", TEXT)));
    }

    private long eventCount(String type, String column, String value) {
        return jdbc.sql("select count(*) from security_events where type = ? and " + column + " = ?")
                .params(type, value)
                .query(Long.class)
                .single();
    }

    private String eventDetail(String type, String clientAddress) {
        return jdbc.sql("select detail from security_events where type = ? and client_address = ?")
                .params(type, clientAddress)
                .query(String.class)
                .single();
    }

    private long accountCount(String username) {
        return jdbc.sql("select count(*) from accounts where username = ?")
                .param(username)
                .query(Long.class)
                .single();
    }

    private long uploadCount(String owner) {
        return jdbc.sql("select count(*) from uploads u join accounts a on a.id = u.owner_id where a.username = ?")
                .param(owner)
                .query(Long.class)
                .single();
    }
}
