package dev.rampart.board.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
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
 * wait. The next few transactions can be made to fail as they begin, or to lose their connection. The faults sit
 * between the application and the connection pool, so the pool and the real database stay healthy and the test
 * can read the stored rows again after {@link #clear()}.
 */
public class DatabaseFaults {

    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger beginFailuresLeft = new AtomicInteger();
    private final AtomicInteger breaksLeft = new AtomicInteger();
    private final AtomicInteger commitLossesLeft = new AtomicInteger();
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

    /**
     * Makes the next {@code count} transactions lose their connection at their first statement, and their
     * rollback fail too, the way a write fails when the server goes away in the middle of it.
     */
    public void breakNextTransactions(int count) {
        breaksLeft.set(count);
    }

    /**
     * Makes the next {@code count} transactions commit and then report their connection lost, with the rollback
     * failing too: the server stored the write, but the client never learned it.
     */
    public void loseNextCommits(int count) {
        commitLossesLeft.set(count);
    }

    /** Returns how many of the failures set by {@link #failNextConnections} have not happened yet. */
    public int connectionFailuresLeft() {
        return failuresLeft.get();
    }

    /** Makes every connection request wait before it is served, as when the database server is overloaded. */
    public void delayConnections(Duration delay) {
        fault.set(new Fault(false, delay));
    }

    /** Removes the fault but leaves the circuit breaker as it is, to watch the board recover by itself. */
    public void heal() {
        fault.set(Fault.NONE);
        failuresLeft.set(0);
        beginFailuresLeft.set(0);
        breaksLeft.set(0);
        commitLossesLeft.set(0);
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
            return withTransactionFaults(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            inject();
            return withTransactionFaults(super.getConnection(username, password));
        }

        /** Wraps the connection while transaction faults are pending, so that they reach its next transaction. */
        private Connection withTransactionFaults(Connection connection) {
            DatabaseFaults installed = faults.getIfAvailable();
            if (installed == null || (installed.beginFailuresLeft.get() == 0 && installed.breaksLeft.get() == 0
                    && installed.commitLossesLeft.get() == 0)) {
                return connection;
            }
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new FaultyConnection(connection, installed));
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

    /**
     * A connection whose next transaction fails to begin, or breaks at its first statement the way a connection
     * to a server that went away does. A Spring transaction begins by switching auto-commit off.
     */
    private static final class FaultyConnection implements InvocationHandler {

        private final Connection connection;
        private final DatabaseFaults faults;
        private boolean broken;

        FaultyConnection(Connection connection, DatabaseFaults faults) {
            this.connection = connection;
            this.faults = faults;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            String name = method.getName();
            if (name.equals("setAutoCommit") && Boolean.FALSE.equals(arguments[0])) {
                if (takeOne(faults.beginFailuresLeft)) {
                    throw new SQLTransientConnectionException(
                            "Injected fault: the connection failed as the transaction began");
                }
                Object result = delegate(method, arguments);
                broken = takeOne(faults.breaksLeft);
                return result;
            }
            if (broken && (name.equals("prepareStatement") || name.equals("createStatement"))) {
                throw new SQLNonTransientConnectionException("Injected fault: the connection was lost", "08006");
            }
            if (name.equals("commit") && takeOne(faults.commitLossesLeft)) {
                delegate(method, arguments);
                broken = true;
                throw new SQLNonTransientConnectionException("Injected fault: the connection was lost during commit",
                        "08006");
            }
            if (broken && name.equals("rollback")) {
                broken = false;
                // Ends the real transaction, which on SQLite holds the write lock, before failing the way
                // HikariCP fails every call on a connection it closed after a connection error.
                connection.rollback();
                throw new SQLException("Connection is closed");
            }
            return delegate(method, arguments);
        }

        private Object delegate(Method method, Object[] arguments) throws Throwable {
            try {
                return method.invoke(connection, arguments);
            }
            catch (InvocationTargetException ex) {
                throw ex.getCause();
            }
        }

        private static boolean takeOne(AtomicInteger left) {
            return left.getAndUpdate(count -> Math.max(0, count - 1)) > 0;
        }
    }
}
