package dev.rampart.board.post;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The user viewing or deleting a post, taken from the authentication without a database query.
 *
 * @param username the principal name, which is the account's stored username, or null for a visitor
 * @param admin whether the authentication has the ADMIN role
 */
public record Viewer(@Nullable String username, boolean admin) {

    static final Viewer ANONYMOUS = new Viewer(null, false);

    static Viewer of(@Nullable Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return ANONYMOUS;
        }
        boolean admin = authentication.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority()));
        return new Viewer(authentication.getName(), admin);
    }
}
