package dev.rampart.hardening.resilience;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.registry.InMemoryRegistryStore;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the database guard's breaker, bulkhead and retry through Resilience4j's tagged metrics, all tagged
 * {@code name="database"}: {@code resilience4j.circuitbreaker.state} (1 for the current state),
 * {@code .calls}, {@code .failure.rate} and {@code .not.permitted.calls}; {@code resilience4j.bulkhead
 * .available.concurrent.calls} and {@code .max.allowed.concurrent.calls}; {@code resilience4j.retry.calls}.
 */
public class DatabaseGuardMetrics implements MeterBinder {

    private final DatabaseGuard guard;

    public DatabaseGuardMetrics(DatabaseGuard guard) {
        this.guard = guard;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // The tagged metrics read from a Resilience4j registry. The guard builds its instances without one, so
        // each is put into a registry of its own, which serves only as the list of instances to measure.
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(CircuitBreakerRegistry.custom()
                .withRegistryStore(storeOf(guard.circuitBreaker().getName(), guard.circuitBreaker()))
                .build()).bindTo(registry);
        TaggedBulkheadMetrics.ofBulkheadRegistry(BulkheadRegistry.custom()
                .withRegistryStore(storeOf(guard.bulkhead().getName(), guard.bulkhead()))
                .build()).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(RetryRegistry.custom()
                .withRegistryStore(storeOf(guard.retry().getName(), guard.retry()))
                .build()).bindTo(registry);
    }

    private static <E> InMemoryRegistryStore<E> storeOf(String name, E instance) {
        InMemoryRegistryStore<E> store = new InMemoryRegistryStore<>();
        store.putIfAbsent(name, instance);
        return store;
    }
}
