package dev.rampart.hardening.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.hardening.support.LogLines;
import dev.rampart.hardening.support.RawHttp;
import dev.rampart.hardening.support.StarterIntegrationTest;
import dev.rampart.hardening.support.TestClient;
import dev.rampart.hardening.support.TestResponse;

/** Security events as they reach the log from real requests: one line each, user input escaped. */
class SecurityEventLogIntegrationTest extends StarterIntegrationTest {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Test
    void hostileUsernameIsOneEscapedLine(CapturedOutput output) {
        String marker = "mallory" + COUNTER.incrementAndGet();
        String username = marker + "\r\nINFO forged entry ${jndi:ldap://x}\u2028\u0085\u202Eend\\";

        TestResponse login = client().login(username, "not the password");

        List<String> forged = LogLines.containing(output, "forged entry");
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).isEqualTo("/login?error");
        assertThat(forged).hasSize(1);
        assertThat(forged.getFirst()).doesNotContain("\u2028", "\u0085", "\u202E");
        assertThat(LogLines.message(forged.getFirst())).startsWith("security event LOGIN_FAILURE user=" + marker
                + "\\u000D\\u000AINFO forged entry $\\{jndi:ldap://x}\\u2028\\u0085\\u202Eend\\\\ client=");
    }

    @Test
    void hostileUsernameIsEscapedInStructuredField(CapturedOutput output) {
        String marker = "trudy" + COUNTER.incrementAndGet();

        client().login(marker + "\nforged", "not the password");

        String line = LogLines.containing(output, marker).getFirst();
        if (LogLines.isJson(line)) {
            assertThat(LogLines.json(line).path("user").path("name").asString()).isEqualTo(marker + "\\u000Aforged");
        }
        assertThat(LogLines.message(line)).contains("user=" + marker + "\\u000Aforged client=127.0.0.1");
    }

    @Test
    void passwordOfFailedLoginIsNotLogged(CapturedOutput output) {
        String password = "wrong-" + COUNTER.incrementAndGet() + "-kettle";

        client().login("reader", password);

        assertThat(output.getAll()).contains("LOGIN_FAILURE");
        assertThat(output.getAll()).doesNotContain(password);
    }

    @Test
    void missingCsrfTokenIsRejectedAndRecorded(CapturedOutput output) {
        TestResponse response = client().postForm("/login", Map.of("username", "reader", "password", "x"));

        List<String> events = LogLines.containing(output, "CSRF_REJECTED");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("<h1>Access denied</h1>");
        assertThat(events).hasSize(1);
        assertThat(LogLines.message(events.getFirst())).contains("user=- client=127.0.0.1 path=/login",
                "detail=POST /login");
    }

    @Test
    void missingRoleIsRejectedAndRecorded(CapturedOutput output) {
        TestClient reader = client().signedIn();

        TestResponse response = reader.get("/admin");

        List<String> events = LogLines.containing(output, "ACCESS_DENIED");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("<h1>Access denied</h1>");
        assertThat(events).hasSize(1);
        assertThat(LogLines.message(events.getFirst())).contains("user=reader client=127.0.0.1 path=/admin");
    }

    @Test
    void successfulLoginIsRecorded(CapturedOutput output) {
        client().signedIn();

        List<String> events = LogLines.containing(output, "LOGIN_SUCCESS");
        assertThat(events).hasSize(1);
        assertThat(LogLines.message(events.getFirst())).contains("user=reader");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page;x=1", "/page;jsessionid=0A1B", "//page", "/page%0Aforged", "/page%0D",
            "/%2e/page", "/page%25"})
    void firewallRejectionIs400AndRecorded(String target, CapturedOutput output) {
        String response = RawHttp.get(port, target);

        List<String> events = LogLines.containing(output, "REQUEST_REJECTED");
        assertThat(RawHttp.status(response)).isEqualTo(400);
        assertThat(response).contains("<h1>Bad request</h1>");
        assertThat(events).hasSize(1);
        assertThat(LogLines.message(events.getFirst())).contains("detail=The request was rejected");
    }

    /** Tomcat rejects these before any application code runs, so its own minimal error page is sent. */
    @ParameterizedTest
    @ValueSource(strings = {"/page%2F..%2Fadmin", "/page%5Cadmin", "/page%00"})
    void containerRejectionIs400WithoutDetails(String target) {
        String response = RawHttp.get(port, target);

        assertThat(RawHttp.status(response)).isEqualTo(400);
        assertThat(response).doesNotContainIgnoringCase("tomcat").doesNotContain("Exception").doesNotContain("at org.");
    }
}
