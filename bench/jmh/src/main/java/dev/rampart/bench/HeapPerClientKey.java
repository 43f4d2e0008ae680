package dev.rampart.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;

import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import dev.rampart.hardening.ratelimit.InMemoryBucketStore;
import dev.rampart.hardening.ratelimit.RateLimitPolicy;

/**
 * Measures the heap the in-memory rate-limit store retains after one million distinct client keys, with the
 * default bound of 100,000 tracked keys, against the heap before any key. Run with
 * {@code java -cp benchmarks.jar dev.rampart.bench.HeapPerClientKey}; it prints one line.
 */
public final class HeapPerClientKey {

    private static final int KEYS = 1_000_000;

    private HeapPerClientKey() {
    }

    public static void main(String[] args) throws InterruptedException {
        var store = new InMemoryBucketStore(Clock.systemUTC(), 100_000, Duration.ofMinutes(10));
        var policy = new RateLimitPolicy("general", AnyRequestMatcher.INSTANCE, RateLimitPolicy.KeyKind.CLIENT, 600,
                Duration.ofMinutes(1));
        long idle = usedHeapAfterGc();
        for (int i = 0; i < KEYS; i++) {
            store.tryConsume("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255) + "#" + i, policy);
        }
        store.cleanUp();
        long loaded = usedHeapAfterGc();
        System.out.printf("keys=%d tracked=%d idle_heap_mib=%.1f heap_after_mib=%.1f growth_mib=%.1f%n", KEYS,
                store.estimatedSize(), mib(idle), mib(loaded), mib(loaded - idle));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
