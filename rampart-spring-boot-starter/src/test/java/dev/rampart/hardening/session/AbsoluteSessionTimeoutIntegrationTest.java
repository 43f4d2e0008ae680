package dev.rampart.hardening.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import dev.rampart.hardening.support.MutableClock;
import dev.rampart.hardening.support.TestClient;
import dev.rampart.hardening.support.TestResponse;
import dev.rampart.hardening.testapp.HardeningTestApplication;

/**
 * The absolute session timeout over real HTTP, with a clock the test moves by hand. The container stamps a
 * session's creation time from the system clock, so each test first sets the test clock to the real time.
 */
@SpringBootTest(classes = {HardeningTestApplication.class, AbsoluteSessionTimeoutIntegrationTest.TestClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "rampart.session.absolute-timeout=1h")
class AbsoluteSessionTimeoutIntegrationTest {

    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @BeforeEach
    void resetClock() {
        clock.setInstant(Instant.now());
    }

    @Test
    void sessionOlderThanTimeoutIsInvalidated() {
        TestClient client = TestClient.http(port).signedIn();
        String session = client.cookies().get(TestClient.SESSION_COOKIE);

        clock.advance(Duration.ofMinutes(61));
        TestResponse expired = client.get("/account");
        clock.setInstant(Instant.now());
        TestResponse replayed = TestClient.http(port).get("/account", "Cookie", TestClient.SESSION_COOKIE + "="
                + session);

        assertThat(expired.status()).isEqualTo(302);
        assertThat(expired.header("Location")).endsWith("/login");
        assertThat(replayed.status()).as("the old session stays invalid once the clock is back").isEqualTo(302);
    }

    @Test
    void sessionYoungerThanTimeoutIsKept() {
        TestClient client = TestClient.http(port).signedIn();
        String session = client.cookies().get(TestClient.SESSION_COOKIE);

        clock.advance(Duration.ofMinutes(59));
        TestResponse account = client.get("/account");

        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body()).isEqualTo("Signed in as reader");
        assertThat(client.cookies().get(TestClient.SESSION_COOKIE)).isEqualTo(session);
    }

    @Test
    void activityDoesNotExtendAbsoluteTimeout() {
        TestClient client = TestClient.http(port).signedIn();

        clock.advance(Duration.ofMinutes(30));
        TestResponse halfway = client.get("/account");
        clock.advance(Duration.ofMinutes(31));
        TestResponse late = client.get("/account");

        assertThat(halfway.status()).isEqualTo(200);
        assertThat(late.status()).isEqualTo(302);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        /** Replaces the starter's system clock, which it declares only when no other clock exists. */
        @Bean
        MutableClock clock() {
            return new MutableClock(Instant.now());
        }
    }
}
