package dev.rampart.hardening.resilience;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checks the database through the guard while its circuit breaker is half-open, so the breaker closes once the
 * database is back even when no request arrives. Without it a node that a load balancer had taken out of
 * service, because its readiness followed the open breaker, would get no request to probe with and would stay
 * out of service.
 */
public class DatabaseRecoveryProbe implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRecoveryProbe.class);

    private final DatabaseGuard guard;
    private final DataSource dataSource;
    private final Duration interval;
    private final int validationSeconds;
    private volatile ScheduledExecutorService scheduler;

    public DatabaseRecoveryProbe(DatabaseGuard guard, DataSource dataSource, Duration interval,
            Duration validationTimeout) {
        this.guard = guard;
        this.dataSource = dataSource;
        this.interval = interval;
        this.validationSeconds = (int) Math.max(1, validationTimeout.toSeconds());
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("database-probe").factory());
        scheduler = started;
        started.scheduleWithFixedDelay(this::probeIfHalfOpen, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        // Probing the moment the breaker turns half-open takes its probe calls before requests can: a request
        // that became a probe call would wait out the pool's timeout while the database is still down.
        guard.circuitBreaker().getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.HALF_OPEN && !started.isShutdown()) {
                started.execute(this::probeIfHalfOpen);
            }
        });
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.shutdownNow();
        }
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /**
     * Runs probes through the guard while the breaker is waiting for probe calls, up to the number it lets
     * through, because it decides to close or reopen only once all of them have completed.
     */
    void probeIfHalfOpen() {
        CircuitBreaker breaker = guard.circuitBreaker();
        int probes = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
        for (int i = 0; i < probes && breaker.getState() == CircuitBreaker.State.HALF_OPEN; i++) {
            probe();
        }
    }

    private void probe() {
        try {
            guard.read(this::checkConnection);
            log.debug("Database probe succeeded");
        }
        catch (DatabaseUnavailableException unavailable) {
            // The guard has logged the failure, and the breaker has gone back to OPEN.
            log.debug("Database probe failed: {}", unavailable.getMessage());
        }
        catch (RuntimeException unexpected) {
            log.warn("Database probe failed unexpectedly", unexpected);
        }
    }

    private Boolean checkConnection() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(validationSeconds)) {
                throw new ProbeFailure(new SQLTransientConnectionException(
                        "The database did not confirm a pooled connection within " + validationSeconds + " s"));
            }
            return true;
        }
        catch (SQLException ex) {
            throw new ProbeFailure(ex);
        }
    }

    /** Carries the driver's exception through the guard, which classifies it by its cause. */
    private static final class ProbeFailure extends RuntimeException {

        ProbeFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
