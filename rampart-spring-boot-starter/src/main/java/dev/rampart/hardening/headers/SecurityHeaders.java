package dev.rampart.hardening.headers;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The security headers of every response, written by {@link SecurityHeadersFilter} for requests that reach the
 * application and by the container's error report for requests that Tomcat rejects before any filter runs.
 */
public final class SecurityHeaders {

    private final String contentSecurityPolicy;
    private final String strictTransportSecurity;
    private final String permissionsPolicy;

    public SecurityHeaders(HeadersProperties properties) {
        this.contentSecurityPolicy = properties.contentSecurityPolicy();
        this.strictTransportSecurity = "max-age=" + properties.hstsMaxAge().toSeconds() + "; includeSubDomains";
        this.permissionsPolicy = properties.permissionsPolicy();
    }

    /** Sets every header on the response, replacing values already set. */
    public void writeTo(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Permissions-Policy", permissionsPolicy);
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        // The old XSS auditor could be abused to blank out parts of a page; 0 turns it off in browsers that have it.
        response.setHeader("X-XSS-Protection", "0");
        // Pages may carry personal data, so nothing is cached by default; static resources set their own policy.
        response.setHeader("Cache-Control", "no-store");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", strictTransportSecurity);
        }
    }
}
