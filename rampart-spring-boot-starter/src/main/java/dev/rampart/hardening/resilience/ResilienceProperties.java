package dev.rampart.hardening.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the guarded path for database calls: the circuit breaker, the retry of transient failures, the
 * bulkhead and the timeouts given to the connection pool and the JDBC driver.
 *
 * @param circuitBreaker when the breaker opens and how it probes for recovery
 * @param retry how transient failures are retried
 * @param bulkhead how many database calls may run at once
 * @param timeouts the bounds on connecting, validating, reading from the socket and running a statement
 */
@ConfigurationProperties("rampart.resilience")
public record ResilienceProperties(
        @DefaultValue CircuitBreaker circuitBreaker,
        @DefaultValue Retry retry,
        @DefaultValue Bulkhead bulkhead,
        @DefaultValue Timeouts timeouts) {

    static final String PREFIX = "rampart.resilience.";

    /**
     * The circuit breaker around the database. It counts one outcome per request, whatever the number of
     * retries, over the most recent calls. A refused connection opens it at once, because it proves that no
     * database server is listening.
     *
     * @param failureRateThreshold the percentage of failed calls in the window that opens the breaker (default 50)
     * @param slidingWindowSize the number of most recent calls the failure rate is computed over (default 20)
     * @param minimumCalls the calls the window must contain before the rate counts (default 5), so that one
     *     failure on an idle site does not open the breaker
     * @param slowCallDuration a call that takes longer counts as slow (default 3s)
     * @param slowCallRateThreshold the percentage of slow calls that opens the breaker (default 80)
     * @param waitInOpenState how long the breaker stays open before it lets probe calls through (default 5s);
     *     it is also the Retry-After given to rejected requests
     * @param probeCalls the calls let through in the half-open state to decide whether the database is back
     *     (default 1). The background probe makes them as soon as the breaker turns half-open, so every request
     *     meanwhile is rejected at once rather than waiting on a database that may still be down
     */
    public record CircuitBreaker(
            @DefaultValue("50") int failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("3s") Duration slowCallDuration,
            @DefaultValue("80") int slowCallRateThreshold,
            @DefaultValue("5s") Duration waitInOpenState,
            @DefaultValue("1") int probeCalls) {

        public CircuitBreaker {
            requirePercentage("circuit-breaker.failure-rate-threshold", failureRateThreshold);
            requirePercentage("circuit-breaker.slow-call-rate-threshold", slowCallRateThreshold);
            requireAtLeastOne("circuit-breaker.sliding-window-size", slidingWindowSize);
            requireAtLeastOne("circuit-breaker.minimum-calls", minimumCalls);
            if (minimumCalls > slidingWindowSize) {
                throw new IllegalArgumentException(PREFIX + "circuit-breaker.minimum-calls (" + minimumCalls
                        + ") must not exceed circuit-breaker.sliding-window-size (" + slidingWindowSize + ")");
            }
            requireAtLeast("circuit-breaker.slow-call-duration", slowCallDuration, Duration.ofMillis(1));
            requireAtLeast("circuit-breaker.wait-in-open-state", waitInOpenState, Duration.ofMillis(1));
            requireAtLeastOne("circuit-breaker.probe-calls", probeCalls);
        }
    }

    /**
     * The retry of transient failures: a busy SQLite database, a pool timeout, a connection lost during a read, a
     * serialization failure. Waits grow exponentially with random jitter, and no attempt starts after the deadline.
     *
     * @param maxAttempts the most attempts of one call, the first included (default 3)
     * @param initialBackoff the wait before the second attempt, before jitter (default 50ms)
     * @param backoffMultiplier the factor each later wait grows by (default 2)
     * @param jitter the fraction by which a wait is randomly shortened or lengthened (default 0.5)
     * @param deadline the total time after the first attempt's start within which a retry may still begin
     *     (default 1s)
     */
    public record Retry(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("50ms") Duration initialBackoff,
            @DefaultValue("2") double backoffMultiplier,
            @DefaultValue("0.5") double jitter,
            @DefaultValue("1s") Duration deadline) {

        public Retry {
            requireAtLeastOne("retry.max-attempts", maxAttempts);
            requireAtLeast("retry.initial-backoff", initialBackoff, Duration.ofMillis(1));
            if (backoffMultiplier < 1) {
                throw new IllegalArgumentException(PREFIX + "retry.backoff-multiplier must be at least 1, was "
                        + backoffMultiplier);
            }
            if (jitter < 0 || jitter >= 1) {
                throw new IllegalArgumentException(PREFIX + "retry.jitter must be at least 0 and below 1, was "
                        + jitter + "; use for example 0.5");
            }
            requireAtLeast("retry.deadline", deadline, Duration.ZERO);
        }
    }

    /**
     * The cap on concurrent database calls. Calls beyond it wait up to {@code maxWait} and are then rejected
     * with 503, so a slow database ties up at most {@code maxConcurrentCalls} request threads.
     *
     * @param maxConcurrentCalls the most database calls in progress at once (default 10, the connection pool's
     *     default size)
     * @param maxWait how long a call waits for a free place (default 1s)
     */
    public record Bulkhead(
            @DefaultValue("10") int maxConcurrentCalls,
            @DefaultValue("1s") Duration maxWait) {

        public Bulkhead {
            requireAtLeastOne("bulkhead.max-concurrent-calls", maxConcurrentCalls);
            requireAtLeast("bulkhead.max-wait", maxWait, Duration.ZERO);
        }
    }

    /**
     * The time bounds given to HikariCP and the JDBC driver. They become defaults of the matching
     * {@code spring.datasource} and {@code spring.jdbc} properties, so those properties still win when set.
     *
     * @param poolWait how long a call waits for a pooled connection (default 500ms). The bulkhead admits no
     *     more calls than the pool has connections, so a call waits only while the pool replaces a connection,
     *     and a long wait means the database cannot be reached
     * @param connect how long the driver may take to open a new connection and log in, in the background of
     *     the pool, or to deliver the cancel request of a statement that timed out (default 2s). PostgreSQL only
     * @param validation how long checking a pooled connection before use may take (default 250ms)
     * @param socket how long the driver waits for data from the database server before it gives up on the
     *     connection (default 5s). It ends calls to a server that has stopped responding without closing its
     *     sockets. PostgreSQL only: an SQLite database is a local file
     * @param statement how long one statement may run before the driver cancels it (default 3s)
     */
    public record Timeouts(
            @DefaultValue("500ms") Duration poolWait,
            @DefaultValue("2s") Duration connect,
            @DefaultValue("250ms") Duration validation,
            @DefaultValue("5s") Duration socket,
            @DefaultValue("3s") Duration statement) {

        public Timeouts {
            // HikariCP rejects connection and validation timeouts below 250 ms.
            requireAtLeast("timeouts.pool-wait", poolWait, Duration.ofMillis(250));
            requireAtLeast("timeouts.connect", connect, Duration.ofSeconds(1));
            requireAtLeast("timeouts.validation", validation, Duration.ofMillis(250));
            if (validation.compareTo(poolWait) >= 0) {
                // HikariCP validates while the caller waits for a connection, so it requires this order.
                throw new IllegalArgumentException(PREFIX + "timeouts.validation (" + validation
                        + ") must be shorter than timeouts.pool-wait (" + poolWait + ")");
            }
            requireAtLeast("timeouts.socket", socket, Duration.ofSeconds(1));
            requireAtLeast("timeouts.statement", statement, Duration.ofSeconds(1));
        }
    }

    private static void requirePercentage(String name, int value) {
        if (value < 1 || value > 100) {
            throw new IllegalArgumentException(PREFIX + name + " must be a percentage from 1 to 100, was " + value);
        }
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least 1, was " + value);
        }
    }

    private static void requireAtLeast(String name, Duration value, Duration minimum) {
        if (value.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least " + minimum + ", was " + value);
        }
    }
}
