package dev.rampart.hardening.config;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.rampart.hardening.resilience.DatabaseGuard;
import dev.rampart.hardening.resilience.DatabaseRecoveryProbe;
import dev.rampart.hardening.resilience.DatabaseUnavailableResolver;
import dev.rampart.hardening.resilience.ResilienceProperties;

/**
 * The guarded path for database calls, the probe that closes its breaker when the database returns, and the 503
 * response for requests whose database call could not be made. The guard needs no web server, so command-line
 * tasks use it too.
 */
@AutoConfiguration(after = RampartAuditAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(ResilienceProperties.class)
public class RampartResilienceAutoConfiguration {

    // Often enough that recovery follows the database's return within a second or two of the breaker's wait.
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    @Bean
    @ConditionalOnMissingBean
    DatabaseGuard rampartDatabaseGuard(ResilienceProperties properties, Clock clock) {
        return new DatabaseGuard(properties, clock);
    }

    @Bean
    @ConditionalOnBean(DataSource.class)
    DatabaseRecoveryProbe rampartDatabaseRecoveryProbe(DatabaseGuard guard, DataSource dataSource,
            ResilienceProperties properties) {
        return new DatabaseRecoveryProbe(guard, dataSource, PROBE_INTERVAL, properties.timeouts().validation());
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    DatabaseUnavailableResolver rampartDatabaseUnavailableResolver() {
        return new DatabaseUnavailableResolver();
    }
}
