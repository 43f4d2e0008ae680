package dev.rampart.hardening.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import dev.rampart.hardening.support.MutableClock;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseGuardTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void readRetriedAfterRefusedConnection() {
        DatabaseGuard guard = guard(defaults());
        Supplier<String> flaky = failingTimes(2, DatabaseGuardTest::refused, "rows");

        String result = guard.read(flaky);

        assertThat(result).isEqualTo("rows");
        assertThat(guard.circuitBreaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
        assertThat(guard.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void callRetriedThreeTimesCountsAsOneFailure() {
        DatabaseGuard guard = guard(defaults());
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> guard.read(() -> {
            attempts.incrementAndGet();
            throw refused();
        })).isInstanceOf(DatabaseUnavailableException.class);

        assertThat(attempts).hasValue(3);
        assertThat(guard.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void writeNotRetriedAfterLostConnection() {
        DatabaseGuard guard = guard(defaults());
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> guard.write(() -> {
            attempts.incrementAndGet();
            throw lostConnection();
        })).isInstanceOf(DatabaseUnavailableException.class);

        assertThat(attempts).hasValue(1);
    }

    @Test
    void readRetriedAfterLostConnection() {
        DatabaseGuard guard = guard(defaults());

        String result = guard.read(failingTimes(1, DatabaseGuardTest::lostConnection, "rows"));

        assertThat(result).isEqualTo("rows");
    }

    @Test
    void writeRetriedWhenSqliteWasBusy() {
        DatabaseGuard guard = guard(defaults());

        String result = guard.write(failingTimes(2, DatabaseGuardTest::busy, "committed"));

        assertThat(result).isEqualTo("committed");
    }

    @Test
    void constraintViolationPassesThroughAsSuccess() {
        DatabaseGuard guard = guard(defaults());
        DataIntegrityViolationException duplicate = new DataIntegrityViolationException("duplicate key");

        assertThatThrownBy(() -> guard.write(() -> {
            throw duplicate;
        })).isSameAs(duplicate);

        assertThat(guard.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(guard.circuitBreaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    }

    @Test
    void fullDiskPassesThroughUnchanged() {
        DatabaseGuard guard = guard(defaults());
        TransientDataAccessResourceException full = new TransientDataAccessResourceException("disk full",
                new SQLiteException("database or disk is full", SQLiteErrorCode.SQLITE_FULL));

        assertThatThrownBy(() -> guard.write(() -> {
            throw full;
        })).isSameAs(full);
    }

    @Test
    void openBreakerRejectsWithoutCallingDatabase() {
        DatabaseGuard guard = guard(defaults());
        openBreaker(guard);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> guard.read(() -> calls.incrementAndGet()))
                .isInstanceOf(DatabaseUnavailableException.class)
                .satisfies(failure -> assertThat(((DatabaseUnavailableException) failure).retryAfterSeconds())
                        .isEqualTo(5));

        assertThat(calls).hasValue(0);
    }

    @Test
    void breakerOpensAfterMinimumFailedCalls(CapturedOutput output) {
        DatabaseGuard guard = guard(defaults());

        openBreaker(guard);

        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(output).contains("Circuit breaker 'database' changed from CLOSED to OPEN");
        assertThat(output).containsPattern("WARN.*Circuit breaker 'database' changed from CLOSED to OPEN");
    }

    @Test
    void breakerProbesAndClosesAfterWait(CapturedOutput output) {
        DatabaseGuard guard = guard(defaults());
        openBreaker(guard);

        clock.advance(Duration.ofSeconds(6));
        for (int i = 0; i < 3; i++) {
            guard.read(() -> "probe");
        }

        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(output).contains("changed from OPEN to HALF_OPEN").contains("changed from HALF_OPEN to CLOSED");
    }

    @Test
    void refusedConnectionOpensBreakerAtOnce(CapturedOutput output) {
        DatabaseGuard guard = guard(withRetryDeadline(Duration.ZERO));
        CannotGetJdbcConnectionException refused = new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("rampart - Connection is not available",
                        new PSQLException("Connection to 127.0.0.1:1 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                                new ConnectException("Connection refused"))));

        assertThatThrownBy(() -> guard.read(() -> {
            throw refused;
        })).isInstanceOf(DatabaseUnavailableException.class);

        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(output).contains("refused a connection, so the circuit breaker opens");
    }

    @Test
    void refusedConnectionNotRetried() {
        DatabaseGuard guard = guard(defaults());
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> guard.read(() -> {
            attempts.incrementAndGet();
            throw new CannotGetJdbcConnectionException("no connection", new PSQLException("refused",
                    PSQLState.CONNECTION_UNABLE_TO_CONNECT, new ConnectException("Connection refused")));
        })).isInstanceOf(DatabaseUnavailableException.class);

        assertThat(attempts).hasValue(1);
    }

    @Test
    void halfOpenBreakerProbesWithoutRetry() {
        DatabaseGuard guard = guard(defaults());
        guard.circuitBreaker().transitionToOpenState();
        guard.circuitBreaker().transitionToHalfOpenState();
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> guard.read(() -> {
            attempts.incrementAndGet();
            throw refused();
        })).isInstanceOf(DatabaseUnavailableException.class);

        assertThat(attempts).hasValue(1);
    }

    @Test
    void lostConnectionAloneLeavesBreakerClosed() {
        DatabaseGuard guard = guard(defaults());

        assertThatThrownBy(() -> guard.write(() -> {
            throw lostConnection();
        })).isInstanceOf(DatabaseUnavailableException.class);

        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void noRetryStartsAfterDeadline() {
        DatabaseGuard guard = guard(withRetryDeadline(Duration.ZERO));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> guard.read(() -> {
            attempts.incrementAndGet();
            throw refused();
        })).isInstanceOf(DatabaseUnavailableException.class);

        assertThat(attempts).hasValue(1);
    }

    @Test
    void fullBulkheadRejectsWithoutCountingFailure() throws Exception {
        DatabaseGuard guard = guard(withBulkhead(1, Duration.ZERO));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
            Future<String> holder = executor.submit(() -> guard.read(() -> {
                inside.countDown();
                await(release);
                return "held";
            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> guard.read(() -> "second")).isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("Too many database calls");

            release.countDown();
            assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("held");
        }
        assertThat(guard.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void unavailableFailureKeepsCauseForLogs() {
        DatabaseGuard guard = guard(withRetryDeadline(Duration.ZERO));
        CannotGetJdbcConnectionException failure = new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("Connection is not available, request timed out after 2000ms"));

        assertThatThrownBy(() -> guard.read(() -> {
            throw failure;
        })).isInstanceOf(DatabaseUnavailableException.class).hasCause(failure)
                .hasMessage("The database call failed: NOT_CONNECTED");
    }

    private DatabaseGuard guard(ResilienceProperties properties) {
        return new DatabaseGuard(properties, clock);
    }

    private void openBreaker(DatabaseGuard guard) {
        for (int i = 0; i < 5; i++) {
            try {
                guard.write(() -> {
                    throw lostConnection();
                });
            }
            catch (DatabaseUnavailableException expected) {
                // Each failed call moves the breaker towards opening.
            }
        }
    }

    private static <T> Supplier<T> failingTimes(int failures, Supplier<RuntimeException> failure, T result) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw failure.get();
            }
            return result;
        };
    }

    private static RuntimeException refused() {
        return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new PSQLException("Connection to 127.0.0.1:1 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT));
    }

    private static RuntimeException lostConnection() {
        return new TransientDataAccessResourceException("I/O error",
                new PSQLException("An I/O error occurred while sending to the backend", PSQLState.CONNECTION_FAILURE));
    }

    private static RuntimeException busy() {
        return new TransientDataAccessResourceException("busy",
                new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    static ResilienceProperties defaults() {
        return withRetryDeadline(Duration.ofSeconds(1));
    }

    private static ResilienceProperties withRetryDeadline(Duration deadline) {
        return new ResilienceProperties(circuitBreaker(), new ResilienceProperties.Retry(3, Duration.ofMillis(1), 2,
                0.5, deadline), new ResilienceProperties.Bulkhead(10, Duration.ofSeconds(1)), timeouts());
    }

    private static ResilienceProperties withBulkhead(int maxConcurrentCalls, Duration maxWait) {
        return new ResilienceProperties(circuitBreaker(), new ResilienceProperties.Retry(3, Duration.ofMillis(1), 2,
                0.5, Duration.ofSeconds(1)), new ResilienceProperties.Bulkhead(maxConcurrentCalls, maxWait),
                timeouts());
    }

    private static ResilienceProperties.CircuitBreaker circuitBreaker() {
        return new ResilienceProperties.CircuitBreaker(50, 20, 5, Duration.ofSeconds(3), 80, Duration.ofSeconds(5), 3);
    }

    private static ResilienceProperties.Timeouts timeouts() {
        return new ResilienceProperties.Timeouts(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(250),
                Duration.ofSeconds(5), Duration.ofSeconds(3));
    }
}
