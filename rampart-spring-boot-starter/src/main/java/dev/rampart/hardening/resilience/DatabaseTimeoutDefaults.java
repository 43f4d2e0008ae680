package dev.rampart.hardening.resilience;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code rampart.resilience.timeouts.*} into defaults of the HikariCP, PostgreSQL driver and
 * {@code JdbcTemplate} properties, with the lowest precedence so that an application that sets those
 * properties itself keeps its values. Without them a stopped database server could hold a request for the
 * operating system's TCP timeout, which is minutes.
 */
public class DatabaseTimeoutDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "rampartDatabaseTimeouts";

    private static final String HIKARI = "spring.datasource.hikari.";
    // Brackets keep the case of the key: the PostgreSQL driver matches its property names case-sensitively.
    private static final String DRIVER = HIKARI + "data-source-properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        ResilienceProperties.Timeouts timeouts = Binder.get(environment)
                .bindOrCreate(ResilienceProperties.PREFIX + "timeouts",
                        Bindable.of(ResilienceProperties.Timeouts.class));
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults(timeouts)));
    }

    static Map<String, Object> defaults(ResilienceProperties.Timeouts timeouts) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(HIKARI + "connection-timeout", timeouts.poolWait().toMillis());
        defaults.put(HIKARI + "validation-timeout", timeouts.validation().toMillis());
        // The PostgreSQL driver counts these four in seconds. The SQLite driver ignores them.
        defaults.put(DRIVER + "[connectTimeout]", wholeSeconds(timeouts.connect()));
        defaults.put(DRIVER + "[loginTimeout]", wholeSeconds(timeouts.connect()));
        defaults.put(DRIVER + "[socketTimeout]", wholeSeconds(timeouts.socket()));
        // When a statement times out, the driver sends a cancel request over a new connection and the statement
        // waits until that request is delivered. Against a frozen server the wait lasts this long, 10 s by
        // default in pgjdbc 42.7, which would add to the statement timeout and outlast the socket timeout.
        defaults.put(DRIVER + "[cancelSignalTimeout]", wholeSeconds(timeouts.connect()));
        // JdbcTemplate passes it to Statement.setQueryTimeout, which both drivers honour.
        defaults.put("spring.jdbc.template.query-timeout", timeouts.statement());
        return defaults;
    }

    private static long wholeSeconds(java.time.Duration duration) {
        return Math.max(1, duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0));
    }

    @Override
    public int getOrder() {
        // After the config data processor, so that application properties are known.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
