package dev.rampart.hardening.headers;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes the security headers before the rest of the chain runs, so they are present on every response:
 * pages, static files, redirects and error pages alike (the filter is also registered for error dispatches).
 * Handlers may still override a header, for example a download's stricter {@code Content-Security-Policy}.
 */
public class SecurityHeadersFilter extends HttpFilter {

    private final String contentSecurityPolicy;
    private final String strictTransportSecurity;
    private final String permissionsPolicy;

    public SecurityHeadersFilter(HeadersProperties properties) {
        this.contentSecurityPolicy = properties.contentSecurityPolicy();
        this.strictTransportSecurity = "max-age=" + properties.hstsMaxAge().toSeconds() + "; includeSubDomains";
        this.permissionsPolicy = properties.permissionsPolicy();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        writeHeaders(request, response);
        chain.doFilter(request, response);
    }

    private void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
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
