package dev.rampart.hardening.config;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.rampart.hardening.management.ManagementSecurity;
import dev.rampart.hardening.resilience.DatabaseCircuitBreakerHealthIndicator;
import dev.rampart.hardening.resilience.DatabaseGuard;
import dev.rampart.hardening.resilience.DatabaseGuardMetrics;

/**
 * The database guard's health and metrics, and the security chains of the management port, for applications
 * that add Spring Boot's actuator. The actuator is optional, so each part is conditional on its classes.
 */
@AutoConfiguration(after = RampartResilienceAutoConfiguration.class, afterName = {
        // After Spring Boot's default chains are decided, because those back off when any chain exists.
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"})
public class RampartManagementAutoConfiguration {

    /** The readiness group includes this indicator under the name {@code databaseCircuitBreaker}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "databaseCircuitBreakerHealthIndicator")
        DatabaseCircuitBreakerHealthIndicator databaseCircuitBreakerHealthIndicator(DatabaseGuard guard) {
            return new DatabaseCircuitBreakerHealthIndicator(guard);
        }
    }

    /** Spring Boot binds every MeterBinder bean to the application's meter registries. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.binder.MeterBinder",
            "io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics"})
    static class MetricsConfiguration {

        @Bean
        DatabaseGuardMetrics rampartDatabaseGuardMetrics(DatabaseGuard guard) {
            return new DatabaseGuardMetrics(guard);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType",
            "org.springframework.security.web.SecurityFilterChain"})
    static class SecurityConfiguration {

        /**
         * Applies only when the management server has a port of its own, the starter's default. On a shared port
         * the actuator's requests reach the application's own chain, which then decides who may see them.
         */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
        static class SeparatePortConfiguration {

            @Bean
            @Order(Ordered.HIGHEST_PRECEDENCE)
            SecurityFilterChain rampartManagementServerChain(HttpSecurity http) {
                return ManagementSecurity.managementServerChain(http);
            }

            @Bean
            @Order(Ordered.HIGHEST_PRECEDENCE + 1)
            SecurityFilterChain rampartActuatorNotFoundChain(HttpSecurity http, WebEndpointProperties endpoints) {
                return ManagementSecurity.applicationServerChain(http, endpoints.getBasePath());
            }
        }
    }
}
