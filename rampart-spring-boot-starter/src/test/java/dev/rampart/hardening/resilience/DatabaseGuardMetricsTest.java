package dev.rampart.hardening.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class DatabaseGuardMetricsTest {

    private final DatabaseGuard guard = new DatabaseGuard(DatabaseCircuitBreakerHealthIndicatorTest.defaultProperties(),
            Clock.systemUTC());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    DatabaseGuardMetricsTest() {
        new DatabaseGuardMetrics(guard).bindTo(registry);
    }

    @Test
    void breakerStateGaugeFollowsState() {
        assertThat(state("closed")).isEqualTo(1);
        assertThat(state("open")).isZero();

        guard.circuitBreaker().transitionToOpenState();

        assertThat(state("closed")).isZero();
        assertThat(state("open")).isEqualTo(1);
    }

    @Test
    void callsAreCountedByOutcome() {
        guard.read(() -> "row");
        assertThatThrownBy(() -> guard.write(() -> {
            throw new DataAccessResourceFailureException("down", new SQLTransientConnectionException("refused"));
        })).isInstanceOf(DatabaseUnavailableException.class);

        assertThat(calls("successful")).isEqualTo(1);
        assertThat(calls("failed")).isEqualTo(1);
    }

    @Test
    void rejectedCallsAreCountedWhileOpen() {
        guard.circuitBreaker().transitionToOpenState();

        assertThatThrownBy(() -> guard.read(() -> "row")).isInstanceOf(DatabaseUnavailableException.class);

        Counter notPermitted = registry.get("resilience4j.circuitbreaker.not.permitted.calls")
                .tag("name", "database").counter();
        assertThat(notPermitted.count()).isEqualTo(1);
    }

    @Test
    void bulkheadGaugesShowCallsInProgress() throws InterruptedException {
        assertThat(bulkhead("resilience4j.bulkhead.max.allowed.concurrent.calls")).isEqualTo(10);
        assertThat(bulkhead("resilience4j.bulkhead.available.concurrent.calls")).isEqualTo(10);

        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread call = Thread.ofPlatform().start(() -> guard.read(() -> {
            inside.countDown();
            return awaitQuietly(release);
        }));
        try {
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(bulkhead("resilience4j.bulkhead.available.concurrent.calls")).isEqualTo(9);
        }
        finally {
            release.countDown();
            call.join(10_000);
        }
        assertThat(bulkhead("resilience4j.bulkhead.available.concurrent.calls")).isEqualTo(10);
    }

    @Test
    void retriedReadIsCountedAsSuccessAfterRetry() {
        int[] attempts = {0};
        guard.read(() -> {
            if (attempts[0]++ == 0) {
                throw new DataAccessResourceFailureException("busy", new SQLTransientConnectionException("refused"));
            }
            return "row";
        });

        FunctionCounter retried = registry.get("resilience4j.retry.calls")
                .tag("name", "database").tag("kind", "successful_with_retry").functionCounter();
        assertThat(retried.count()).isEqualTo(1);
    }

    private double state(String state) {
        Gauge gauge = registry.get("resilience4j.circuitbreaker.state").tag("name", "database").tag("state", state)
                .gauge();
        return gauge.value();
    }

    private long calls(String kind) {
        Timer timer = registry.get("resilience4j.circuitbreaker.calls").tag("name", "database").tag("kind", kind)
                .timer();
        return timer.count();
    }

    private double bulkhead(String name) {
        return registry.get(name).tag("name", "database").gauge().value();
    }

    private static String awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return "row";
    }
}
