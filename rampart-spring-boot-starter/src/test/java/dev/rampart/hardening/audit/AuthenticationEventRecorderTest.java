package dev.rampart.hardening.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;

import dev.rampart.hardening.resilience.DatabaseUnavailableException;

/** Which failed logins become LOGIN_FAILURE events. */
class AuthenticationEventRecorderTest {

    private final List<SecurityEvent> stored = new CopyOnWriteArrayList<>();
    private final AuthenticationEventRecorder recorder = new AuthenticationEventRecorder(
            new SecurityEvents(Clock.systemUTC(), List.of(stored::add)));

    @Test
    void wrongPasswordIsLoginFailure() {
        recorder.onFailure(new AuthenticationFailureBadCredentialsEvent(token("alice"),
                new BadCredentialsException("Bad credentials")));

        assertThat(stored).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(SecurityEventType.LOGIN_FAILURE);
            assertThat(event.username()).isEqualTo("alice");
            assertThat(event.detail()).isEqualTo("BadCredentialsException");
        });
    }

    @Test
    void unavailableDatabaseIsNoLoginFailure() {
        var unavailable = new DatabaseUnavailableException("The database circuit breaker is open",
                Duration.ofSeconds(5), null);
        var lookupFailed = new InternalAuthenticationServiceException("Lookup failed", unavailable);

        recorder.onFailure(new AuthenticationFailureServiceExceptionEvent(token("alice"), lookupFailed));
        recorder.onFailure(new AuthenticationFailureBadCredentialsEvent(token("alice"), lookupFailed));

        assertThat(stored).isEmpty();
    }

    @Test
    void otherLookupFailureIsStillRecorded() {
        recorder.onFailure(new AuthenticationFailureServiceExceptionEvent(token("alice"),
                new InternalAuthenticationServiceException("Lookup failed", new IllegalStateException("bug"))));

        assertThat(stored).singleElement().extracting(SecurityEvent::detail)
                .isEqualTo("InternalAuthenticationServiceException");
    }

    private static UsernamePasswordAuthenticationToken token(String username) {
        return UsernamePasswordAuthenticationToken.unauthenticated(username, "a password");
    }
}
