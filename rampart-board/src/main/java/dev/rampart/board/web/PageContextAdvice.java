package dev.rampart.board.web;

import jakarta.servlet.http.HttpServletRequest;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.rampart.hardening.errors.RequestIdFilter;
import dev.rampart.hardening.resilience.DatabaseGuard;

/** Adds the {@link PageContext} named {@code page} to every model, error pages included. */
@ControllerAdvice
class PageContextAdvice {

    private final CircuitBreaker databaseBreaker;

    PageContextAdvice(DatabaseGuard guard) {
        this.databaseBreaker = guard.circuitBreaker();
    }

    @ModelAttribute("page")
    PageContext page(HttpServletRequest request) {
        return pageContext(request);
    }

    /** Builds the page context for pages rendered outside a handler method, such as exception handlers. */
    PageContext pageContext(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        String username = signedIn ? authentication.getName() : null;
        boolean admin = signedIn && authentication.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority()));
        return new PageContext(username, admin, () -> (CsrfToken) request.getAttribute(CsrfToken.class.getName()),
                RequestIdFilter.requestId(request), isDatabaseUnavailable());
    }

    /** Reads the breaker's state, a single volatile read, so every page can afford it. */
    private boolean isDatabaseUnavailable() {
        CircuitBreaker.State state = databaseBreaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN
                || state == CircuitBreaker.State.FORCED_OPEN;
    }
}
