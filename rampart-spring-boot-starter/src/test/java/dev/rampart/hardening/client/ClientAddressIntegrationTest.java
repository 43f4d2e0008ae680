package dev.rampart.hardening.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.ConfigurableApplicationContext;

import dev.rampart.hardening.support.LogLines;
import dev.rampart.hardening.support.StarterIntegrationTest;
import dev.rampart.hardening.support.TestApplications;
import dev.rampart.hardening.support.TestClient;
import dev.rampart.hardening.support.TestResponse;

/**
 * Forged forwarding headers over real HTTP: the shared test application trusts no proxy, and a second one
 * trusts 127.0.0.1, the address the test client connects from, so that the client plays a trusted proxy.
 */
class ClientAddressIntegrationTest extends StarterIntegrationTest {

    private static final String HSTS = "Strict-Transport-Security";

    private static ConfigurableApplicationContext behindProxy;

    @BeforeAll
    static void startBehindTrustedProxy() {
        behindProxy = TestApplications.start(List.of(), "rampart.proxy.trusted-proxies=127.0.0.1");
    }

    @AfterAll
    static void stop() {
        behindProxy.close();
    }

    @Test
    void forgedForwardedForIsIgnoredWithoutProxies() {
        Set<String> reported = new HashSet<>();
        for (int i = 1; i <= 30; i++) {
            String forged = "203.0.113." + i;
            TestResponse response = client().get("/client-address", "X-Forwarded-For", forged);

            assertThat(response.status()).isEqualTo(200);
            reported.add(response.body());
        }

        assertThat(reported).containsExactly("addr=127.0.0.1 host=127.0.0.1 secure=false scheme=http url=http://"
                + "127.0.0.1:" + port + "/client-address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Forwarded", "X-Real-IP", "X-Client-IP", "True-Client-IP", "CF-Connecting-IP"})
    void otherForwardingHeadersAreIgnored(String header) {
        String value = "Forwarded".equals(header) ? "for=203.0.113.9;proto=https" : "203.0.113.9";

        TestResponse direct = client().get("/client-address", header, value);
        TestResponse proxied = proxyClient().get("/client-address", header, value);

        assertThat(direct.body()).startsWith("addr=127.0.0.1 host=127.0.0.1 secure=false");
        assertThat(proxied.body()).startsWith("addr=127.0.0.1 host=127.0.0.1 secure=false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/redirect", "/client-address"})
    void forwardedHttpsFromUntrustedPeerGetsNoHsts(String path) {
        TestResponse response = client().get(path, "X-Forwarded-Proto", "https");

        assertThat(response.hasHeader(HSTS)).isFalse();
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void trustedProxyReportsForwardedClient() {
        TestResponse response = proxyClient().get("/client-address", "X-Forwarded-For", "198.51.100.66, 203.0.113.9");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("addr=203.0.113.9 host=203.0.113.9 secure=false scheme=http");
    }

    @Test
    void trustedProxyWithMalformedEntryReportsProxy() {
        TestResponse response = proxyClient().get("/client-address", "X-Forwarded-For", "203.0.113.9:4711");

        assertThat(response.body()).startsWith("addr=127.0.0.1 host=127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/redirect", "/throw/unhandled", "/client-address"})
    void forwardedHttpsFromTrustedProxyGetsHsts(String path) {
        TestResponse response = proxyClient().get(path, "X-Forwarded-Proto", "https");

        assertThat(response.header(HSTS)).isEqualTo("max-age=63072000; includeSubDomains");
    }

    @Test
    void forwardedHttpsFromTrustedProxyIsSecure() {
        int port = TestApplications.port(behindProxy);

        TestResponse response = proxyClient().get("/client-address", "X-Forwarded-Proto", "https",
                "X-Forwarded-Port", "8443", "X-Forwarded-Host", "evil.example");

        assertThat(response.body()).isEqualTo("addr=127.0.0.1 host=127.0.0.1 secure=true scheme=https url=https://"
                + "127.0.0.1:" + port + "/client-address");
    }

    @Test
    void hostWithoutPortBehindHttpsProxyUsesPort443() throws IOException {
        String request = "GET /client-address HTTP/1.1\r\nHost: board.example\r\nX-Forwarded-Proto: https\r\n"
                + "Connection: close\r\n\r\n";

        String response = rawRequest(TestApplications.port(behindProxy), request);

        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(response).contains("secure=true scheme=https url=https://board.example/client-address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ftp", "", "https http"})
    void otherForwardedProtoFromTrustedProxyIsNotSecure(String proto) {
        TestResponse response = proxyClient().get("/client-address", "X-Forwarded-Proto", proto);

        assertThat(response.body()).contains("secure=false scheme=http");
        assertThat(response.hasHeader(HSTS)).isFalse();
    }

    @Test
    void securityEventCarriesForwardedClient(CapturedOutput output) {
        TestClient proxy = proxyClient();
        String csrf = proxy.csrfToken();

        TestResponse login = proxy.postForm("/login", Map.of("username", "forwarded-client-probe",
                "password", "wrong password", "_csrf", csrf), "X-Forwarded-For", "203.0.113.77");

        assertThat(login.status()).isEqualTo(302);
        List<String> events = LogLines.containing(output, "forwarded-client-probe").stream()
                .filter(line -> LogLines.message(line).contains("LOGIN_FAILURE"))
                .toList();
        assertThat(events).hasSize(1);
        assertThat(LogLines.message(events.getFirst())).contains("client=203.0.113.77");
    }

    @Test
    void invalidTrustedProxyStopsStartup(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> TestApplications.start(List.of(),
                "rampart.proxy.trusted-proxies=10.0.0.5,proxy.internal"));

        assertThat(failure).hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "rampart.proxy.trusted-proxies",
                "proxy.internal", "for example 10.0.0.5, 10.0.0.0/24 or 2001:db8::/64");
    }

    /** Sends the request as written, because HTTP clients do not let a test choose the Host header. */
    private static String rawRequest(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private TestClient proxyClient() {
        return TestClient.http(TestApplications.port(behindProxy));
    }
}
