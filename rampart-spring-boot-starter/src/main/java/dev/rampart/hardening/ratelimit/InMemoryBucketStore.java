package dev.rampart.hardening.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Buckets in a Caffeine cache of this node's memory. The cache keeps at most {@code maxTrackedKeys} buckets, so a
 * flood of distinct addresses evicts the least recently used buckets instead of exhausting the heap. A bucket idle
 * for longer than both the idle expiry and its policy's refill period is dropped: by then it would be full again,
 * so dropping it changes no decision. Both the buckets and the cache read time from the injected clock.
 */
public class InMemoryBucketStore implements BucketStore {

    private final Cache<String, TrackedBucket> buckets;
    private final TimeMeter timeMeter;
    private final long idleExpiryNanos;

    public InMemoryBucketStore(Clock clock, int maxTrackedKeys, Duration idleExpiry) {
        this.timeMeter = new ClockTimeMeter(clock);
        this.idleExpiryNanos = idleExpiry.toNanos();
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxTrackedKeys)
                .expireAfter(new AfterLastAccess())
                .ticker(ticker(clock))
                .build();
    }

    @Override
    public ConsumptionResult tryConsume(String key, RateLimitPolicy policy) {
        TrackedBucket tracked = buckets.get(policy.name() + ' ' + key, ignored -> newBucket(policy));
        ConsumptionProbe probe = tracked.bucket().tryConsumeAndReturnRemaining(1);
        long nanosToWait = probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill();
        return new ConsumptionResult(probe.isConsumed(), probe.getRemainingTokens(), nanosToWait,
                probe.getNanosToWaitForReset());
    }

    /** Returns the approximate number of buckets held; call {@link #cleanUp()} first for a settled count. */
    public long estimatedSize() {
        return buckets.estimatedSize();
    }

    /** Runs the evictions and expirations that Caffeine otherwise performs lazily during later requests. */
    public void cleanUp() {
        buckets.cleanUp();
    }

    private TrackedBucket newBucket(RateLimitPolicy policy) {
        Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(policy.capacity())
                        .refillGreedy(policy.capacity(), policy.refillPeriod()))
                .withCustomTimePrecision(timeMeter)
                .build();
        long lifetime = Math.max(idleExpiryNanos, policy.refillPeriod().toNanos());
        return new TrackedBucket(bucket, lifetime);
    }

    private static long epochNanos(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static Ticker ticker(Clock clock) {
        return () -> epochNanos(clock);
    }

    private record TrackedBucket(Bucket bucket, long lifetimeNanos) {
    }

    /** Expires each bucket its own lifetime after it was last used. */
    private static final class AfterLastAccess implements Expiry<String, TrackedBucket> {

        @Override
        public long expireAfterCreate(String key, TrackedBucket value, long currentTime) {
            return value.lifetimeNanos();
        }

        @Override
        public long expireAfterUpdate(String key, TrackedBucket value, long currentTime, long currentDuration) {
            return value.lifetimeNanos();
        }

        @Override
        public long expireAfterRead(String key, TrackedBucket value, long currentTime, long currentDuration) {
            return value.lifetimeNanos();
        }
    }

    /** Bucket4j's view of the injected clock, so that tests can refill buckets by moving the clock. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            return epochNanos(clock);
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
