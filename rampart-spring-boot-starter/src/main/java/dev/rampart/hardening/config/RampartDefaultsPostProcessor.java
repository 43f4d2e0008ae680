package dev.rampart.hardening.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Adds safe defaults with the lowest precedence, so any application property or environment variable still
 * wins: loopback binding, hardened session cookies and timeouts, error responses without internals, and
 * JSON log lines outside the {@code dev} profile. When {@code rampart.tls.certificate} and
 * {@code rampart.tls.private-key} name PEM files, it also defines the SSL bundle that serves HTTPS.
 */
public class RampartDefaultsPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "rampartDefaults";
    static final String TLS_BUNDLE = "rampart";

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
        if (!environment.acceptsProfiles(Profiles.of(ProductionSafetyCheck.DEV_PROFILE))) {
            defaults.put("logging.structured.format.console", "ecs");
        }
        addTlsBundle(environment, defaults);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    private static void addTlsBundle(ConfigurableEnvironment environment, Map<String, Object> defaults) {
        String certificate = environment.getProperty("rampart.tls.certificate");
        String privateKey = environment.getProperty("rampart.tls.private-key");
        if (certificate == null || privateKey == null) {
            return;
        }
        String prefix = "spring.ssl.bundle.pem." + TLS_BUNDLE + ".keystore.";
        defaults.put(prefix + "certificate", certificate);
        defaults.put(prefix + "private-key", privateKey);
        defaults.put("server.ssl.bundle", TLS_BUNDLE);
        defaults.put("server.port", "8443");
    }

    @Override
    public int getOrder() {
        // After the config data processor, so that profiles and application properties are known.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
