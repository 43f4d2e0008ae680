package dev.rampart.hardening.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The defaults the starter adds beneath the application's own properties. */
class RampartDefaultsPostProcessorTest {

    @Test
    void tlsFilesDefineBundleAndPorts() {
        StandardEnvironment environment = environment(Map.of(
                "rampart.tls.certificate", "/etc/rampart/certificate.pem",
                "rampart.tls.private-key", "/etc/rampart/private-key.pem"));

        process(environment);

        assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("rampart");
        assertThat(environment.getProperty("spring.ssl.bundle.pem.rampart.keystore.certificate"))
                .isEqualTo("/etc/rampart/certificate.pem");
        assertThat(environment.getProperty("spring.ssl.bundle.pem.rampart.keystore.private-key"))
                .isEqualTo("/etc/rampart/private-key.pem");
        assertThat(environment.getProperty("server.port")).isEqualTo("8443");
        assertThat(environment.getProperty("rampart.tls.http-redirect-port")).isEqualTo("8080");
    }

    @Test
    void applicationPortsWinOverTlsDefaults() {
        StandardEnvironment environment = environment(Map.of(
                "rampart.tls.certificate", "/etc/rampart/certificate.pem",
                "rampart.tls.private-key", "/etc/rampart/private-key.pem",
                "server.port", "9443",
                "rampart.tls.http-redirect-port", "false"));

        process(environment);

        assertThat(environment.getProperty("server.port")).isEqualTo("9443");
        assertThat(environment.getProperty("rampart.tls.http-redirect-port")).isEqualTo("false");
    }

    @Test
    void withoutTlsFilesNoBundleOrRedirect() {
        StandardEnvironment environment = environment(Map.of());

        process(environment);

        assertThat(environment.containsProperty("server.ssl.bundle")).isFalse();
        assertThat(environment.containsProperty("rampart.tls.http-redirect-port")).isFalse();
        assertThat(environment.containsProperty("server.port")).isFalse();
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void certificateAloneNamesMissingKey() {
        StandardEnvironment environment = environment(Map.of("rampart.tls.certificate", "/etc/rampart/cert.pem"));

        var failure = catchThrowableOfType(InvalidConfigurationPropertyValueException.class,
                () -> process(environment));

        assertThat(failure.getName()).isEqualTo("rampart.tls.certificate");
        assertThat(failure.getReason()).startsWith("rampart.tls.private-key is missing. Set rampart.tls.private-key");
    }

    @Test
    void keyAloneNamesMissingCertificate() {
        StandardEnvironment environment = environment(Map.of("rampart.tls.private-key", "/etc/rampart/key.pem"));

        var failure = catchThrowableOfType(InvalidConfigurationPropertyValueException.class,
                () -> process(environment));

        assertThat(failure.getName()).isEqualTo("rampart.tls.private-key");
        assertThat(failure.getReason()).startsWith("rampart.tls.certificate is missing. Set rampart.tls.certificate");
    }

    @Test
    void blankKeyCountsAsMissing() {
        StandardEnvironment environment = environment(Map.of(
                "rampart.tls.certificate", "/etc/rampart/cert.pem",
                "rampart.tls.private-key", " "));

        var failure = catchThrowableOfType(InvalidConfigurationPropertyValueException.class,
                () -> process(environment));

        assertThat(failure.getReason()).startsWith("rampart.tls.private-key is missing");
    }

    @Test
    void containerNeverHandlesForwardingHeaders() {
        StandardEnvironment environment = environment(Map.of());

        process(environment);

        assertThat(environment.getProperty("server.forward-headers-strategy")).isEqualTo("none");
    }

    @Test
    void actuatorGetsLoopbackManagementPort() {
        StandardEnvironment environment = environment(Map.of());

        process(environment);

        assertThat(environment.getProperty("management.server.port")).isEqualTo("8081");
        assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,prometheus");
        assertThat(environment.getProperty("management.endpoints.access.default")).isEqualTo("none");
        assertThat(environment.getProperty("management.endpoint.health.show-details")).isEqualTo("never");
        assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState,databaseCircuitBreaker");
        assertThat(environment.containsProperty("management.endpoint.health.group.liveness.include")).isFalse();
    }

    @Test
    void applicationManagementSettingsWin() {
        StandardEnvironment environment = environment(Map.of("management.server.port", "9090",
                "management.endpoint.health.group.readiness.include", "readinessState"));

        process(environment);

        assertThat(environment.getProperty("management.server.port")).isEqualTo("9090");
        assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState");
    }

    @Test
    void shutdownWaitsTwentySeconds() {
        StandardEnvironment environment = environment(Map.of());

        process(environment);

        assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("20s");
    }

    @Test
    void productionLogsAreEcsJson() {
        StandardEnvironment environment = environment(Map.of());

        process(environment);

        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void devProfileLogsAreText() {
        StandardEnvironment environment = environment(Map.of());
        environment.setActiveProfiles("dev");

        process(environment);

        assertThat(environment.containsProperty("logging.structured.format.console")).isFalse();
    }

    @Test
    void applicationSettingWinsOverDefault() {
        StandardEnvironment environment = environment(Map.of("server.servlet.session.timeout", "10m"));

        process(environment);

        assertThat(environment.getProperty("server.servlet.session.timeout")).isEqualTo("10m");
        assertThat(environment.getProperty("server.servlet.session.cookie.name")).isEqualTo("__Host-rampart-session");
    }

    @Test
    void applicationDefaultPropertiesWin() {
        StandardEnvironment environment = environment(Map.of());
        environment.getPropertySources().addLast(new MapPropertySource(DefaultPropertiesPropertySource.NAME, Map.of(
                "server.servlet.session.timeout", "10m",
                "server.servlet.session.cookie.sameSite", "strict")));

        process(environment);
        DefaultPropertiesPropertySource.moveToEnd(environment);

        assertThat(environment.getProperty("server.servlet.session.timeout")).isEqualTo("10m");
        assertThat(environment.containsProperty("server.servlet.session.cookie.same-site")).isFalse();
        assertThat(environment.getProperty("server.servlet.session.cookie.sameSite")).isEqualTo("strict");
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }

    private static void process(StandardEnvironment environment) {
        new RampartDefaultsPostProcessor().postProcessEnvironment(environment, new SpringApplication());
    }
}
