package dev.rampart.board.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.rampart.hardening.errors.RequestIdFilter;

/** Adds the {@link PageContext} named {@code page} to every model, error pages included. */
@ControllerAdvice
class PageContextAdvice {

    @ModelAttribute("page")
    PageContext page(HttpServletRequest request) {
        return pageContext(request);
    }

    /** Builds the page context for pages rendered outside a handler method, such as exception handlers. */
    static PageContext pageContext(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        String username = signedIn ? authentication.getName() : null;
        boolean admin = signedIn && authentication.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority()));
        return new PageContext(username, admin, () -> (CsrfToken) request.getAttribute(CsrfToken.class.getName()),
                RequestIdFilter.requestId(request));
    }
}
