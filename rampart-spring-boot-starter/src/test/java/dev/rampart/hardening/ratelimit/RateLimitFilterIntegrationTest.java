package dev.rampart.hardening.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import dev.rampart.hardening.support.LogLines;
import dev.rampart.hardening.support.MutableClock;
import dev.rampart.hardening.support.TestClient;
import dev.rampart.hardening.support.TestResponse;
import dev.rampart.hardening.testapp.HardeningTestApplication;
import dev.rampart.hardening.testapp.TestAccounts;

/**
 * The rate limit filter over real HTTP with two policies and a clock moved by hand. Every request comes from
 * 127.0.0.1, so each test first moves the clock a day on, which refills every bucket and ends every event window.
 * The absolute session timeout is raised so that the moved clock does not end the test user's sessions.
 */
@SpringBootTest(classes = {HardeningTestApplication.class, RateLimitFilterIntegrationTest.Policies.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rampart.rate-limit.policies.page.capacity=2",
            "rampart.rate-limit.policies.page.refill-period=1m", "rampart.rate-limit.policies.account.capacity=3",
            "rampart.rate-limit.policies.account.refill-period=1h",
            "rampart.session.absolute-timeout=3650d"})
@ExtendWith(OutputCaptureExtension.class)
class RateLimitFilterIntegrationTest {

    @LocalServerPort
    private int port;

    @Autowired
    private MutableClock clock;

    @BeforeEach
    void startNewDay() {
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void allowedResponseCarriesPolicyAndState() {
        TestResponse first = client().get("/page");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"page\";q=2;w=60");
        assertThat(first.header("RateLimit")).isEqualTo("\"page\";r=1;t=30");
        assertThat(first.hasHeader("Retry-After")).isFalse();
    }

    @Test
    void exhaustedBucketIsRejectedWithHeaders() {
        client().get("/page");
        client().get("/page");

        TestResponse limited = client().get("/page", "Accept", "text/html");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("30");
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"page\";q=2;w=60");
        assertThat(limited.header("RateLimit")).isEqualTo("\"page\";r=0;t=30");
        assertThat(limited.header("Content-Security-Policy")).as("the error page keeps the security headers")
                .contains("default-src 'none'");
    }

    @Test
    void retryAfterIsRoundedUp() {
        client().get("/page");
        client().get("/page");
        clock.advance(Duration.ofMillis(29_500));

        TestResponse limited = client().get("/page");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void bucketRefillsWithTime() {
        client().get("/page");
        client().get("/page");
        client().get("/page");

        clock.advance(Duration.ofSeconds(30));
        TestResponse refilled = client().get("/page");

        assertThat(refilled.status()).isEqualTo(200);
        assertThat(refilled.header("RateLimit")).isEqualTo("\"page\";r=0;t=30");
    }

    @Test
    void unmatchedRequestIsNotLimited() {
        client().get("/page");
        client().get("/page");

        TestResponse other = client().get("/redirect");

        assertThat(other.status()).isEqualTo(302);
        assertThat(other.hasHeader("RateLimit-Policy")).isFalse();
        assertThat(other.hasHeader("RateLimit")).isFalse();
    }

    @Test
    void oneEventPerClientAndWindow(CapturedOutput output) {
        for (int i = 0; i < 12; i++) {
            client().get("/page");
        }
        int afterFirstWindow = rateLimitedEvents(output, "policy page");
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            client().get("/page");
        }

        assertThat(afterFirstWindow).isEqualTo(1);
        assertThat(rateLimitedEvents(output, "policy page")).isEqualTo(2);
        assertThat(LogLines.containing(output, "security event RATE_LIMITED").getFirst())
                .contains("client=127.0.0.1 path=/page detail=policy page");
    }

    @Test
    void userPolicyKeysOnSignedInUser(CapturedOutput output) {
        TestClient reader = client().signedIn();
        reader.get("/account");
        TestResponse second = reader.get("/account");
        reader.get("/account");

        TestResponse limited = reader.get("/account");
        TestResponse anonymous = client().get("/account");

        assertThat(second.header("RateLimit")).as("the next token of 3 per hour comes in 20 minutes")
                .isEqualTo("\"account\";r=1;t=1200");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("1200");
        assertThat(anonymous.status()).as("a client without a session has its own bucket").isEqualTo(302);
        assertThat(LogLines.containing(output, "security event RATE_LIMITED").getFirst())
                .contains("user=" + TestAccounts.USERNAME + " client=127.0.0.1 path=/account");
    }

    private TestClient client() {
        return TestClient.http(port);
    }

    private static int rateLimitedEvents(CapturedOutput output, String detail) {
        return (int) LogLines.containing(output, "security event RATE_LIMITED").stream()
                .filter(line -> line.contains(detail))
                .count();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Policies {

        @Bean
        MutableClock clock() {
            return new MutableClock(Instant.now());
        }

        @Bean
        RateLimitPolicy pagePolicy(RateLimitProperties properties) {
            return RateLimitPolicy.of("page", PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/page"),
                    RateLimitPolicy.KeyKind.CLIENT, properties);
        }

        @Bean
        RateLimitPolicy accountPolicy(RateLimitProperties properties) {
            return RateLimitPolicy.of("account", PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/account"),
                    RateLimitPolicy.KeyKind.USER, properties);
        }
    }
}
