package dev.rampart.hardening.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.SocketException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Failed calls as the guard reports them: whether they may have committed, and the open breaker. */
class DatabaseGuardCommitTest {

    private final DatabaseGuard guard = new DatabaseGuard(defaults(), Clock.systemUTC());

    @Test
    void brokenConnectionDuringWriteMayHaveCommitted() {
        DatabaseUnavailableException failure = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> guard.write(failing(new SocketException("Connection reset"))));

        assertThat(failure.mayHaveCommitted()).isTrue();
    }

    @Test
    void refusedConnectionDuringWriteCommittedNothing() {
        DatabaseUnavailableException failure = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> guard.write(failing(new SQLTransientConnectionException("Connection is not available"))));

        assertThat(failure.mayHaveCommitted()).isFalse();
    }

    @Test
    void brokenConnectionDuringReadCommittedNothing() {
        DatabaseUnavailableException failure = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> guard.read(failing(new SocketException("Connection reset"))));

        assertThat(failure.mayHaveCommitted()).isFalse();
    }

    @Test
    void openBreakerRejectsWithoutCall() {
        AtomicInteger calls = new AtomicInteger();
        guard.circuitBreaker().transitionToOpenState();

        DatabaseUnavailableException rejected = catchThrowableOfType(DatabaseUnavailableException.class,
                guard::rejectIfOpen);
        DatabaseUnavailableException call = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> guard.write(calls::incrementAndGet));

        assertThat(guard.isOpen()).isTrue();
        assertThat(rejected.retryAfterSeconds()).isEqualTo(5);
        assertThat(rejected.mayHaveCommitted()).isFalse();
        assertThat(call.mayHaveCommitted()).isFalse();
        assertThat(calls).hasValue(0);
    }

    @Test
    void closedBreakerLetsRequestsProceed() {
        assertThat(guard.isOpen()).isFalse();
        assertThatNoException().isThrownBy(guard::rejectIfOpen);

        guard.circuitBreaker().transitionToOpenState();
        guard.circuitBreaker().transitionToHalfOpenState();

        assertThat(guard.isOpen()).as("half-open lets probe calls through").isFalse();
        assertThatNoException().isThrownBy(guard::rejectIfOpen);
    }

    private static <T> Supplier<T> failing(Exception cause) {
        return () -> {
            throw new IllegalStateException("Driver call failed", cause);
        };
    }

    private static ResilienceProperties defaults() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of()));
        return binder.bindOrCreate("rampart.resilience", ResilienceProperties.class);
    }
}
