package dev.rampart.hardening.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import dev.rampart.hardening.client.ProxyProperties;

/**
 * Stops start-up when a production setting would expose the application: listening beyond loopback over
 * plain HTTP with no trusted proxy in front, trusting forwarding headers from everybody, session cookies
 * without {@code Secure}, or stack traces in error responses. The {@code dev} profile skips the check.
 */
public class ProductionSafetyCheck implements InitializingBean {

    public static final String DEV_PROFILE = "dev";

    private final Environment environment;
    private final ProxyProperties proxies;

    public ProductionSafetyCheck(Environment environment, ProxyProperties proxies) {
        this.environment = environment;
        this.proxies = proxies;
    }

    @Override
    public void afterPropertiesSet() {
        if (environment.acceptsProfiles(Profiles.of(DEV_PROFILE))) {
            return;
        }
        checkProxies();
        checkBindAddress();
        checkSessionCookie();
        checkErrorDetails();
    }

    private void checkProxies() {
        if (proxies.unsafeTrustAllProxies()) {
            throw new InsecureConfigurationException("rampart.proxy.unsafe-trust-all-proxies",
                    "is true, so any client can choose the address it is rate limited and logged under.",
                    "Remove it and list your proxies in rampart.proxy.trusted-proxies, for example 10.0.0.5 "
                            + "or 10.0.0.0/24.");
        }
    }

    private void checkBindAddress() {
        String address = environment.getProperty("server.address", "");
        if (isLoopback(address) || servesTls() || !proxies.trustedProxies().isEmpty()) {
            return;
        }
        throw new InsecureConfigurationException("server.address",
                "is '" + address + "', which accepts plain HTTP from other machines.",
                "Set rampart.tls.certificate and rampart.tls.private-key to PEM files to serve HTTPS, or list the "
                        + "TLS-terminating proxy in rampart.proxy.trusted-proxies, or set server.address=127.0.0.1.");
    }

    private void checkSessionCookie() {
        if (!environment.getProperty("server.servlet.session.cookie.secure", Boolean.class, true)) {
            throw new InsecureConfigurationException("server.servlet.session.cookie.secure",
                    "is false, so the session cookie would travel over plain HTTP.",
                    "Remove server.servlet.session.cookie.secure or set it to true. Browsers send Secure cookies "
                            + "to http://localhost as well.");
        }
    }

    private void checkErrorDetails() {
        String stackTrace = environment.getProperty("server.error.include-stacktrace", "never");
        if (!"never".equalsIgnoreCase(stackTrace)) {
            throw new InsecureConfigurationException("server.error.include-stacktrace",
                    "is '" + stackTrace + "', which shows internals to attackers.",
                    "Set server.error.include-stacktrace=never, or use the dev profile on your own machine.");
        }
    }

    private boolean servesTls() {
        return environment.containsProperty("server.ssl.bundle")
                || environment.getProperty("server.ssl.enabled", Boolean.class, false);
    }

    private static boolean isLoopback(String address) {
        if (address.isBlank()) {
            return false;
        }
        try {
            // Only literal addresses and localhost are expected here; a host name would be resolved once.
            return InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }
}
