package dev.rampart.hardening.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

import dev.rampart.hardening.audit.SecurityEvent;
import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;
import dev.rampart.hardening.errors.RequestIdFilter;

/**
 * Records a {@code RATE_LIMITED} security event for the first rejected request of a key under a policy, and
 * none for the rest of that policy's refill period. A client that keeps hammering a limit would otherwise turn
 * every rejected request into a log line and a database write, which is the load the limit exists to stop.
 */
public class RateLimitEventRecorder {

    /** Keys remembered at once; past it the oldest are forgotten, which at worst records one event more. */
    private static final int MAX_REMEMBERED_KEYS = 10_000;

    private final Clock clock;
    private final SecurityEvents events;
    private final Cache<String, Long> recentlyRecorded;

    public RateLimitEventRecorder(Clock clock, SecurityEvents events) {
        this.clock = clock;
        this.events = events;
        this.recentlyRecorded = Caffeine.newBuilder()
                .maximumSize(MAX_REMEMBERED_KEYS)
                .expireAfter(Expiry.<String, Long>creating((key, windowNanos) -> Duration.ofNanos(windowNanos)))
                .ticker(() -> epochNanos(clock.instant()))
                .build();
    }

    /** Records the rejection unless one was recorded for this key and policy within the policy's window. */
    void rejected(HttpServletRequest request, RateLimitPolicy policy, String key) {
        Long previous = recentlyRecorded.asMap().putIfAbsent(policy.name() + ' ' + key,
                policy.refillPeriod().toNanos());
        if (previous != null) {
            return;
        }
        events.record(new SecurityEvent(clock.instant(), SecurityEventType.RATE_LIMITED, username(key),
                request.getRemoteAddr(), request.getRequestURI(), "policy " + policy.name(),
                RequestIdFilter.requestId(request)));
    }

    /** Returns the username of a user key, because the event then names the account that was limited. */
    private static @Nullable String username(String key) {
        return key.startsWith("user ") ? key.substring("user ".length()) : null;
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
