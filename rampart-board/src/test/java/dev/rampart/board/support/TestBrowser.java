package dev.rampart.board.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal browser over real HTTP for integration tests: it keeps cookies itself (the JDK's cookie manager
 * refuses to send {@code Secure} cookies over http://localhost, which browsers do send), never follows
 * redirects, and reads the CSRF token from the forms it is served.
 */
public class TestBrowser {

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** The hidden field of the forms that create something, which the board fills with a fresh key. */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";

    private static final Pattern IDEMPOTENCY_KEY_INPUT =
            Pattern.compile("name=\"" + IDEMPOTENCY_KEY + "\" value=\"([^\"]+)\"");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient client;
    private final InetAddress localAddress;

    private final String baseUrl;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public TestBrowser(int port) {
        this(port, InetAddress.getLoopbackAddress());
    }

    /**
     * Creates a browser that connects from the given loopback address (any of 127.0.0.0/8 on Linux), so that
     * the server counts it as a client of its own, for tests of per-client limits.
     */
    public TestBrowser(int port, InetAddress localAddress) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.localAddress = localAddress;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .localAddress(localAddress)
                .build();
    }

    /** Returns the address this browser connects from, which the server reports as the remote address. */
    public InetAddress localAddress() {
        return localAddress;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public TestResponse get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public TestResponse head(String path, String... headers) {
        return send(request(path, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    /** Posts a form with a valid CSRF token, read first from the login page of this session. */
    public TestResponse post(String path, Map<String, String> fields, String... headers) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.putIfAbsent("_csrf", csrfToken());
        return postWithoutToken(path, withToken, headers);
    }

    public TestResponse postWithoutToken(String path, Map<String, String> fields, String... headers) {
        String body = formBody(fields);
        return send(request(path, headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a multipart form with a valid CSRF token; each file is (field name, file name, content type, bytes). */
    public TestResponse postMultipart(String path, Map<String, String> fields, List<FilePart> files,
            String... headers) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.putIfAbsent("_csrf", csrfToken());
        return postMultipartWithoutToken(path, withToken, files, headers);
    }

    public TestResponse postMultipartWithoutToken(String path, Map<String, String> fields, List<FilePart> files,
            String... headers) {
        String boundary = "----rampart" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = multipartBody(boundary, fields, files);
        return send(request(path, headers)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public String csrfToken() {
        TestResponse page = get("/login");
        return csrfTokenIn(page.body());
    }

    public static String csrfTokenIn(String html) {
        Matcher matcher = CSRF_INPUT.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("No CSRF token in the page:\n" + html);
        }
        return matcher.group(1);
    }

    public static String idempotencyKeyIn(String html) {
        Matcher matcher = IDEMPOTENCY_KEY_INPUT.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("No idempotency key in the page:\n" + html);
        }
        return matcher.group(1);
    }

    /**
     * Returns a fresh idempotency key in the board's format (16 random bytes in unpadded base64url), for tests
     * that post a creating form without fetching it first.
     */
    public static String newIdempotencyKey() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** Returns the fields with a fresh idempotency key added, as a form that the board has just rendered has. */
    public static Map<String, String> withNewIdempotencyKey(Map<String, String> fields) {
        Map<String, String> withKey = new LinkedHashMap<>(fields);
        withKey.putIfAbsent(IDEMPOTENCY_KEY, newIdempotencyKey());
        return withKey;
    }

    public TestResponse register(String username, String password) {
        return post("/register", withNewIdempotencyKey(Map.of("username", username, "password", password,
                "confirmation", password)));
    }

    public TestResponse login(String username, String password) {
        return post("/login", Map.of("username", username, "password", password));
    }

    /** Registers and signs in a new account, failing the test if either step does not redirect. */
    public TestBrowser signUp(String username, String password) {
        TestResponse registered = register(username, password);
        if (registered.status() != 303) {
            throw new AssertionError("Registration of " + username + " failed with " + registered.status() + ":\n"
                    + registered.body());
        }
        TestResponse loggedIn = login(username, password);
        if (loggedIn.status() != 303 || loggedIn.header("Location").contains("error")) {
            throw new AssertionError("Login of " + username + " failed: " + loggedIn.status() + " "
                    + loggedIn.header("Location"));
        }
        return this;
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

    private static byte[] multipartBody(String boundary, Map<String, String> fields, List<FilePart> files) {
        var body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        for (FilePart file : files) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field()
                    + "\"; filename=\"" + file.filename() + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n");
            body.writeBytes(file.content());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return body.toByteArray();
    }

    private static void write(ByteArrayOutputStream body, String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One file of a multipart request. The file name is sent as given, so tests can send hostile names. */
    public record FilePart(String field, String filename, String contentType, byte[] content) {
    }
}
