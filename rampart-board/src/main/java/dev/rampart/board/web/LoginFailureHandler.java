package dev.rampart.board.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

import dev.rampart.hardening.resilience.DatabaseUnavailableException;
import dev.rampart.hardening.resilience.DatabaseUnavailableResolver;

/**
 * Redirects every failed login to the same page, so the response never reveals whether an account exists. A
 * login that could not be checked because the database was unavailable is different: its account was never
 * looked up, so it gets the 503 error page with {@code Retry-After} instead of "invalid username or password".
 * Spring Security hands that case over as an {@code InternalAuthenticationServiceException} whose cause is the
 * {@link DatabaseUnavailableException}. Every username gets the same response, so it reveals no accounts.
 */
class LoginFailureHandler implements AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(LoginFailureHandler.class);

    private final SimpleUrlAuthenticationFailureHandler invalidCredentials;

    LoginFailureHandler() {
        this.invalidCredentials = new SimpleUrlAuthenticationFailureHandler("/login?error");
        var redirects = new DefaultRedirectStrategy();
        redirects.setStatusCode(HttpStatus.SEE_OTHER);
        invalidCredentials.setRedirectStrategy(redirects);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException, ServletException {
        DatabaseUnavailableException unavailable = DatabaseUnavailableResolver.findUnavailable(exception);
        if (unavailable == null) {
            invalidCredentials.onAuthenticationFailure(request, response, exception);
            return;
        }
        // The guard logged the database failure when it happened; a line per rejected login would repeat it.
        log.debug("Login rejected with 503 without checking the password: {}", unavailable.getMessage());
        DatabaseUnavailableResolver.sendUnavailable(request, response, unavailable, "The database is unavailable, "
                + "so your password could not be checked and you are not signed in. Try again in "
                + DatabaseUnavailableResolver.retryAfterText(unavailable) + ".");
    }
}
