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
 * is atomic per key, so concurrent failures are all counted. Attempts admitted but not yet decided count as
 * failures that started at their admission, so that concurrent attempts cannot all pass one check before the
 * first of them has failed.
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
        return current == null ? Duration.ZERO : remainingDelay(current, now);
    }

    /**
     * Admits an attempt of the key unless it must wait, and counts it as undecided until {@link #release}.
     * Returns the wait, zero when the attempt was admitted. The check and the count are one atomic update, so of
     * concurrent attempts only as many are admitted as sequential ones would be.
     */
    Duration admit(String key, Instant now) {
        Duration[] wait = {Duration.ZERO};
        failures.asMap().compute(key, (ignored, current) -> {
            Failures previous = live(current, now);
            if (previous == null) {
                return new Failures(0, now, false, 1, now);
            }
            Duration remaining = remainingDelay(previous, now);
            if (remaining.isPositive()) {
                wait[0] = remaining;
                return current;
            }
            return previous.withAdmission(now);
        });
        return wait[0];
    }

    /**
     * Ends an attempt that {@link #admit} admitted, after its failure, if any, was recorded.
     * NOTE: between that failure and this call the attempt counts twice, so an attempt checked in that moment
     * may get a wait one doubling longer than needed.
     */
    void release(String key) {
        failures.asMap().computeIfPresent(key, (ignored, current) -> {
            int undecided = Math.max(0, current.undecided() - 1);
            if (current.count() == 0 && undecided == 0) {
                return null;
            }
            return new Failures(current.count(), current.last(), current.rejectionReported(), undecided,
                    current.lastAdmitted());
        });
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
            if (previous == null) {
                return new Failures(1, now, false, 0, now);
            }
            return new Failures(previous.count() + 1, now, false, previous.undecided(), previous.lastAdmitted());
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

    /**
     * Returns the wait after the failures and the undecided attempts together, counted from the latest of them,
     * because each undecided attempt may still turn out to be a failure.
     */
    private Duration remainingDelay(Failures current, Instant now) {
        int attempts = current.count() + current.undecided();
        if (attempts == 0) {
            return Duration.ZERO;
        }
        Instant latest = current.undecided() > 0 && current.lastAdmitted().isAfter(current.last())
                ? current.lastAdmitted() : current.last();
        Duration remaining = Duration.between(now, latest.plus(delayAfter.apply(attempts)));
        return remaining.isPositive() ? remaining : Duration.ZERO;
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

    /**
     * The count, the time of the latest failure, whether the delay it started was reported as an event, and the
     * attempts admitted but not yet decided with the time of the latest admission.
     */
    private record Failures(int count, Instant last, boolean rejectionReported, int undecided,
            Instant lastAdmitted) {

        Failures withRejectionReported() {
            return new Failures(count, last, true, undecided, lastAdmitted);
        }

        Failures withAdmission(Instant now) {
            return new Failures(count, last, rejectionReported, undecided + 1, now);
        }
    }
}
