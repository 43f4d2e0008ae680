package dev.rampart.board.support;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import dev.rampart.hardening.resilience.DatabaseGuard;

/** Opens the database circuit breaker the way an outage does: with real requests whose database calls fail. */
public final class BreakerDriver {

    /** A post page that never exists, so its request always calls the database and never finds a copy. */
    private static final String MISSING_POST = "/posts/999999999999";

    private static final Duration MAX_TIME = Duration.ofSeconds(20);

    private BreakerDriver() {
    }

    /**
     * Makes every connection fail and sends requests until the breaker opens. Calls that succeeded in the
     * breaker's window still count, so the number of requests needed varies; both it and the time are bounded.
     */
    public static void open(DatabaseFaults faults, DatabaseGuard guard, TestBrowser browser) {
        faults.failConnections();
        long deadline = System.nanoTime() + MAX_TIME.toNanos();
        while (guard.circuitBreaker().getState() != CircuitBreaker.State.OPEN && System.nanoTime() < deadline) {
            TestResponse response = browser.get(MISSING_POST);
            if (response.status() != 503) {
                throw new AssertionError("Expected 503 while connections fail, got " + response.status());
            }
        }
        if (guard.circuitBreaker().getState() != CircuitBreaker.State.OPEN) {
            throw new AssertionError("The breaker did not open within " + MAX_TIME);
        }
    }
}
