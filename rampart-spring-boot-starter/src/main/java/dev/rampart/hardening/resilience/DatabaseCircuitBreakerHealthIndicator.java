package dev.rampart.hardening.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the database circuit breaker for the readiness probe. While the breaker is open (or forced open) the
 * status is OUT_OF_SERVICE, so a load balancer stops sending requests that would be rejected with 503 anyway.
 * In every other state, half-open included, the status is UP. The background probe makes the half-open probe
 * call, and requests can make further ones when more are configured, so reporting half-open as unready would
 * only keep traffic away for longer.
 */
public class DatabaseCircuitBreakerHealthIndicator implements HealthIndicator {

    private final CircuitBreaker breaker;

    public DatabaseCircuitBreakerHealthIndicator(DatabaseGuard guard) {
        this.breaker = guard.circuitBreaker();
    }

    @Override
    public Health health() {
        CircuitBreaker.State state = breaker.getState();
        Health.Builder health = switch (state) {
            case OPEN, FORCED_OPEN -> Health.outOfService();
            case CLOSED, HALF_OPEN, DISABLED, METRICS_ONLY -> Health.up();
        };
        // Shown only where management.endpoint.health.show-details allows; the starter's default shows none.
        return health.withDetail("state", state.name())
                .withDetail("failureRate", breaker.getMetrics().getFailureRate())
                .build();
    }
}
