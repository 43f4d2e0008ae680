package dev.rampart.hardening.ratelimit;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limiting settings. The policies themselves are beans of the application; their numbers live here, under
 * {@code rampart.rate-limit.policies.NAME}, so that an operator can change them without a build.
 *
 * @param enabled whether requests are rate limited at all (default true); switch it off only for load tests
 *     from a single client
 * @param maxTrackedKeys the most buckets kept in memory (default 100,000), which bounds the memory a flood of
 *     distinct client addresses can take. The least recently used bucket is dropped first
 * @param idleExpiry how long a bucket is kept after its last request (default 10 minutes). A bucket whose policy
 *     refills more slowly is kept for its refill period instead, so that dropping it never hands out a full one early
 * @param maxConcurrentPerClient the most requests one client address (IPv6 per /64) may have in progress at once
 *     (default 20, several times what a browser opens). A client that trickles request bodies holds a request
 *     thread for each request, so without this cap one address could hold all of them
 * @param policies the capacity and refill period of each policy, by policy name
 */
@ConfigurationProperties("rampart.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100000") int maxTrackedKeys,
        @DefaultValue("10m") Duration idleExpiry,
        @DefaultValue("20") int maxConcurrentPerClient,
        Map<String, Limit> policies) {

    private static final String PREFIX = "rampart.rate-limit.";

    public RateLimitProperties {
        if (maxTrackedKeys < 1) {
            throw new IllegalArgumentException(PREFIX + "max-tracked-keys must be at least 1, was " + maxTrackedKeys
                    + "; use for example 100000");
        }
        if (idleExpiry.isNegative() || idleExpiry.isZero()) {
            throw new IllegalArgumentException(PREFIX + "idle-expiry must be positive, was " + idleExpiry
                    + "; use for example 10m");
        }
        if (maxConcurrentPerClient < 1) {
            throw new IllegalArgumentException(PREFIX + "max-concurrent-per-client must be at least 1, was "
                    + maxConcurrentPerClient + "; use for example 20");
        }
        policies = policies == null ? Map.of() : Map.copyOf(policies);
        policies.forEach(RateLimitProperties::validate);
    }

    /**
     * Returns the limit configured for the named policy.
     *
     * @throws IllegalStateException when {@code rampart.rate-limit.policies.NAME} is not set
     */
    public Limit policy(String name) {
        Limit limit = policies.get(name);
        if (limit == null) {
            throw new IllegalStateException(PREFIX + "policies." + name + " is missing; set its capacity and "
                    + "refill-period, for example " + PREFIX + "policies." + name + ".capacity=60 and "
                    + PREFIX + "policies." + name + ".refill-period=1m");
        }
        return limit;
    }

    private static void validate(String name, Limit limit) {
        String property = PREFIX + "policies." + name;
        if (limit.capacity() < 1) {
            throw new IllegalArgumentException(property + ".capacity must be at least 1, was " + limit.capacity());
        }
        if (limit.refillPeriod() == null || limit.refillPeriod().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(property + ".refill-period must be at least 1s, was "
                    + limit.refillPeriod() + "; use for example 1m");
        }
    }

    /**
     * The numbers of one policy: a bucket contains at most {@code capacity} requests and refills that many,
     * evenly, over {@code refillPeriod}.
     *
     * @param capacity the burst a client may send at once, at least 1
     * @param refillPeriod the time in which an empty bucket refills completely, at least 1 second
     */
    public record Limit(long capacity, Duration refillPeriod) {
    }
}
