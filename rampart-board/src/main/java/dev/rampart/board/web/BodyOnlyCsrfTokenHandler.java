package dev.rampart.board.web;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Spring's default CSRF token handling, except that a token in the query string does not count. Spring also
 * accepts it there, where it would leak into logs, browser history and proxies; a request that carries the
 * token in its query string is treated as having none, so it is rejected.
 */
class BodyOnlyCsrfTokenHandler implements CsrfTokenRequestHandler {

    private final XorCsrfTokenRequestAttributeHandler delegate = new XorCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
        delegate.handle(request, response, csrfToken);
    }

    @Override
    public @Nullable String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
        String query = request.getQueryString();
        if (query != null && query.contains(csrfToken.getParameterName() + "=")) {
            return null;
        }
        return delegate.resolveCsrfTokenValue(request, csrfToken);
    }
}
