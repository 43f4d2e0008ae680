package dev.rampart.hardening.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One rate limit: the requests it counts, whose bucket each request takes a token from, and the bucket's size.
 * Declare policies as beans; every policy that matches a request is applied, and the request is rejected when
 * any of their buckets is empty.
 *
 * @param name a short token that names the policy in the {@code RateLimit} headers and in security events
 * @param matcher the requests the policy counts
 * @param keyKind whose bucket a request takes a token from
 * @param capacity the most requests in one burst, at least 1
 * @param refillPeriod the time in which an empty bucket refills completely, at least 1 second
 */
public record RateLimitPolicy(String name, RequestMatcher matcher, KeyKind keyKind, long capacity,
        Duration refillPeriod) {

    /** A name that is a valid token in a structured header field (RFC 9651), so it needs no escaping. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public RateLimitPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(matcher, "matcher");
        Objects.requireNonNull(keyKind, "keyKind");
        Objects.requireNonNull(refillPeriod, "refillPeriod");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Rate limit policy name must be lower-case letters, digits, '-' or "
                    + "'_', starting with a letter, at most 64 characters, was '" + name + "'");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("Rate limit policy " + name + ": capacity must be at least 1, was "
                    + capacity);
        }
        if (refillPeriod.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("Rate limit policy " + name + ": refill period must be at least 1s, "
                    + "was " + refillPeriod);
        }
    }

    /** Creates a policy with the capacity and refill period configured under its name. */
    public static RateLimitPolicy of(String name, RequestMatcher matcher, KeyKind keyKind,
            RateLimitProperties properties) {
        RateLimitProperties.Limit limit = properties.policy(name);
        return new RateLimitPolicy(name, matcher, keyKind, limit.capacity(), limit.refillPeriod());
    }

    /** Returns the refill period in whole seconds, rounded up, as the {@code w} parameter of the headers. */
    public long windowSeconds() {
        long seconds = refillPeriod.toSeconds();
        return refillPeriod.toNanosPart() == 0 ? seconds : seconds + 1;
    }

    /** Whose bucket a request takes its token from. */
    public enum KeyKind {

        /** The client's address; IPv6 clients share one bucket per /64, the usual size of one site's network. */
        CLIENT,

        /**
         * The signed-in user, read from the HTTP session, so that one account pays the same from any address.
         * A request without a signed-in user falls back to its client's address.
         */
        USER
    }
}
