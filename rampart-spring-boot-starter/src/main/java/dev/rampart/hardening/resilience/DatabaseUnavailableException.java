package dev.rampart.hardening.resilience;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown instead of a database call that could not be made: the circuit breaker is open, the bulkhead is full,
 * or the call failed in a way that means the database is unavailable. Nothing the call would have written was
 * committed, except that a write whose connection broke mid-call may have been committed before the break.
 * Requests that end in this exception receive 503 with {@code Retry-After}.
 */
public class DatabaseUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public DatabaseUnavailableException(String message, Duration retryAfter, @Nullable Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** Returns the time after which the client may try again, for the {@code Retry-After} header. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Returns {@link #retryAfter()} in whole seconds, rounded up and at least 1, as {@code Retry-After} needs. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
