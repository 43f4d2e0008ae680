package dev.rampart.hardening.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import dev.rampart.hardening.testapp.TestAccounts;

/**
 * A minimal browser over real HTTP or HTTPS: it keeps cookies itself (the JDK's cookie manager refuses to send
 * {@code Secure} cookies over http://localhost, which browsers do send), never follows redirects, and reads the
 * CSRF token from the login form it is served.
 */
public class TestClient {

    public static final String SESSION_COOKIE = "__Host-rampart-session";

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final HttpClient client;
    private final String baseUrl;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private TestClient(HttpClient client, String baseUrl) {
        this.client = client;
        this.baseUrl = baseUrl;
    }

    /** Creates a client for plain HTTP on 127.0.0.1. */
    public static TestClient http(int port) {
        return new TestClient(builder().build(), "http://127.0.0.1:" + port);
    }

    /** Creates a client for HTTPS on 127.0.0.1 that trusts the certificates of the given context. */
    public static TestClient https(int port, SSLContext trust) {
        return new TestClient(builder().sslContext(trust).build(), "https://127.0.0.1:" + port);
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    /** Sends a GET; headers are given as name, value, name, value. */
    public TestResponse get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public TestResponse postForm(String path, Map<String, String> fields, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(fields))));
    }

    /** Returns the CSRF token of the login form served to this client's session. */
    public String csrfToken() {
        String page = get("/login").body();
        Matcher matcher = CSRF_INPUT.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("No CSRF token in the login page:\n" + page);
        }
        return matcher.group(1);
    }

    /** Signs in through the form with a valid CSRF token, and returns the login response. */
    public TestResponse login(String username, String password) {
        return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrfToken()));
    }

    /** Signs in as the test application's account, failing the test unless the login succeeded. */
    public TestClient signedIn() {
        TestResponse login = login(TestAccounts.USERNAME, TestAccounts.PASSWORD);
        if (login.status() != 302 || login.header("Location").contains("error")) {
            throw new AssertionError("Login failed: " + login.status() + " " + login.header("Location"));
        }
        return this;
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookieHeader());
        }
        return builder;
    }

    private TestResponse send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().allValues("Set-Cookie").forEach(this::storeCookie);
            return new TestResponse(response.statusCode(), response.headers(), response.body());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Request failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private void storeCookie(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int equals = pair.indexOf('=');
        String name = pair.substring(0, equals).strip();
        String value = pair.substring(equals + 1).strip();
        boolean expired = setCookie.toLowerCase().contains("max-age=0") || value.isEmpty();
        if (expired) {
            cookies.remove(name);
        }
        else {
            cookies.put(name, value);
        }
    }

    private String cookieHeader() {
        List<String> pairs = new ArrayList<>();
        cookies.forEach((name, value) -> pairs.add(name + "=" + value));
        return String.join("; ", pairs);
    }

    private static String formBody(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((name, value) -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }
}
