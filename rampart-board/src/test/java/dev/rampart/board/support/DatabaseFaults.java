package dev.rampart.board.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.rampart.hardening.resilience.DatabaseGuard;

/**
 * Injects database faults into a running board: every connection request can be made to fail the way HikariCP
 * fails when the server refuses connections, or to wait first, the way a slow server makes it wait. The faults
 * sit between the application and the connection pool, so the pool and the real database stay healthy and the
 * test can read the stored rows again after {@link #clear()}.
 */
public class DatabaseFaults {

    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private final DatabaseGuard guard;

    DatabaseFaults(DatabaseGuard guard) {
        this.guard = guard;
    }

    /** Makes every connection request fail, as when the database server is down. */
    public void failConnections() {
        fault.set(new Fault(true, Duration.ZERO));
    }

    /** Makes every connection request wait before it is served, as when the database server is overloaded. */
    public void delayConnections(Duration delay) {
        fault.set(new Fault(false, delay));
    }

    /** Removes the fault but leaves the circuit breaker as it is, to watch the board recover by itself. */
    public void heal() {
        fault.set(Fault.NONE);
    }

    /** Removes the fault and closes the circuit breaker, so the next test starts from a healthy database. */
    public void clear() {
        heal();
        guard.circuitBreaker().reset();
    }

    /** Wraps the application's data source so that the faults reach it. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Installer {

        @Bean
        DatabaseFaults databaseFaults(DatabaseGuard guard) {
            return new DatabaseFaults(guard);
        }

        @Bean
        static BeanPostProcessor databaseFaultInjector(ObjectProvider<DatabaseFaults> faults) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource ? new FaultyDataSource(dataSource, faults) : bean;
                }
            };
        }
    }

    private record Fault(boolean fail, Duration delay) {

        static final Fault NONE = new Fault(false, Duration.ZERO);
    }

    private static final class FaultyDataSource extends DelegatingDataSource {

        private final ObjectProvider<DatabaseFaults> faults;

        FaultyDataSource(DataSource target, ObjectProvider<DatabaseFaults> faults) {
            super(target);
            this.faults = faults;
        }

        @Override
        public Connection getConnection() throws SQLException {
            inject();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            inject();
            return super.getConnection(username, password);
        }

        private void inject() throws SQLException {
            DatabaseFaults installed = faults.getIfAvailable();
            Fault fault = installed == null ? Fault.NONE : installed.fault.get();
            if (!fault.delay().isZero()) {
                sleep(fault.delay());
            }
            if (fault.fail()) {
                throw new SQLTransientConnectionException("Injected fault: the database refused the connection");
            }
        }

        private static void sleep(Duration delay) throws SQLException {
            try {
                Thread.sleep(delay);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while an injected delay was running", ex);
            }
        }
    }
}
