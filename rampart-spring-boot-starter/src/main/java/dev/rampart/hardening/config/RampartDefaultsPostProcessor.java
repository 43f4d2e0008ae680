package dev.rampart.hardening.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * Adds safe defaults with the lowest precedence, so any application property or environment variable still
 * wins: loopback binding, hardened session cookies and timeouts, error responses without internals, no
 * container-level handling of forwarding headers, JSON log lines outside the {@code dev} profile, a 20 second
 * grace period for requests in progress at shutdown, and the actuator on a separate loopback port (see
 * {@link #addManagementDefaults}). When
 * {@code rampart.tls.certificate} and {@code rampart.tls.private-key} name PEM files, it also defines the SSL
 * bundle that serves HTTPS on port 8443 and opens a plain-HTTP port that redirects to HTTPS
 * ({@code rampart.tls.http-redirect-port}, default 8080, or {@code false} for none). Naming only one of the two
 * files fails start-up, because the application would otherwise serve plain HTTP where the operator expected
 * HTTPS.
 */
public class RampartDefaultsPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "rampartDefaults";
    static final String TLS_BUNDLE = "rampart";
    static final String TLS_CERTIFICATE = "rampart.tls.certificate";
    static final String TLS_PRIVATE_KEY = "rampart.tls.private-key";
    static final String TLS_HTTP_REDIRECT_PORT = "rampart.tls.http-redirect-port";
    static final String MANAGEMENT_PORT = "8081";
    /** The health contributor name of the database circuit breaker's health indicator bean. */
    static final String DATABASE_CIRCUIT_BREAKER_HEALTH = "databaseCircuitBreaker";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("server.address", "127.0.0.1");
        defaults.put("server.servlet.session.timeout", "30m");
        // The __Host- prefix makes browsers reject the cookie unless it is Secure, has Path=/ and no Domain.
        defaults.put("server.servlet.session.cookie.name", "__Host-rampart-session");
        defaults.put("server.servlet.session.cookie.secure", "true");
        defaults.put("server.servlet.session.cookie.http-only", "true");
        // Strict would drop the session when a user follows a link from elsewhere; Lax still blocks cross-site posts.
        defaults.put("server.servlet.session.cookie.same-site", "lax");
        defaults.put("server.servlet.session.cookie.path", "/");
        defaults.put("server.servlet.session.tracking-modes", "cookie");
        defaults.put("server.error.include-stacktrace", "never");
        defaults.put("server.error.include-message", "never");
        defaults.put("server.error.include-exception", "false");
        defaults.put("server.error.include-binding-errors", "never");
        defaults.put("server.error.whitelabel.enabled", "false");
        defaults.put("server.max-http-request-header-size", "16KB");
        // Relative Location headers: an absolute one would be built from the Host header, which clients choose.
        defaults.put("server.tomcat.use-relative-redirects", "true");
        defaults.put("server.tomcat.max-part-count", "10");
        defaults.put("spring.mvc.problemdetails.enabled", "false");
        // Spring Boot otherwise installs Tomcat's RemoteIpValve when it detects a cloud platform, and that valve
        // trusts X-Forwarded-For from every loopback and private address by default. The client address filter
        // believes forwarding headers from rampart.proxy.trusted-proxies only.
        defaults.put("server.forward-headers-strategy", "none");
        // DefaultHandlerExceptionResolver in this package logs every client error it resolves (405, 415, bad
        // parameters) at WARN, so any client could fill the log. The status and the error page record them.
        // The package is named instead of the class because property names must be lower case.
        defaults.put("logging.level.org.springframework.web.servlet.mvc.support", "error");
        // HikariCP logs each connection it drops as broken at WARN with a stack trace. During a database outage
        // that is one trace per pooled connection, and the database guard already logs each failed call. The
        // brackets keep the logger name's capital letters, which a property name may not otherwise contain.
        defaults.put("logging.level[com.zaxxer.hikari.pool.ProxyConnection]", "error");
        if (!environment.acceptsProfiles(Profiles.of(ProductionSafetyCheck.DEV_PROFILE))) {
            defaults.put("logging.structured.format.console", "ecs");
        }
        // Spring Boot stops each lifecycle phase after this long, so a graceful shutdown of the web server gives
        // requests in progress this long to finish. 20s stays within the 30s that Kubernetes waits by default
        // (terminationGracePeriodSeconds) before it kills the container.
        defaults.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
        addManagementDefaults(defaults);
        addTlsBundle(environment, defaults);
        removeKeysSetByApplicationDefaults(environment, defaults);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    /**
     * Removes each default that the application sets itself through {@code SpringApplication.setDefaultProperties}.
     * Spring Boot moves those below every other source after this post-processor has run, so they would
     * otherwise lose to the starter's defaults.
     */
    private static void removeKeysSetByApplicationDefaults(ConfigurableEnvironment environment,
            Map<String, Object> defaults) {
        PropertySource<?> source = environment.getPropertySources().get(DefaultPropertiesPropertySource.NAME);
        if (source == null) {
            return;
        }
        ConfigurationPropertySource applicationDefaults = ConfigurationPropertySource.from(source);
        if (applicationDefaults == null) {
            return;
        }
        // Matching by configuration property name also finds relaxed spellings such as cookie.sameSite.
        defaults.keySet().removeIf(key ->
                applicationDefaults.getConfigurationProperty(ConfigurationPropertyName.of(key)) != null);
    }

    /**
     * Puts the actuator, when the application has it, on its own port bound to loopback, so health checks and
     * metrics never share the public port and its security chain. Only the health and Prometheus endpoints
     * exist, health shows no details, and the readiness group includes the database circuit breaker. The
     * application's own settings of these properties win, as with every default here.
     */
    private static void addManagementDefaults(Map<String, Object> defaults) {
        defaults.put("management.server.port", MANAGEMENT_PORT);
        defaults.put("management.server.address", "127.0.0.1");
        // No other endpoint is even created, so exposing more over HTTP needs an explicit access setting too.
        defaults.put("management.endpoints.access.default", "none");
        defaults.put("management.endpoint.health.access", "read-only");
        defaults.put("management.endpoint.prometheus.access", "read-only");
        defaults.put("management.endpoints.web.exposure.include", "health,prometheus");
        defaults.put("management.endpoint.health.show-details", "never");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        // Liveness keeps its one default member, livenessState, so a database outage cannot fail it.
        defaults.put("management.endpoint.health.group.readiness.include",
                "readinessState," + DATABASE_CIRCUIT_BREAKER_HEALTH);
    }

    private static void addTlsBundle(ConfigurableEnvironment environment, Map<String, Object> defaults) {
        String certificate = environment.getProperty(TLS_CERTIFICATE);
        String privateKey = environment.getProperty(TLS_PRIVATE_KEY);
        if (!StringUtils.hasText(certificate) && !StringUtils.hasText(privateKey)) {
            return;
        }
        if (!StringUtils.hasText(privateKey)) {
            throw missingTlsProperty(TLS_CERTIFICATE, certificate, TLS_PRIVATE_KEY, "the private key");
        }
        if (!StringUtils.hasText(certificate)) {
            throw missingTlsProperty(TLS_PRIVATE_KEY, privateKey, TLS_CERTIFICATE, "the certificate chain");
        }
        String prefix = "spring.ssl.bundle.pem." + TLS_BUNDLE + ".keystore.";
        defaults.put(prefix + "certificate", certificate);
        defaults.put(prefix + "private-key", privateKey);
        defaults.put("server.ssl.bundle", TLS_BUNDLE);
        defaults.put("server.port", "8443");
        defaults.put(TLS_HTTP_REDIRECT_PORT, "8080");
    }

    private static InvalidConfigurationPropertyValueException missingTlsProperty(String given, String value,
            String missing, String content) {
        return new InvalidConfigurationPropertyValueException(given, value, missing + " is missing. Set " + missing
                + " to the PEM file with " + content + " as well, or remove " + given + " to serve plain HTTP.");
    }

    @Override
    public int getOrder() {
        // After the config data processor, so that profiles and application properties are known.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
