package dev.rampart.hardening.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every state change of a circuit breaker at INFO, and at WARN when it opens, because from then on the
 * service is degraded: reads come from cached copies and writes are rejected.
 */
final class CircuitBreakerStateLogger {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerStateLogger.class);

    private CircuitBreakerStateLogger() {
    }

    static void attachTo(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(CircuitBreakerStateLogger::log);
    }

    private static void log(CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.StateTransition transition = event.getStateTransition();
        if (transition.getToState() == CircuitBreaker.State.OPEN) {
            log.warn("Circuit breaker '{}' changed from {} to OPEN: the service is degraded, reads are served from "
                    + "cached copies and writes are rejected with 503", event.getCircuitBreakerName(),
                    transition.getFromState());
            return;
        }
        log.info("Circuit breaker '{}' changed from {} to {}", event.getCircuitBreakerName(),
                transition.getFromState(), transition.getToState());
    }
}
