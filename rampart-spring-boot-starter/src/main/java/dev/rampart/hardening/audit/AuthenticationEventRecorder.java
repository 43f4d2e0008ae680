package dev.rampart.hardening.audit;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;

import dev.rampart.hardening.resilience.DatabaseUnavailableResolver;

/**
 * Turns Spring Security's login and logout events into security events. A login that failed because the
 * database was unavailable is not recorded as a failure: its password was never checked, and an outage would
 * otherwise look like a wave of failed logins.
 */
public class AuthenticationEventRecorder {

    private final SecurityEvents events;

    public AuthenticationEventRecorder(SecurityEvents events) {
        this.events = events;
    }

    @EventListener
    public void onSuccess(AuthenticationSuccessEvent event) {
        events.record(SecurityEventType.LOGIN_SUCCESS, event.getAuthentication().getName(), null);
    }

    @EventListener
    public void onFailure(AbstractAuthenticationFailureEvent event) {
        if (DatabaseUnavailableResolver.findUnavailable(event.getException()) != null) {
            return;
        }
        // The exception type tells an operator why (bad credentials, disabled); the user is never told.
        String reason = event.getException().getClass().getSimpleName();
        events.record(SecurityEventType.LOGIN_FAILURE, event.getAuthentication().getName(), reason);
    }

    @EventListener
    public void onLogout(LogoutSuccessEvent event) {
        events.record(SecurityEventType.LOGOUT, event.getAuthentication().getName(), null);
    }
}
