package dev.rampart.hardening.session;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidates a session once it is older than the absolute timeout, before Spring Security reads it, so the
 * request continues as anonymous and the user is asked to sign in again.
 */
public class AbsoluteSessionTimeoutFilter extends HttpFilter {

    private static final Logger log = LoggerFactory.getLogger(AbsoluteSessionTimeoutFilter.class);

    private final Clock clock;
    private final Duration absoluteTimeout;

    public AbsoluteSessionTimeoutFilter(Clock clock, Duration absoluteTimeout) {
        this.clock = clock;
        this.absoluteTimeout = absoluteTimeout;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        if (session != null && isExpired(session)) {
            log.debug("Session reached the absolute timeout of {}; invalidating it", absoluteTimeout);
            session.invalidate();
        }
        chain.doFilter(request, response);
    }

    private boolean isExpired(HttpSession session) {
        try {
            long ageMillis = clock.millis() - session.getCreationTime();
            return ageMillis > absoluteTimeout.toMillis();
        }
        catch (IllegalStateException alreadyInvalidated) {
            return false;
        }
    }
}
