package dev.rampart.hardening.resilience;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.hardening.errors.ErrorView;
import dev.rampart.hardening.errors.RequestIdFilter;

/**
 * Responds to a request whose database call could not be made with 503 and {@code Retry-After}, through the
 * error page. The page states that the database is unavailable, when to try again and, for a request that changes
 * something, whether anything was saved. The failure was logged where it happened, so this logs only at DEBUG.
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
        sendUnavailable(request, response, unavailable, advice(request, unavailable));
        return new ModelAndView();
    }

    /**
     * Sends 503 with {@code Retry-After} through the error page, which shows the given advice, unless the
     * response was already committed. For code outside Spring MVC's exception handling, such as an
     * authentication failure handler.
     */
    public static void sendUnavailable(HttpServletRequest request, HttpServletResponse response,
            DatabaseUnavailableException unavailable, String advice) {
        if (response.isCommitted()) {
            return;
        }
        request.setAttribute(ErrorView.ADVICE_ATTRIBUTE, advice);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(unavailable.retryAfterSeconds()));
        try {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
        catch (IOException ex) {
            log.debug("Could not send the 503 response, the client has disconnected", ex);
        }
    }

    /**
     * Returns the sentence for the error page. For a read it states that the page cannot be shown, for a write
     * that nothing was saved or, when its connection broke mid-commit, that it may have been saved.
     */
    public static String advice(HttpServletRequest request, DatabaseUnavailableException unavailable) {
        String retry = " Try again in " + retryAfterText(unavailable) + ".";
        if (isSafe(request.getMethod())) {
            return "The database is unavailable, so this page cannot be shown right now." + retry;
        }
        if (unavailable.mayHaveCommitted()) {
            return "The connection to the database broke while your change was being saved, so it may or may not "
                    + "have been saved. Check before you send it again.";
        }
        return "The database is unavailable, so nothing was saved." + retry;
    }

    /** Returns the wait as words, such as "1 second" or "5 seconds". */
    public static String retryAfterText(DatabaseUnavailableException unavailable) {
        long seconds = unavailable.retryAfterSeconds();
        return seconds == 1 ? "1 second" : seconds + " seconds";
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

    private static boolean isSafe(String method) {
        return HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method)
                || HttpMethod.OPTIONS.matches(method);
    }
}
