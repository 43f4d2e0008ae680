package dev.rampart.hardening.resilience;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.hardening.errors.RequestIdFilter;

/**
 * Responds to a request whose database call could not be made with 503 and {@code Retry-After}, through the error
 * page, which tells the user that nothing was saved. The failure was logged where it happened, so this logs
 * only at DEBUG.
 */
public class DatabaseUnavailableResolver implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableResolver.class);

    @Override
    public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
            @Nullable Object handler, Exception ex) {
        DatabaseUnavailableException unavailable = findUnavailable(ex);
        if (unavailable == null) {
            return null;
        }
        log.debug("Request {} got 503: {}", RequestIdFilter.requestId(request), unavailable.getMessage());
        if (!response.isCommitted()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(unavailable.retryAfterSeconds()));
            sendUnavailable(response);
        }
        return new ModelAndView();
    }

    @Override
    public int getOrder() {
        // After the application's own exception handlers, which may respond with a degraded page instead,
        // and before the resolver that turns every remaining exception into 500.
        return Ordered.LOWEST_PRECEDENCE - 1;
    }

    /** Returns the exception, or its first cause, that is a {@link DatabaseUnavailableException}. */
    public static @Nullable DatabaseUnavailableException findUnavailable(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseUnavailableException unavailable) {
                return unavailable;
            }
        }
        return null;
    }

    private static void sendUnavailable(HttpServletResponse response) {
        try {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
        catch (IOException ex) {
            log.debug("Could not send the 503 response, the client has disconnected", ex);
        }
    }
}
