package dev.rampart.hardening.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class DatabaseCircuitBreakerHealthIndicatorTest {

    private final DatabaseGuard guard = new DatabaseGuard(defaultProperties(), Clock.systemUTC());
    private final DatabaseCircuitBreakerHealthIndicator indicator = new DatabaseCircuitBreakerHealthIndicator(guard);

    @Test
    void closedBreakerIsUp() {
        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("state", "CLOSED");
    }

    @Test
    void openBreakerIsOutOfService() {
        guard.circuitBreaker().transitionToOpenState();

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("state", "OPEN");
    }

    @Test
    void forcedOpenBreakerIsOutOfService() {
        guard.circuitBreaker().transitionToForcedOpenState();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void halfOpenBreakerIsUp() {
        guard.circuitBreaker().transitionToOpenState();
        guard.circuitBreaker().transitionToHalfOpenState();

        Health health = indicator.health();

        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("state", "HALF_OPEN");
    }

    @Test
    void resetBreakerIsUpAgain() {
        guard.circuitBreaker().transitionToOpenState();
        guard.circuitBreaker().reset();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    static ResilienceProperties defaultProperties() {
        return new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("rampart.resilience", ResilienceProperties.class);
    }
}
