package dev.rampart.hardening.config;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.rampart.hardening.resilience.DatabaseGuard;
import dev.rampart.hardening.resilience.DatabaseUnavailableResolver;
import dev.rampart.hardening.resilience.ResilienceProperties;

/**
 * The guarded path for database calls and the 503 response for requests whose database call could not be made.
 * The guard needs no web server, so command-line tasks use it too.
 */
@AutoConfiguration(after = RampartAuditAutoConfiguration.class)
@EnableConfigurationProperties(ResilienceProperties.class)
public class RampartResilienceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DatabaseGuard rampartDatabaseGuard(ResilienceProperties properties, Clock clock) {
        return new DatabaseGuard(properties, clock);
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    DatabaseUnavailableResolver rampartDatabaseUnavailableResolver() {
        return new DatabaseUnavailableResolver();
    }
}
