package dev.rampart.hardening.headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rampart.hardening.support.RawHttp;
import dev.rampart.hardening.support.StarterIntegrationTest;
import dev.rampart.hardening.support.TestResponse;

/**
 * Each security header on each kind of response: a page, the 404 and 500 error pages, a static file and a
 * redirect. Error pages are rendered in a second dispatch and static files by another handler, so a header
 * written only on the normal path would be missing there. HSTS over HTTPS is covered by the TLS test.
 */
class SecurityHeadersIntegrationTest extends StarterIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void contentSecurityPolicyForbidsInlineCode(String path) {
        TestResponse response = client().get(path);

        assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'none'; script-src 'self'; "
                + "style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'; object-src 'none'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void contentTypeSniffingIsOff(String path) {
        TestResponse response = client().get(path);

        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void referrerIsNeverSent(String path) {
        TestResponse response = client().get(path);

        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void permissionsPolicyDeniesFeatures(String path) {
        TestResponse response = client().get(path);

        String policy = response.header("Permissions-Policy");
        assertThat(policy).isEqualTo(HeadersProperties.DEFAULT_PERMISSIONS_POLICY);
        assertThat(policy).contains("camera=()", "geolocation=()", "microphone=()", "payment=()", "usb=()");
        assertThat(policy.split(", ")).allMatch(feature -> feature.endsWith("=()"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void openerPolicyIsSameOrigin(String path) {
        TestResponse response = client().get(path);

        assertThat(response.header("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void resourcePolicyIsSameOrigin(String path) {
        TestResponse response = client().get(path);

        assertThat(response.header("Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void xssAuditorIsOff(String path) {
        TestResponse response = client().get(path);

        assertThat(response.header("X-XSS-Protection")).isEqualTo("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void responsesAreNotStored(String path) {
        TestResponse response = client().get(path);

        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void hstsIsAbsentOnPlainHttp(String path) {
        TestResponse response = client().get(path);

        assertThat(response.hasHeader("Strict-Transport-Security")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void serverSoftwareIsNotNamed(String path) {
        TestResponse response = client().get(path);

        assertThat(response.hasHeader("Server")).isFalse();
        assertThat(response.hasHeader("X-Powered-By")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/page", "/missing", "/throw/unhandled", "/robots.txt", "/redirect"})
    void eachKindHasItsExpectedStatus(String path) {
        TestResponse response = client().get(path);

        int expected = switch (path) {
            case "/missing" -> 404;
            case "/throw/unhandled" -> 500;
            case "/redirect" -> 302;
            default -> 200;
        };
        assertThat(response.status()).isEqualTo(expected);
    }

    /**
     * Requests that Tomcat rejects before any filter runs (encoded slash or NUL, backslash, a request line over
     * the header size limit) are handled by the container's error report, which must carry the same headers.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/page%2Fx", "/page%2fx", "/page%00", "/page\\x", "/page?q=LONG"})
    void containerRejectionCarriesSecurityHeaders(String target) {
        String response = RawHttp.get(port, target.replace("LONG", "a".repeat(20_000)));

        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(RawHttp.status(response)).isEqualTo(400);
        assertThat(head).contains("\r\ncontent-security-policy: default-src 'none';");
        assertThat(head).contains("\r\nx-content-type-options: nosniff\r\n");
        assertThat(head).contains("\r\nreferrer-policy: no-referrer\r\n");
        assertThat(head).contains("\r\npermissions-policy: ");
        assertThat(head).contains("\r\ncross-origin-opener-policy: same-origin\r\n");
        assertThat(head).contains("\r\ncross-origin-resource-policy: same-origin\r\n");
        assertThat(head).contains("\r\nx-xss-protection: 0\r\n");
        assertThat(head).contains("\r\ncache-control: no-store\r\n");
        assertThat(body).as("the page obeys the CSP, so it has no inline style").doesNotContain("<style");
        assertThat(body).contains("<h1>Bad request</h1>");
        assertThat(body).doesNotContain("Tomcat").doesNotContain("HTTP Status");
    }
}
