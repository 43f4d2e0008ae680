package dev.rampart.hardening.config;

import java.time.Clock;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.rampart.hardening.audit.RecordingAccessDeniedHandler;
import dev.rampart.hardening.audit.RecordingRequestRejectedHandler;
import dev.rampart.hardening.audit.SecurityEvents;
import dev.rampart.hardening.client.ClientAddressFilter;
import dev.rampart.hardening.client.ClientAddressResolver;
import dev.rampart.hardening.client.ProxyProperties;
import dev.rampart.hardening.errors.ContainerErrorReportValve;
import dev.rampart.hardening.errors.ErrorPageRenderer;
import dev.rampart.hardening.errors.PlainErrorPageRenderer;
import dev.rampart.hardening.errors.ProblemErrorController;
import dev.rampart.hardening.errors.RequestIdFilter;
import dev.rampart.hardening.errors.UnhandledExceptionResolver;
import dev.rampart.hardening.headers.HeadersProperties;
import dev.rampart.hardening.headers.SecurityHeaders;
import dev.rampart.hardening.headers.SecurityHeadersFilter;
import dev.rampart.hardening.ratelimit.BucketStore;
import dev.rampart.hardening.ratelimit.ConcurrentRequestLimitFilter;
import dev.rampart.hardening.ratelimit.InMemoryBucketStore;
import dev.rampart.hardening.ratelimit.RateLimitEventRecorder;
import dev.rampart.hardening.ratelimit.RateLimitFilter;
import dev.rampart.hardening.ratelimit.RateLimitPolicy;
import dev.rampart.hardening.ratelimit.RateLimitProperties;
import dev.rampart.hardening.ratelimit.login.LoginThrottle;
import dev.rampart.hardening.ratelimit.login.LoginThrottleAuthenticationListener;
import dev.rampart.hardening.ratelimit.login.LoginThrottleProperties;
import dev.rampart.hardening.ratelimit.login.LoginUsernameKey;
import dev.rampart.hardening.ratelimit.login.PasswordHashingProperties;
import dev.rampart.hardening.session.AbsoluteSessionTimeoutFilter;
import dev.rampart.hardening.session.SessionProperties;

/** Switches on every control of the starter in a servlet web application. */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class, after = RampartAuditAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({HeadersProperties.class, SessionProperties.class, ProxyProperties.class,
        RateLimitProperties.class})
public class RampartHardeningAutoConfiguration {

    private static final DispatcherType[] ALL_DISPATCHES = DispatcherType.values();

    @Bean
    ProductionSafetyCheck rampartProductionSafetyCheck(Environment environment, ProxyProperties proxies) {
        return new ProductionSafetyCheck(environment, proxies);
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> rampartRequestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(RampartFilterOrder.REQUEST_ID);
        registration.setDispatcherTypes(DispatcherType.REQUEST, ALL_DISPATCHES);
        return registration;
    }

    // Client address: the socket peer, or the client behind a trusted proxy. It runs before the security headers
    // filter, because HSTS depends on whether a trusted proxy received the request over HTTPS.
    @Bean
    ClientAddressResolver rampartClientAddressResolver(ProxyProperties proxies) {
        return new ClientAddressResolver(proxies);
    }

