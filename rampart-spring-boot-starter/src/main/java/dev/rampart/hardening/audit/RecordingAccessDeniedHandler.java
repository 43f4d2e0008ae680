package dev.rampart.hardening.audit;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Records every denial as a security event (a missing or wrong CSRF token separately from a missing role) and
 * responds with 403 through the error page.
 */
public class RecordingAccessDeniedHandler implements AccessDeniedHandler {

    private final SecurityEvents events;

    public RecordingAccessDeniedHandler(SecurityEvents events) {
        this.events = events;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        SecurityEventType type = denied instanceof CsrfException
                ? SecurityEventType.CSRF_REJECTED
                : SecurityEventType.ACCESS_DENIED;
        events.record(type, currentUsername(), request.getMethod() + " " + request.getRequestURI());
        if (!response.isCommitted()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
        }
    }

    private static @Nullable String currentUsername() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? null : authentication.getName();
    }
}
