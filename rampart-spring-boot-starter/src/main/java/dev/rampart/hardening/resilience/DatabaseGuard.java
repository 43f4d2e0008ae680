package dev.rampart.hardening.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guarded path for database calls: a retry of transient failures around a circuit breaker around a
 * bulkhead. The breaker counts one outcome per call however many attempts it took, because attempts that will
 * be retried reach it as ignored exceptions. Once it is open, calls fail at once without touching the
 * database. Failures that mean the database is unavailable leave as {@link DatabaseUnavailableException}; any
 * other failure, such as a constraint violation, leaves unchanged.
 */
public class DatabaseGuard {

    static final String NAME = "database";

    private static final Logger log = LoggerFactory.getLogger(DatabaseGuard.class);

    private final CircuitBreaker circuitBreaker;
    private final Bulkhead bulkhead;
    private final Retry retry;
    private final RetryPolicy retryPolicy;
    private final Duration retryAfterOpen;
    private final Clock clock;

    public DatabaseGuard(ResilienceProperties properties, Clock clock) {
        this.clock = clock;
        this.circuitBreaker = CircuitBreaker.of(NAME, circuitBreakerConfig(properties.circuitBreaker(), clock));
        this.bulkhead = Bulkhead.of(NAME, bulkheadConfig(properties.bulkhead()));
        this.retryPolicy = new RetryPolicy(properties.retry());
        this.retry = Retry.of(NAME, retryConfig(properties.retry()));
        this.retryAfterOpen = properties.circuitBreaker().waitInOpenState();
        CircuitBreakerStateLogger.attachTo(circuitBreaker);
    }

    /** Runs a read, repeating it after any transient failure. */
    public <T> T read(Supplier<T> query) {
        return call(query, Operation.READ);
    }

    /**
     * Runs a write, which must be one whole transaction, so that repeating it after a failure that certainly
     * did not commit is safe. A write whose connection broke mid-call is not repeated.
     */
    public <T> T write(Supplier<T> transaction) {
        return call(transaction, Operation.WRITE);
    }

