package dev.rampart.hardening.ratelimit.login;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands in front of the login form's authentication filter. An attempt made while its username or client must
 * wait is rejected with 429 and {@code Retry-After} before any password is checked, with the same answer for
 * existing and unknown usernames. An attempt in progress counts as a failure until it ends, so attempts sent at
 * once are admitted no faster than attempts sent one after another. A login whose password hash the bounded pool
 * rejected is answered with 503 and {@code Retry-After: 1}. Other requests, including those of signed-in
 * sessions, pass untouched.
 */
public class LoginThrottleFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottleFilter.class);

    private final LoginThrottle throttle;
    private final RequestMatcher loginRequests;
    private final String usernameParameter;

    /**
     * @param loginRequests the requests that submit a password, for example {@code POST /login}
     * @param usernameParameter the form field of the username, {@code username} in Spring Security's form login
     */
    public LoginThrottleFilter(LoginThrottle throttle, RequestMatcher loginRequests, String usernameParameter) {
        this.throttle = throttle;
        this.loginRequests = loginRequests;
        this.usernameParameter = usernameParameter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !loginRequests.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = Objects.requireNonNullElse(request.getParameter(usernameParameter), "");
        String client = request.getRemoteAddr();
        Duration wait = throttle.admit(username, client);
        if (wait.isPositive()) {
            log.debug("Login attempt rejected for {} s by the login throttle", LoginThrottle.seconds(wait));
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(LoginThrottle.seconds(wait)));
            response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
            return;
        }

        try {
            chain.doFilter(request, response);
        }
        catch (PasswordHashingUnavailableException ex) {
            log.debug("Login rejected: {}", ex.getMessage());
            if (!response.isCommitted()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
            }
        }
        finally {
            throttle.release(username, client);
        }
    }
}
