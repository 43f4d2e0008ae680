package dev.rampart.hardening.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import dev.rampart.hardening.support.MutableClock;

class DatabaseRecoveryProbeTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path folder;

    @Test
    void probeClosesHalfOpenBreaker() {
        DatabaseGuard guard = new DatabaseGuard(DatabaseGuardTest.defaults(), clock);
        guard.circuitBreaker().transitionToOpenState();
        guard.circuitBreaker().transitionToHalfOpenState();

        probe(guard, sqlite()).probeIfHalfOpen();

        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void probeOfMissingDatabaseReopensBreaker() {
        DatabaseGuard guard = new DatabaseGuard(DatabaseGuardTest.defaults(), clock);
        guard.circuitBreaker().transitionToOpenState();
        guard.circuitBreaker().transitionToHalfOpenState();
        SQLiteDataSource missing = new SQLiteDataSource();
        // A file in a folder that does not exist cannot be opened: SQLITE_CANTOPEN.
        missing.setUrl("jdbc:sqlite:" + folder.resolve("absent").resolve("board.db"));

        probe(guard, missing).probeIfHalfOpen();

        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void probeLeavesClosedBreakerAlone() {
        DatabaseGuard guard = new DatabaseGuard(DatabaseGuardTest.defaults(), clock);

        probe(guard, sqlite()).probeIfHalfOpen();

        assertThat(guard.circuitBreaker().getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    private SQLiteDataSource sqlite() {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + folder.resolve("board.db"));
        return dataSource;
    }

    private static DatabaseRecoveryProbe probe(DatabaseGuard guard, javax.sql.DataSource dataSource) {
        return new DatabaseRecoveryProbe(guard, dataSource, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
