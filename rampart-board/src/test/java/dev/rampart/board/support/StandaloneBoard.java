package dev.rampart.board.support;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.rampart.board.RampartBoardApplication;

/**
 * The whole board on a random port, started and stopped by the test itself instead of Spring's test context
 * cache. Tests whose database lies on storage they unmount or stop need this, because a cached context keeps its
 * connections open until the JVM exits. The rate limits are raised as in {@link BoardIntegrationTest}.
 */
public final class StandaloneBoard implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private StandaloneBoard(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts the board on a random port with the given properties, passed as command line arguments so that
     * they take precedence over application.yml.
     */
    public static StandaloneBoard start(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("server.port", "0",
                "rampart.rate-limit.policies.general.capacity", "1000000",
                "rampart.rate-limit.policies.login.capacity", "1000000",
                "rampart.rate-limit.policies.upload-user.capacity", "1000000",
                "rampart.rate-limit.policies.upload-client.capacity", "1000000"));
        all.putAll(properties);
        String[] arguments = all.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new StandaloneBoard(new SpringApplicationBuilder(RampartBoardApplication.class).run(arguments));
    }

    public int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    public TestBrowser browser() {
        return new TestBrowser(port());
    }

    /** Returns a client on the board's own connection pool, so its queries see the board's database. */
    public JdbcClient jdbc() {
        return JdbcClient.create(context.getBean(DataSource.class));
    }

    /**
     * Closes the idle connections of the board's pool, so that its next query opens a new database session
     * with the session defaults in force at that time.
     */
    public void closeIdleConnections() {
        context.getBean(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
    }

    /** Stops the board and closes its connections, after which its files can be unmounted. */
    @Override
    public void close() {
        context.close();
    }
}
