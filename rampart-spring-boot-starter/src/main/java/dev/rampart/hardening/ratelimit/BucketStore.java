package dev.rampart.hardening.ratelimit;

/**
 * Storage of the token buckets. The in-memory store serves a single node. A store shared between nodes (Bucket4j
 * on Redis, for example) implements this interface, so the policies and the filter stay unchanged.
 */
public interface BucketStore {

    /**
     * Takes one token from the bucket of the given key under the given policy, creating a full bucket for a key
     * not seen before.
     *
     * @param key the client or user the bucket belongs to, already normalised by {@link RateLimitKeys}
     * @param policy the policy whose capacity and refill period the bucket has
     */
    ConsumptionResult tryConsume(String key, RateLimitPolicy policy);
}
