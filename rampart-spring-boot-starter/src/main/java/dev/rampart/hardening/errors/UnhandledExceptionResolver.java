package dev.rampart.hardening.errors;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Logs an exception that no other resolver handled, with its request id, and sends 500 through the error
 * page. Without it the exception would leave the servlet and the container would log it after the request's
 * filters had finished, on a line without the request id that the error page shows the user. Spring Security's
 * own exceptions are left to propagate, because its filters turn them into a login prompt or a 403.
 */
public class UnhandledExceptionResolver implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(UnhandledExceptionResolver.class);

    @Override
    public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
            @Nullable Object handler, Exception ex) {
        if (isForSpringSecurity(ex)) {
            return null;
        }
        // The handler names the failing code. The path is left out because the client chose it.
        log.error("Request {} ({}) failed in {}", RequestIdFilter.requestId(request), request.getMethod(), handler,
                ex);
        if (!response.isCommitted()) {
            sendServerError(response);
        }
        return new ModelAndView();
    }

    @Override
    public int getOrder() {
        // Last, so that every resolver that maps an exception to a status gets its turn first.
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static boolean isForSpringSecurity(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof AccessDeniedException || cause instanceof AuthenticationException) {
                return true;
            }
        }
        return false;
    }

    private static void sendServerError(HttpServletResponse response) {
        try {
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
        catch (IOException ex) {
            // The client has disconnected, so no response can reach it. The failure itself is logged above.
            log.debug("Could not send the error response", ex);
        }
    }
}
