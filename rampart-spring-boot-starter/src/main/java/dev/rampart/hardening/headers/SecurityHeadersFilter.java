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

    private final SecurityHeaders headers;

    public SecurityHeadersFilter(HeadersProperties properties) {
        this.headers = new SecurityHeaders(properties);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        headers.writeTo(request, response);
        chain.doFilter(request, response);
    }
}
