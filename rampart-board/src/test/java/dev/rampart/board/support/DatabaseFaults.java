package dev.rampart.board.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.rampart.hardening.resilience.DatabaseGuard;

/**
 * Injects database faults into a running board. Every connection request, or only the next few, can be made to
 * fail the way HikariCP fails when the server refuses connections, or to wait first as a slow server makes it
 * wait, and the next few transactions can be made to fail as they begin. The faults sit between the application
 * and the connection pool, so the pool and the real database stay healthy and the test can read the stored rows
 * again after {@link #clear()}.
 */
public class DatabaseFaults {

    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger beginFailuresLeft = new AtomicInteger();
    private final DatabaseGuard guard;

    DatabaseFaults(DatabaseGuard guard) {
        this.guard = guard;
    }

    /** Makes every connection request fail, as when the database server is down. */
    public void failConnections() {
        fault.set(new Fault(true, Duration.ZERO));
    }

    /**
     * Makes the next {@code count} connection requests fail and later ones succeed, as when a database server
     * comes back while a call is being retried.
     */
    public void failNextConnections(int count) {
        failuresLeft.set(count);
    }

    /**
     * Makes the next {@code count} transactions fail as they begin, before any statement runs, the way a
     * connection that breaks at that moment fails. Reads run without a transaction, so only writes meet it.
     */
    public void failNextTransactionBegins(int count) {
        beginFailuresLeft.set(count);
    }

    /** Returns how many of the failures set by {@link #failNextConnections} have not happened yet. */
    public int connectionFailuresLeft() {
        return failuresLeft.get();
    }

    /** Makes every connection request wait before it is served, as when the database server is overloaded. */
    public void delayConnections(Duration delay) {
        fault.set(new Fault(false, delay));
    }

    /** Removes the fault and closes the circuit breaker, so the next test starts from a healthy database. */
    public void clear() {
        fault.set(Fault.NONE);
        failuresLeft.set(0);
        beginFailuresLeft.set(0);
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
            return failingBegin(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            inject();
            return failingBegin(super.getConnection(username, password));
        }

        /**
         * Wraps the connection so that switching auto-commit off, which is how a Spring transaction begins,
         * fails while begin failures are pending.
         */
        private Connection failingBegin(Connection connection) {
            DatabaseFaults installed = faults.getIfAvailable();
            if (installed == null || installed.beginFailuresLeft.get() == 0) {
                return connection;
            }
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                        if (isBegin(method, arguments)
                                && installed.beginFailuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                            throw new SQLTransientConnectionException(
                                    "Injected fault: the connection failed as the transaction began");
                        }
                        try {
                            return method.invoke(connection, arguments);
                        }
                        catch (InvocationTargetException ex) {
                            throw ex.getCause();
                        }
                    });
        }

        private static boolean isBegin(Method method, Object[] arguments) {
            return method.getName().equals("setAutoCommit") && Boolean.FALSE.equals(arguments[0]);
        }

        private void inject() throws SQLException {
            DatabaseFaults installed = faults.getIfAvailable();
            if (installed == null) {
                return;
            }
            Fault fault = installed.fault.get();
            if (!fault.delay().isZero()) {
                sleep(fault.delay());
            }
            boolean counted = installed.failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
            if (fault.fail() || counted) {
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
