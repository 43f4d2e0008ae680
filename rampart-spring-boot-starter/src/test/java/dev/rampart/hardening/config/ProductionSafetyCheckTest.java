package dev.rampart.hardening.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.rampart.hardening.support.SelfSignedCertificate;
import dev.rampart.hardening.support.TestApplications;
import dev.rampart.hardening.support.TestClient;

/**
 * Starts the test application with each insecure production setting. Start-up must fail with a message that
 * names the property and an action that names what to set instead, unless the {@code dev} profile is active.
 * Properties are given as command-line arguments, the way an operator would override the starter's defaults.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionSafetyCheckTest {

    static Stream<Arguments> insecureSettings() {
        return Stream.of(
                Arguments.of("server.address", "0.0.0.0", "server.address=127.0.0.1"),
                Arguments.of("rampart.proxy.unsafe-trust-all-proxies", "true", "rampart.proxy.trusted-proxies"),
                Arguments.of("server.servlet.session.cookie.secure", "false",
                        "Remove server.servlet.session.cookie.secure or set it to true"),
                Arguments.of("server.error.include-stacktrace", "always", "server.error.include-stacktrace=never"),
                Arguments.of("server.error.include-stacktrace", "on_param", "server.error.include-stacktrace=never"));
    }

    @ParameterizedTest
    @MethodSource("insecureSettings")
    void insecureSettingStopsStartup(String property, String value, String action, CapturedOutput output) {
        Throwable failure = catchThrowable(() -> TestApplications.start(List.of(), property + "=" + value));
        FailureAnalysis analysis = new InsecureConfigurationFailureAnalyzer().analyze(failure);

        InsecureConfigurationException insecure = causeOfType(failure, InsecureConfigurationException.class);
        assertThat(insecure).as("cause of %s", failure).isNotNull();
        assertThat(insecure.property()).isEqualTo(property);
        assertThat(insecure.getMessage()).startsWith(property + ": is ").contains(value);
        assertThat(analysis.getDescription()).isEqualTo("Insecure production setting " + insecure.getMessage());
        assertThat(analysis.getAction()).contains(action);
        assertThat(output.getAll()).as("failure analysis printed at start-up")
                .contains("APPLICATION FAILED TO START", "Insecure production setting " + property, action);
    }

    @ParameterizedTest
    @MethodSource("insecureSettings")
    void devProfileAllowsInsecureSetting(String property, String value) {
        try (ConfigurableApplicationContext app = TestApplications.start(List.of("dev"), property + "=" + value)) {
            int status = TestClient.http(TestApplications.port(app)).get("/page").status();

            assertThat(app.getEnvironment().getProperty(property)).isEqualTo(value);
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void openAddressWithTlsStarts() {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate();

        try (ConfigurableApplicationContext app = TestApplications.start(List.of(), "server.address=0.0.0.0",
                "rampart.tls.certificate=" + certificate.certificate(),
                "rampart.tls.private-key=" + certificate.privateKey(),
                "rampart.tls.http-redirect-port=" + TestApplications.freePort())) {
            int port = TestApplications.port(app);
            int status = TestClient.https(port, certificate.trustingContext()).get("/page").status();

            assertThat(app.getEnvironment().getProperty("server.ssl.bundle")).isEqualTo("rampart");
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void openAddressBehindTrustedProxyStarts() {
        try (ConfigurableApplicationContext app = TestApplications.start(List.of(), "server.address=0.0.0.0",
                "rampart.proxy.trusted-proxies=10.0.0.5")) {
            int status = TestClient.http(TestApplications.port(app)).get("/page").status();

            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void defaultSettingsStart() {
        try (ConfigurableApplicationContext app = TestApplications.start(List.of())) {
            int status = TestClient.http(TestApplications.port(app)).get("/page").status();

            assertThat(app.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            assertThat(status).isEqualTo(200);
        }
    }

    private static <T extends Throwable> @Nullable T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
