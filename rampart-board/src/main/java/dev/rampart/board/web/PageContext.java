package dev.rampart.board.web;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The values every page's layout needs: the signed-in user, the CSRF token for forms, the request id and
 * whether the database is unavailable. The token is read only when a form is rendered, because reading it
 * creates a session, and anonymous visitors to read-only pages should not get one.
 *
 * @param username the signed-in user's name, or null for a visitor
 * @param admin whether the user has the ADMIN role
 * @param csrf supplies the CSRF token when a form needs it
 * @param requestId the request id, printed in the page footer
 * @param databaseUnavailable whether the database circuit breaker is open or probing for recovery, so that
 *     every page carries a notice
 */
public record PageContext(
        @Nullable String username,
        boolean admin,
        Supplier<@Nullable CsrfToken> csrf,
        String requestId,
        boolean databaseUnavailable) {

    public boolean signedIn() {
        return username != null;
    }

    public String csrfParameter() {
        CsrfToken token = csrf.get();
        return token == null ? "_csrf" : token.getParameterName();
    }

    public String csrfToken() {
        CsrfToken token = csrf.get();
        return token == null ? "" : token.getToken();
    }
}