    /**
     * Tells whether the breaker rejects every call now, so that a caller can serve a fallback at once instead of
     * making a call that would fail.
     */
    public boolean isOpen() {
        CircuitBreaker.State state = circuitBreaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * Throws the exception a guarded call would throw while the breaker is open, without making a call: for
     * requests that do costly work, such as hashing a password, before their first database call.
     *
     * @throws DatabaseUnavailableException when the breaker is open
     */
    public void rejectIfOpen() {
        if (isOpen()) {
            throw breakerOpen();
        }
    }

    /** Returns the circuit breaker, for health checks and metrics. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** Returns the bulkhead, for metrics. */
    public Bulkhead bulkhead() {
        return bulkhead;
    }

    /** Returns the retry, for metrics. */
    public Retry retry() {
        return retry;
    }

    private <T> T call(Supplier<T> work, Operation operation) {
        Attempts<T> attempts = new Attempts<>(work, operation, clock.instant().plus(retryPolicy.deadline()));
        Supplier<T> guarded = Retry.decorateSupplier(retry,
                CircuitBreaker.decorateSupplier(circuitBreaker,
                        Bulkhead.decorateSupplier(bulkhead, attempts::next)));
        try {
            return guarded.get();
        }
        catch (CallNotPermittedException open) {
            throw breakerOpen();
        }
        catch (BulkheadFullException full) {
            log.warn("Rejected a database call: all {} places in the bulkhead stayed busy",
                    bulkhead.getBulkheadConfig().getMaxConcurrentCalls());
            throw new DatabaseUnavailableException("Too many database calls are in progress", Duration.ofSeconds(1),
                    null);
        }
        catch (RetryableFailure failure) {
            // Only reached if the retry ran out of attempts before the attempt counter did, which it should not.
            throw unavailable(failure.getCause(), operation);
        }
        catch (RuntimeException failure) {
            if (DatabaseFailure.of(failure).isOutage()) {
                openIfRefused(failure);
                throw unavailable(failure, operation);
            }
            throw failure;
        }
    }

    /**
     * Opens the breaker when the database server refused a connection: nothing listens on its port, so every
     * call would wait out the pool's timeout until the failure rate opened the breaker anyway.
     */
    private void openIfRefused(RuntimeException failure) {
        if (DatabaseFailure.isConnectionRefused(failure)
                && circuitBreaker.getState() != CircuitBreaker.State.OPEN) {
            log.warn("The database server refused a connection, so the circuit breaker opens without waiting "
                    + "for the failure rate");
            circuitBreaker.transitionToOpenState();
        }
    }

    private DatabaseUnavailableException breakerOpen() {
        return new DatabaseUnavailableException("The database circuit breaker is open", retryAfterOpen, null);
    }

    private DatabaseUnavailableException unavailable(Throwable failure, Operation operation) {
        DatabaseFailure kind = DatabaseFailure.of(failure);
        log.warn("Database call failed ({}): {}", kind, failure.getMessage());
        // A failure that makes a write safe to repeat is one that certainly did not commit it.
        boolean mayHaveCommitted = operation == Operation.WRITE && !kind.isRetryableWrite();
        return new DatabaseUnavailableException("The database call failed: " + kind, retryAfterOpen, failure,
                mayHaveCommitted);
    }

    private static CircuitBreakerConfig circuitBreakerConfig(ResilienceProperties.CircuitBreaker settings,
            Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindow(settings.slidingWindowSize(), settings.minimumCalls(), SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(settings.failureRateThreshold())
                .slowCallDurationThreshold(settings.slowCallDuration())
                .slowCallRateThreshold(settings.slowCallRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.probeCalls())
                // Without it the breaker would stay open on an idle site until a request arrived, and
                // readiness would report the database down long after it had come back.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(failure -> DatabaseFailure.of(failure).isOutage())
                .ignoreException(failure -> failure instanceof RetryableFailure
                        || failure instanceof BulkheadFullException)
                .clock(clock)
                .build();
    }

    private static BulkheadConfig bulkheadConfig(ResilienceProperties.Bulkhead settings) {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(settings.maxWait())
                .build();
    }

    private static RetryConfig retryConfig(ResilienceProperties.Retry settings) {
        return RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(failure -> failure instanceof RetryableFailure)
                // The wait was chosen, and checked against the deadline, before the failure was thrown.
                .intervalBiFunction((attempt, outcome) -> backoffOf(outcome.isLeft() ? outcome.getLeft() : null))
                .build();
    }

    private static Long backoffOf(@Nullable Throwable failure) {
        return failure instanceof RetryableFailure retryable ? retryable.backoff().toMillis() : 0L;
    }

    private enum Operation {
        READ, WRITE
    }

    /**
     * The backoff schedule: exponential with random jitter, never starting an attempt after the deadline.
     */
    private record RetryPolicy(ResilienceProperties.Retry settings, IntervalFunction backoff) {

        RetryPolicy(ResilienceProperties.Retry settings) {
            this(settings, IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                    settings.backoffMultiplier(), settings.jitter()));
        }

        Duration deadline() {
            return settings.deadline();
        }

        Duration backoffAfter(int attempt) {
            return Duration.ofMillis(backoff.apply(attempt));
        }
    }

    /**
     * The attempts of one call. An attempt that fails in a way worth repeating, with attempts and time left,
     * throws {@link RetryableFailure}, which the breaker ignores and the retry repeats; the last attempt throws
     * the failure itself, so the breaker records the call's outcome once.
     */
    private final class Attempts<T> {

        private final Supplier<T> work;
        private final Operation operation;
        private final Instant deadline;
        private int attempt;

        Attempts(Supplier<T> work, Operation operation, Instant deadline) {
            this.work = work;
            this.operation = operation;
            this.deadline = deadline;
        }

        T next() {
            attempt++;
            try {
                return work.get();
            }
            catch (RuntimeException failure) {
                DatabaseFailure kind = DatabaseFailure.of(failure);
                if (!isRetryable(failure, kind)) {
                    throw failure;
                }
                Duration backoff = retryPolicy.backoffAfter(attempt);
                if (attempt >= retryPolicy.settings().maxAttempts()
                        || clock.instant().plus(backoff).isAfter(deadline)) {
                    throw failure;
                }
                log.info("Retrying a database {} in {} ms after attempt {} failed ({}): {}",
                        operation.name().toLowerCase(Locale.ROOT), backoff.toMillis(), attempt, kind,
                        failure.getMessage());
                throw new RetryableFailure(failure, backoff);
            }
        }

        /**
         * Tells whether the failure is worth another attempt. A refused connection is not: no server listens, and
         * the breaker opens at once. Nor is any failure while the breaker is half-open, because its probe calls
         * must report the database's state quickly, not wait out retries.
         */
        private boolean isRetryable(RuntimeException failure, DatabaseFailure kind) {
            boolean retryableKind = operation == Operation.READ ? kind.isRetryableRead() : kind.isRetryableWrite();
            return retryableKind && !DatabaseFailure.isConnectionRefused(failure)
                    && circuitBreaker.getState() == CircuitBreaker.State.CLOSED;
        }
    }

    /** An attempt that failed and will be repeated after {@code backoff}. */
    private static final class RetryableFailure extends RuntimeException {

        private final Duration backoff;

        RetryableFailure(RuntimeException failure, Duration backoff) {
            super(failure.getMessage(), failure, false, false);
            this.backoff = backoff;
        }

        Duration backoff() {
            return backoff;
        }
    }
}
