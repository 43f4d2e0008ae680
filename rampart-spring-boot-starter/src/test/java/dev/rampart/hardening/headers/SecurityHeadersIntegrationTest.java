package dev.rampart.hardening.headers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
}
