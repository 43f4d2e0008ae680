package dev.rampart.hardening.ratelimit.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.core.AuthenticationException;

import dev.rampart.hardening.audit.SecurityEvent;
import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;
import dev.rampart.hardening.resilience.DatabaseUnavailableException;
import dev.rampart.hardening.support.MutableClock;

/** The throttle's counting and delays, with a clock the tests move by hand. */
class LoginThrottleTest {

    private static final String CLIENT = "203.0.113.7";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<SecurityEvent> stored = new CopyOnWriteArrayList<>();
    private final LoginThrottle throttle = new LoginThrottle(defaults(), clock,
            new SecurityEvents(clock, List.of(stored::add)), LoginUsernameKey.caseInsensitive());

    @Test
    void firstThreeFailuresHaveNoDelay() {
        fail("alice", 3, CLIENT);

        assertThat(throttle.retryAfter("alice", CLIENT)).isZero();
    }

    @Test
    void delayDoublesUpToCap() {
        fail("alice", 3, CLIENT);
        List<Long> delays = new ArrayList<>();
        for (int failure = 4; failure <= 16; failure++) {
            throttle.recordFailure("alice", "198.51.100." + failure);
            delays.add(throttle.retryAfter("alice", "198.51.100." + failure).toSeconds());
        }

        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 900L, 900L, 900L);
    }

    @Test
    void undecidedAttemptsCountUntilReleased() {
        List<Duration> admissions = new ArrayList<>();
        for (int client = 1; client <= 5; client++) {
            admissions.add(throttle.admit("alice", "198.51.100." + client));
        }

        for (int client = 1; client <= 4; client++) {
            throttle.release("alice", "198.51.100." + client);
        }

        assertThat(admissions).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(1));
        assertThat(throttle.admit("alice", "198.51.100.6")).as("released attempts that never failed").isZero();
    }

    @Test
    void failedAttemptStaysCountedAfterRelease() {
        for (int attempt = 0; attempt < 4; attempt++) {
            assertThat(throttle.admit("alice", CLIENT)).isZero();
            throttle.recordFailure("alice", CLIENT);
            throttle.release("alice", CLIENT);
        }

        assertThat(throttle.admit("alice", CLIENT)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("alice", CLIENT)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void clientDelayLeavesAccountUncounted() {
        fail("other", 11, CLIENT);

        Duration refused = throttle.admit("alice", CLIENT);

        assertThat(refused).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("alice", "192.0.2.1")).as("alice was never admitted").isZero();
        for (int client = 1; client <= 4; client++) {
            assertThat(throttle.admit("alice", "198.51.100." + client)).isZero();
        }
    }

    @Test
    void delayExpiresWhenClockAdvances() {
        fail("alice", 5, CLIENT);
        Duration wait = throttle.retryAfter("alice", CLIENT);

        clock.advance(wait);

        assertThat(wait).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.retryAfter("alice", CLIENT)).isZero();
    }

    @Test
    void countIsForgottenAfterQuietPeriod() {
        fail("alice", 6, CLIENT);

        clock.advance(Duration.ofMinutes(15));
        throttle.recordFailure("alice", CLIENT);

        assertThat(throttle.retryAfter("alice", CLIENT)).as("one failure after the reset is free").isZero();
    }

    @Test
    void successResetsAccountAndClient() {
        fail("alice", 12, CLIENT);

        throttle.recordSuccess("Alice", CLIENT);

        assertThat(throttle.retryAfter("alice", CLIENT)).isZero();
        assertThat(throttle.retryAfter("bob", CLIENT)).isZero();
    }

    @Test
    void spellingsOfOneUsernameShareCount() {
        throttle.recordFailure("alice", "198.51.100.1");
        throttle.recordFailure("ALICE", "198.51.100.2");
        throttle.recordFailure("ａｌｉｃｅ", "198.51.100.3");
        throttle.recordFailure("Alice", "198.51.100.4");

        assertThat(throttle.retryAfter("alice", "198.51.100.5")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void paddedUsernameSharesCount() {
        fail("alice", 4, CLIENT);

        assertThat(throttle.retryAfter("  alice\t", "192.0.2.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter(" ALICE ", "192.0.2.1")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void manyClientsHitAccountDelay() {
        for (int client = 1; client <= 30; client++) {
            throttle.recordFailure("alice", "198.51.100." + client);
        }

        assertThat(throttle.retryAfter("alice", "192.0.2.1")).isPositive();
        assertThat(throttle.retryAfter("bob", "192.0.2.1")).as("other accounts from a fresh client").isZero();
    }

    @Test
    void manyUsernamesHitClientDelay() {
        for (int user = 1; user <= 11; user++) {
            throttle.recordFailure("user" + user, CLIENT);
        }

        assertThat(throttle.retryAfter("someone_new", CLIENT)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("someone_new", "192.0.2.1")).isZero();
    }

    @Test
    void ipv6ClientsInOneSlash64ShareCount() {
        for (int host = 1; host <= 11; host++) {
            throttle.recordFailure("user" + host, "2001:db8:1:2::" + Integer.toHexString(host));
        }

        assertThat(throttle.retryAfter("someone_new", "2001:db8:1:2:ffff:ffff:ffff:ffff")).isPositive();
        assertThat(throttle.retryAfter("someone_new", "2001:db8:1:3::1")).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "203.0.113.7 | 203.0.113.7",
            "2001:db8:1:2:3:4:5:6 | 2001:db8:1:2::/64",
            "2001:0DB8:0001:0002::9 | 2001:db8:1:2::/64",
            "[2001:db8::1] | 2001:db8:0:0::/64",
            "fe80::1%eth0 | fe80:0:0:0::/64",
            "::ffff:192.0.2.1 | 192.0.2.1",
            "::1 | 0:0:0:0::/64",
            "not:an:address:zz | not:an:address:zz",
            "1:2 | 1:2"})
    void clientKeyGroupsIpv6BySlash64(String address, String key) {
        assertThat(ClientKey.of(address)).isEqualTo(key);
    }

    @Test
    void failedUserLookupIsNeverCounted() {
        var listener = new LoginThrottleAuthenticationListener(throttle);
        var unavailable = new DatabaseUnavailableException("The database circuit breaker is open",
                Duration.ofSeconds(5), null);
        for (int attempt = 0; attempt < 5; attempt++) {
            // As an application that sets a default failure event receives it: under the bad-credentials type.
            listener.onFailure(failureEvent("alice", new InternalAuthenticationServiceException("Lookup failed",
                    unavailable)));
        }

        assertThat(throttle.retryAfter("alice", CLIENT)).isZero();
    }

    @Test
    void badCredentialsEventIsCounted() {
        var listener = new LoginThrottleAuthenticationListener(throttle);
        for (int attempt = 0; attempt < 4; attempt++) {
            listener.onFailure(failureEvent("alice", new BadCredentialsException("Bad credentials")));
        }

        assertThat(throttle.retryAfter("alice", null)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectionIsRecordedOncePerDelay() {
        fail("alice", 4, "198.51.100.1");

        for (int attempt = 0; attempt < 20; attempt++) {
            throttle.retryAfter("alice", "198.51.100.1");
        }
        clock.advance(Duration.ofSeconds(1));
        throttle.recordFailure("alice", "198.51.100.1");
        for (int attempt = 0; attempt < 20; attempt++) {
            throttle.retryAfter("alice", "198.51.100.1");
        }

        assertThat(rateLimited()).hasSize(2);
        assertThat(rateLimited().get(0).username()).isEqualTo("alice");
        assertThat(rateLimited().get(0).detail()).contains("this username").contains("retry after 1 s");
        assertThat(rateLimited().get(1).detail()).contains("retry after 2 s");
    }

    @Test
    void unknownAndKnownUsernamesWaitAlike() {
        fail("existing_user", 5, "198.51.100.1");
        fail("no_such_user", 5, "198.51.100.2");

        assertThat(throttle.retryAfter("no_such_user", "198.51.100.3"))
                .isEqualTo(throttle.retryAfter("existing_user", "198.51.100.3"));
    }

    @Test
    void overLongUsernamesAreCountedUnderCutKey() {
        String longName = "x".repeat(10_000);

        fail(longName, 4, CLIENT);

        assertThat(throttle.retryAfter(longName + "y", "192.0.2.1")).isPositive();
        assertThat(throttle.retryAfter("x".repeat(99), "192.0.2.1")).isZero();
    }

    @Test
    void retryAfterSecondsRoundUp() {
        assertThat(LoginThrottle.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(LoginThrottle.seconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(LoginThrottle.seconds(Duration.ofSeconds(900))).isEqualTo(900);
    }

    @Test
    void trackedKeysAreBounded() {
        var small = new LoginThrottleProperties(3, 10, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofMinutes(15), 100);
        var counter = new FailureCounter(clock, small.maxTrackedKeys(), small.resetAfter(),
                failures -> small.delayAfter(failures, 0));

        for (int key = 0; key < 10_000; key++) {
            counter.recordFailure("key" + key, clock.instant());
        }

        assertThat(counter.size()).isLessThanOrEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-1 | 10 | 1s | 15m | 15m | 100 | account-free-failures",
            "3 | 1001 | 1s | 15m | 15m | 100 | client-free-failures",
            "3 | 10 | 0s | 15m | 15m | 100 | initial-delay",
            "3 | 10 | 10s | 5s | 15m | 100 | max-delay",
            "3 | 10 | 1s | 15m | 10m | 100 | reset-after",
            "3 | 10 | 1s | 15m | 15m | 0 | max-tracked-keys"})
    void invalidPropertiesAreRejected(int account, int client, String initial, String max, String reset,
            long keys, String property) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoginThrottleProperties(account, client, duration(initial), duration(max),
                        duration(reset), keys))
                .withMessageContaining("rampart.login-throttle." + property);
    }

    private static AuthenticationFailureBadCredentialsEvent failureEvent(String username,
            AuthenticationException failure) {
        return new AuthenticationFailureBadCredentialsEvent(
                UsernamePasswordAuthenticationToken.unauthenticated(username, "a password"), failure);
    }

    private void fail(String username, int times, String client) {
        for (int failure = 0; failure < times; failure++) {
            throttle.recordFailure(username, client);
        }
    }

    private List<SecurityEvent> rateLimited() {
        return stored.stream().filter(event -> event.type() == SecurityEventType.RATE_LIMITED).toList();
    }

    private static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase());
    }

    private static LoginThrottleProperties defaults() {
        return new LoginThrottleProperties(3, 10, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofMinutes(15), 100_000);
    }
}
