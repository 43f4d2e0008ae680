package dev.rampart.hardening.audit;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;

/** Turns Spring Security's login and logout events into security events. */
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
        // The exception type tells an operator why (bad credentials, disabled); the user is never told.
        String reason = event.getException().getClass().getSimpleName();
        events.record(SecurityEventType.LOGIN_FAILURE, event.getAuthentication().getName(), reason);
    }

    @EventListener
    public void onLogout(LogoutSuccessEvent event) {
        events.record(SecurityEventType.LOGOUT, event.getAuthentication().getName(), null);
    }
}
