package dev.rampart.hardening.ratelimit.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Consecutive login failures per key, bounded in number of keys and forgotten after a quiet period. Each update
 * is atomic per key, so concurrent failures are all counted.
 */
final class FailureCounter {

    private final Cache<String, Failures> failures;
    private final IntFunction<Duration> delayAfter;
    private final Duration resetAfter;

    FailureCounter(Clock clock, long maxKeys, Duration resetAfter, IntFunction<Duration> delayAfter) {
        this.delayAfter = delayAfter;
        this.resetAfter = resetAfter;
        // The ticker reads the injected clock, so eviction follows the same time as the delays. Evicting on the
        // calling thread keeps the bound exact instead of trailing behind a flood of new keys.
        this.failures = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterWrite(resetAfter)
                .ticker(() -> nanos(clock.instant()))
                .executor(Runnable::run)
                .build();
    }

    /** Returns how long the key must still wait before its next attempt is checked, zero when it need not. */
    Duration remainingDelay(String key, Instant now) {
        Failures current = live(failures.getIfPresent(key), now);
        if (current == null) {
            return Duration.ZERO;
        }
        Duration remaining = Duration.between(now, current.last().plus(delayAfter.apply(current.count())));
        return remaining.isPositive() ? remaining : Duration.ZERO;
    }

    /** Marks the key's current delay as reported and returns whether it had not been reported yet. */
    boolean firstRejection(String key) {
        boolean[] first = {false};
        failures.asMap().computeIfPresent(key, (ignored, current) -> {
            first[0] = !current.rejectionReported();
            return current.withRejectionReported();
        });
        return first[0];
    }

    void recordFailure(String key, Instant now) {
        failures.asMap().compute(key, (ignored, current) -> {
            Failures previous = live(current, now);
            return new Failures(previous == null ? 1 : previous.count() + 1, now, false);
        });
    }

    void reset(String key) {
        failures.invalidate(key);
    }

    /** Returns the number of keys counted, after any pending evictions. */
    long size() {
        failures.cleanUp();
        return failures.estimatedSize();
    }

    /** Returns the entry unless its quiet period has passed; the cache may not have evicted it yet. */
    private @Nullable Failures live(@Nullable Failures current, Instant now) {
        if (current == null || !now.isBefore(current.last().plus(resetAfter))) {
            return null;
        }
        return current;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** The count, the time of the latest failure, and whether the delay it started was reported as an event. */
    private record Failures(int count, Instant last, boolean rejectionReported) {

        Failures withRejectionReported() {
            return new Failures(count, last, true);
        }
    }
}
