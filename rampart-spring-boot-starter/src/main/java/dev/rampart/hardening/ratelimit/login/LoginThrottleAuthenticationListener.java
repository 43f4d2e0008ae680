package dev.rampart.hardening.ratelimit.login;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Feeds the outcome of each login into the {@link LoginThrottle}. The client is the address Spring Security
 * stored in the authentication's details when the login request arrived.
 */
public class LoginThrottleAuthenticationListener {

    private final LoginThrottle throttle;

    public LoginThrottleAuthenticationListener(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @EventListener
    public void onSuccess(AuthenticationSuccessEvent event) {
        throttle.recordSuccess(event.getAuthentication().getName(), clientAddress(event.getAuthentication()));
    }

    @EventListener
    public void onFailure(AbstractAuthenticationFailureEvent event) {
        // A failing user store is the server's fault, not a guess, so it must not delay the account's owner.
        // The exception is checked rather than the event type: Spring Security's DefaultAuthenticationEventPublisher
        // (7.0) maps exception classes exactly, so the InternalAuthenticationServiceException that wraps a failed
        // user lookup arrives as whatever default failure event the application configured, if any.
        if (event.getException() instanceof AuthenticationServiceException) {
            return;
        }
        throttle.recordFailure(event.getAuthentication().getName(), clientAddress(event.getAuthentication()));
    }

    private static @Nullable String clientAddress(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails details) {
            return details.getRemoteAddress();
        }
        return null;
    }
}
