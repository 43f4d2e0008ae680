package dev.rampart.hardening.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import dev.rampart.hardening.support.MutableClock;

/** Token bucket arithmetic and the memory bound of the in-memory store, with a clock moved by hand. */
class InMemoryBucketStoreTest {

    private static final RateLimitPolicy THREE_PER_MINUTE = new RateLimitPolicy("test", AnyRequestMatcher.INSTANCE,
            RateLimitPolicy.KeyKind.CLIENT, 3, Duration.ofMinutes(1));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private final InMemoryBucketStore store = new InMemoryBucketStore(clock, 1_000, Duration.ofMinutes(10));

    @Test
    void fullBucketAllowsItsCapacity() {
        ConsumptionResult first = store.tryConsume("client 192.0.2.1", THREE_PER_MINUTE);
        ConsumptionResult second = store.tryConsume("client 192.0.2.1", THREE_PER_MINUTE);
        ConsumptionResult third = store.tryConsume("client 192.0.2.1", THREE_PER_MINUTE);

        assertThat(first.consumed()).isTrue();
        assertThat(first.remainingTokens()).isEqualTo(2);
        assertThat(second.remainingTokens()).isEqualTo(1);
        assertThat(third.consumed()).isTrue();
        assertThat(third.remainingTokens()).isZero();
        assertThat(third.nanosToWait()).isZero();
        assertThat(third.nanosToReset()).isEqualTo(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void emptyBucketRejectsUntilOneTokenRefills() {
        exhaust("client 192.0.2.2");

        ConsumptionResult rejected = store.tryConsume("client 192.0.2.2", THREE_PER_MINUTE);
        clock.advance(Duration.ofSeconds(19));
        ConsumptionResult stillRejected = store.tryConsume("client 192.0.2.2", THREE_PER_MINUTE);
        clock.advance(Duration.ofSeconds(1));
        ConsumptionResult refilled = store.tryConsume("client 192.0.2.2", THREE_PER_MINUTE);

        assertThat(rejected.consumed()).isFalse();
        assertThat(rejected.nanosToWait()).isEqualTo(Duration.ofSeconds(20).toNanos());
        assertThat(stillRejected.consumed()).isFalse();
        assertThat(stillRejected.nanosToWait()).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(refilled.consumed()).isTrue();
        assertThat(refilled.remainingTokens()).isZero();
    }

    @Test
    void bucketNeverHoldsMoreThanCapacity() {
        store.tryConsume("client 192.0.2.3", THREE_PER_MINUTE);

        clock.advance(Duration.ofHours(5));
        ConsumptionResult afterLongIdle = store.tryConsume("client 192.0.2.3", THREE_PER_MINUTE);

        assertThat(afterLongIdle.remainingTokens()).isEqualTo(2);
    }

    @Test
    void keysHaveSeparateBuckets() {
        exhaust("client 192.0.2.4");

        ConsumptionResult other = store.tryConsume("client 192.0.2.5", THREE_PER_MINUTE);

        assertThat(other.consumed()).isTrue();
        assertThat(other.remainingTokens()).isEqualTo(2);
    }

    @Test
    void policiesHaveSeparateBuckets() {
        var otherPolicy = new RateLimitPolicy("other", AnyRequestMatcher.INSTANCE, RateLimitPolicy.KeyKind.CLIENT,
                3, Duration.ofMinutes(1));
        exhaust("client 192.0.2.6");

        ConsumptionResult other = store.tryConsume("client 192.0.2.6", otherPolicy);

        assertThat(other.consumed()).isTrue();
    }

    @Test
    void slowBucketOutlivesIdleExpiry() {
        var perHour = new RateLimitPolicy("hourly", AnyRequestMatcher.INSTANCE, RateLimitPolicy.KeyKind.USER, 2,
                Duration.ofHours(1));
        store.tryConsume("user alice", perHour);
        store.tryConsume("user alice", perHour);

        clock.advance(Duration.ofMinutes(30));
        ConsumptionResult halfway = store.tryConsume("user alice", perHour);

        assertThat(halfway.consumed()).as("an idle expiry of 10 minutes must not hand out a fresh bucket").isTrue();
        assertThat(halfway.remainingTokens()).isZero();
    }

    @Test
    void distinctKeysStayWithinMaxTrackedKeys() {
        var bounded = new InMemoryBucketStore(clock, 10_000, Duration.ofMinutes(10));

        for (int i = 0; i < 200_000; i++) {
            bounded.tryConsume("client 10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff),
                    THREE_PER_MINUTE);
        }
        bounded.cleanUp();

        assertThat(bounded.estimatedSize()).isEqualTo(10_000);
    }

    @Test
    void idleBucketsExpire() {
        store.tryConsume("client 192.0.2.7", THREE_PER_MINUTE);

        clock.advance(Duration.ofMinutes(11));
        store.cleanUp();

        assertThat(store.estimatedSize()).isZero();
    }

    private void exhaust(String key) {
        for (int i = 0; i < THREE_PER_MINUTE.capacity(); i++) {
            store.tryConsume(key, THREE_PER_MINUTE);
        }
    }
}
