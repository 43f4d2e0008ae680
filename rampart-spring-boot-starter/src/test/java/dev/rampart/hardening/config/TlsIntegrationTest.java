package dev.rampart.hardening.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.rampart.hardening.support.SelfSignedCertificate;
import dev.rampart.hardening.support.TestApplications;
import dev.rampart.hardening.support.TestClient;
import dev.rampart.hardening.support.TestResponse;

/**
 * HTTPS from two PEM files: the test application serves a fresh self-signed certificate on a random port, and
 * plain HTTP on a second port redirects to HTTPS. The environment post-processor must see the
 * TLS properties, so the application is started here rather than through the test context cache.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsIntegrationTest {

    private static SelfSignedCertificate certificate;
    private static ConfigurableApplicationContext app;
    private static int httpsPort;
    private static int redirectPort;

    @BeforeAll
    static void startWithTls() {
        certificate = SelfSignedCertificate.generate();
        redirectPort = TestApplications.freePort();
        app = TestApplications.start(List.of(),
                "rampart.tls.certificate=" + certificate.certificate(),
                "rampart.tls.private-key=" + certificate.privateKey(),
                "rampart.tls.http-redirect-port=" + redirectPort);
        httpsPort = TestApplications.port(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void pageIsServedOverHttps() {
        TestResponse response = https().get("/page");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("Test page");
        assertThat(app.getEnvironment().getProperty("server.ssl.bundle")).isEqualTo("rampart");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void hstsIsSentOnEveryHttpsResponse(String path) {
        TestResponse response = https().get(path);

        assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=63072000; includeSubDomains");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/account", "/login?error", "/page?a=1&b=%2F"})
    void plainHttpRedirectsToHttpsPort(String path) {
        TestResponse response = TestClient.http(redirectPort).get(path);

        assertThat(response.status()).isIn(302, 307, 308);
        assertThat(response.header("Location")).isEqualTo("https://127.0.0.1:" + httpsPort + path);
        assertThat(response.hasHeader("Strict-Transport-Security")).isFalse();
        assertThat(response.body()).doesNotContain("Test page");
    }

    @Test
    void redirectConnectorListensOnServerAddressOnly() {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app).getWebServer();

        Connector redirect = Arrays.stream(server.getTomcat().getService().findConnectors())
                .filter(connector -> connector.getLocalPort() == redirectPort)
                .findFirst()
                .orElseThrow();

        assertThat(redirect.getSecure()).isFalse();
        assertThat(((AbstractProtocol<?>) redirect.getProtocolHandler()).getAddress())
                .isEqualTo(InetAddress.getLoopbackAddress());
    }

    @Test
    void httpsSessionCookieIsHostPrefixed() {
        TestResponse login = https().get("/login");

        assertThat(login.header("Set-Cookie")).startsWith(TestClient.SESSION_COOKIE + "=")
                .contains("Secure", "HttpOnly", "SameSite=Lax", "Path=/")
                .doesNotContain("Domain=");
    }

    @Test
    void signInWorksOverHttps() {
        TestClient client = https().signedIn();

        TestResponse account = client.get("/account");

        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body()).isEqualTo("Signed in as reader");
    }

    @Test
    void certificateWithoutKeyStopsStartup(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> TestApplications.start(List.of(),
                "rampart.tls.certificate=" + certificate.certificate()));

        assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("rampart.tls.private-key is missing");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "rampart.tls.private-key is missing");
    }

    @Test
    void keyWithoutCertificateStopsStartup(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> TestApplications.start(List.of("dev"),
                "rampart.tls.private-key=" + certificate.privateKey()));

        assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("rampart.tls.certificate is missing");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "rampart.tls.certificate is missing");
    }

    private static TestClient https() {
        return TestClient.https(httpsPort, certificate.trustingContext());
    }
}
