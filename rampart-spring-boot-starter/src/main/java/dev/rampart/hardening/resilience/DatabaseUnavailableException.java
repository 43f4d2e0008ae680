package dev.rampart.hardening.resilience;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown instead of a database call that could not be made: the circuit breaker is open, the bulkhead is full,
 * or the call failed in a way that means the database is unavailable. Nothing the call would have written was
 * committed, except that a write whose connection broke or timed out mid-call may have been committed before
 * the break, as {@link #mayHaveCommitted()} reports. Requests that end in this exception receive 503 with
 * {@code Retry-After}.
 */
public class DatabaseUnavailableException extends RuntimeException {

    private final Duration retryAfter;
    private final boolean mayHaveCommitted;

    /** Creates the exception for a call that certainly committed nothing. */
    public DatabaseUnavailableException(String message, Duration retryAfter, @Nullable Throwable cause) {
        this(message, retryAfter, cause, false);
    }

    public DatabaseUnavailableException(String message, Duration retryAfter, @Nullable Throwable cause,
            boolean mayHaveCommitted) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.mayHaveCommitted = mayHaveCommitted;
    }

    /** Returns the time after which the client may try again, for the {@code Retry-After} header. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Tells whether the failed call was a write that may have committed: its connection broke, timed out or hit
     * a storage failure after the statements were sent, so the outcome of the commit is unknown.
     */
    public boolean mayHaveCommitted() {
        return mayHaveCommitted;
    }

    /** Returns {@link #retryAfter()} in whole seconds, rounded up and at least 1, as {@code Retry-After} needs. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