    @Bean
    FilterRegistrationBean<ClientAddressFilter> rampartClientAddressFilter(ClientAddressResolver resolver) {
        var registration = new FilterRegistrationBean<>(new ClientAddressFilter(resolver));
        registration.setOrder(RampartFilterOrder.CLIENT_ADDRESS);
        registration.setDispatcherTypes(DispatcherType.REQUEST, ALL_DISPATCHES);
        return registration;
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> rampartSecurityHeadersFilter(HeadersProperties properties) {
        var registration = new FilterRegistrationBean<>(new SecurityHeadersFilter(properties));
        registration.setOrder(RampartFilterOrder.SECURITY_HEADERS);
        registration.setDispatcherTypes(DispatcherType.REQUEST, ALL_DISPATCHES);
        return registration;
    }

    @Bean
    ContainerErrorReportCustomizer rampartContainerErrorReportCustomizer(HeadersProperties properties) {
        return new ContainerErrorReportCustomizer(new ContainerErrorReportValve(new SecurityHeaders(properties)));
    }

    @Bean
    FilterRegistrationBean<AbsoluteSessionTimeoutFilter> rampartAbsoluteSessionTimeoutFilter(Clock clock,
            SessionProperties properties) {
        var filter = new AbsoluteSessionTimeoutFilter(clock, properties.absoluteTimeout());
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(RampartFilterOrder.SESSION_TIMEOUT);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    ErrorPageRenderer rampartErrorPageRenderer() {
        return new PlainErrorPageRenderer();
    }

    @Bean
    @ConditionalOnMissingBean(org.springframework.boot.webmvc.error.ErrorController.class)
    ProblemErrorController rampartErrorController(ErrorPageRenderer renderer) {
        return new ProblemErrorController(renderer);
    }

    @Bean
    UnhandledExceptionResolver rampartUnhandledExceptionResolver() {
        return new UnhandledExceptionResolver();
    }

    @Bean
    RecordingAccessDeniedHandler rampartAccessDeniedHandler(SecurityEvents events) {
        return new RecordingAccessDeniedHandler(events);
    }

    @Bean
    RecordingRequestRejectedHandler rampartRequestRejectedHandler(SecurityEvents events) {
        return new RecordingRequestRejectedHandler(events);
    }

    @Bean
    @ConditionalOnProperty("rampart.tls.http-redirect-port")
    HttpsRedirectCustomizer rampartHttpsRedirectCustomizer(Environment environment) {
        return new HttpsRedirectCustomizer(environment.getRequiredProperty("rampart.tls.http-redirect-port",
                Integer.class));
    }

    // Rate limiting: the policies are beans of the application. The in-memory store serves one node, and a
    // BucketStore bean of the application (one shared through Redis, for example) replaces it.

    @Bean
    @ConditionalOnMissingBean(BucketStore.class)
    InMemoryBucketStore rampartBucketStore(Clock clock, RateLimitProperties properties) {
        return new InMemoryBucketStore(clock, properties.maxTrackedKeys(), properties.idleExpiry());
    }

    @Bean
    @ConditionalOnProperty(name = "rampart.rate-limit.enabled", matchIfMissing = true)
    FilterRegistrationBean<RateLimitFilter> rampartRateLimitFilter(ObjectProvider<RateLimitPolicy> policies,
            BucketStore store, Clock clock, SecurityEvents events) {
        var recorder = new RateLimitEventRecorder(clock, events);
        var filter = new RateLimitFilter(policies.orderedStream().toList(), store, recorder);
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(RampartFilterOrder.RATE_LIMIT);
        return registration;
    }

    @Bean
    @ConditionalOnProperty(name = "rampart.rate-limit.enabled", matchIfMissing = true)
    FilterRegistrationBean<ConcurrentRequestLimitFilter> rampartConcurrentRequestLimitFilter(
            RateLimitProperties properties) {
        var filter = new ConcurrentRequestLimitFilter(properties.maxConcurrentPerClient());
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(RampartFilterOrder.CONCURRENT_REQUEST_LIMIT);
        return registration;
    }

    // Login throttling and the bounded password-hashing pool. The application places a LoginThrottleFilter in
    // front of its login form and wraps its password encoder in a BoundedPasswordEncoder with these properties.
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({LoginThrottleProperties.class, PasswordHashingProperties.class})
    static class LoginThrottleConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LoginThrottle rampartLoginThrottle(LoginThrottleProperties properties, Clock clock, SecurityEvents events,
                ObjectProvider<LoginUsernameKey> usernameKey) {
            return new LoginThrottle(properties, clock, events,
                    usernameKey.getIfAvailable(LoginUsernameKey::caseInsensitive));
        }

        @Bean
        LoginThrottleAuthenticationListener rampartLoginThrottleListener(LoginThrottle throttle) {
            return new LoginThrottleAuthenticationListener(throttle);
        }
    }
}
