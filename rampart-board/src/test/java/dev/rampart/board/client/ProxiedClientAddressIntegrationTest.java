package dev.rampart.board.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.TestPropertySource;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;

/**
 * The board behind a real nginx that connects from 127.0.0.2, the only trusted proxy. Test clients connect to
 * nginx from 127.0.0.1 or 127.0.0.3 and forge {@code X-Forwarded-For}. Because nginx appends the address it
 * saw, the board must record that address and never the forged one. Requests straight to the board come from an
 * untrusted peer, whose forwarding headers are ignored.
 */
@TestPropertySource(properties = "rampart.proxy.trusted-proxies=" + NginxProxy.PROXY_ADDRESS)
class ProxiedClientAddressIntegrationTest extends BoardIntegrationTest {

    private static final String FORGED = "203.0.113.9";

    private static final String HSTS = "Strict-Transport-Security";

    private static NginxProxy nginx;

    @BeforeEach
    void startNginx() throws IOException {
        if (nginx == null) {
            nginx = NginxProxy.start(port);
        }
    }

    @AfterAll
    static void stopNginx() throws InterruptedException, IOException {
        if (nginx != null) {
            nginx.stop();
            nginx = null;
        }
    }

    @Test
    void forgedAddressThroughProxyIsNotBelieved(CapturedOutput output) {
        String name = uniqueName("proxied");

        Reply reply = failedLogin(http("127.0.0.1", null), nginx.httpPort(), "http", name);

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.location()).isEqualTo("/login?error");
        assertThat(storedClientAddresses(name)).containsExactly("127.0.0.1");
        assertThat(output.getOut()).contains("user=" + name + " client=127.0.0.1 ");
        assertThat(output.getOut()).doesNotContain("user=" + name + " client=" + FORGED);
    }

    @Test
    void clientBehindProxyIsRecordedNotProxy() {
        String name = uniqueName("behind");

        Reply reply = failedLogin(http("127.0.0.3", null), nginx.httpPort(), "http", name);

        assertThat(reply.status()).isEqualTo(303);
        assertThat(storedClientAddresses(name)).containsExactly("127.0.0.3");
    }

    @Test
    void forgedAddressStraightToBoardIsIgnored() {
        String name = uniqueName("direct");

        Reply reply = failedLogin(http("127.0.0.1", null), port, "http", name);

        assertThat(reply.status()).isEqualTo(303);
        assertThat(storedClientAddresses(name)).containsExactly("127.0.0.1");
    }

    @Test
    void httpsThroughProxyGetsHsts() {
        String name = uniqueName("tls");

        Reply reply = failedLogin(http("127.0.0.1", nginx.trustingContext()), nginx.httpsPort(), "https", name);

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.hsts()).isEqualTo("max-age=63072000; includeSubDomains");
        assertThat(storedClientAddresses(name)).containsExactly("127.0.0.1");
    }

    @Test
    void plainHttpThroughProxyGetsNoHsts() {
        Reply reply = get(http("127.0.0.1", null), nginx.httpPort(), "http", "/login", "X-Forwarded-Proto", "https");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.hsts()).isEmpty();
    }

    @Test
    void forgedHttpsStraightToBoardGetsNoHsts() {
        Reply reply = get(http("127.0.0.1", null), port, "http", "/login", "X-Forwarded-Proto", "https");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.hsts()).isEmpty();
    }

    /**
     * Posts a wrong password for an unknown user with forged forwarding headers, using the session and CSRF token
     * of a login page fetched the same way.
     */
    private Reply failedLogin(HttpClient client, int port, String scheme, String username) {
        Reply page = get(client, port, scheme, "/login");
        String token = TestBrowser.csrfTokenIn(page.body());
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=wrong+password+here&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpRequest request = request(port, scheme, "/login", "X-Forwarded-For", FORGED,
                "Forwarded", "for=" + FORGED, "Cookie", page.cookies(),
                "Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return send(client, request);
    }

    private Reply get(HttpClient client, int port, String scheme, String path, String... headers) {
        return send(client, request(port, scheme, path, headers).GET().build());
    }

    private List<String> storedClientAddresses(String username) {
        return jdbc.sql("select client_address from security_events where type = 'LOGIN_FAILURE' and username = ?")
                .param(username)
                .query(String.class)
                .list();
    }

    /** Returns a client whose connections start from the given loopback address. */
    private static HttpClient http(String localAddress, @Nullable SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .localAddress(loopback(localAddress));
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    private static HttpRequest.Builder request(int port, String scheme, String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static Reply send(HttpClient client, HttpRequest request) {
        try {
            return new Reply(client.send(request, HttpResponse.BodyHandlers.ofString()));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Request failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static InetAddress loopback(String address) {
        try {
            // A literal address: getByName parses it without a lookup.
            return InetAddress.getByName(address);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException(address, ex);
        }
    }

    private record Reply(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String location() {
            return response.headers().firstValue("Location").orElse("");
        }

        String hsts() {
            return response.headers().firstValue(HSTS).orElse("");
        }

        /** Returns the cookies the response set, as a Cookie request header. */
        String cookies() {
            return response.headers().allValues("Set-Cookie").stream()
                    .map(cookie -> cookie.split(";", 2)[0])
                    .collect(Collectors.joining("; "));
        }
    }
}
