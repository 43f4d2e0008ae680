package dev.rampart.board.admin;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;

import dev.rampart.board.account.UsernameKey;

/**
 * Ends the sessions of one account. Spring Security's concurrent-session filter checks the registry on every
 * request and sends a browser whose session was expired here to the login page.
 *
 * <p>NOTE: the registry is the in-memory one defined with the security rules, so it contains only the sessions of
 * this node. A cluster needs a registry backed by the shared session store before this reaches every node.
 */
@Component
class UserSessions {

    private final SessionRegistry registry;

    UserSessions(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Expires every live session of the account and returns how many there were. */
    int expireAll(String username) {
        String key = UsernameKey.of(username);
        int expired = 0;
        for (Object principal : registry.getAllPrincipals()) {
            if (principal instanceof UserDetails user && UsernameKey.of(user.getUsername()).equals(key)) {
                for (SessionInformation session : registry.getAllSessions(principal, false)) {
                    session.expireNow();
                    expired++;
                }
            }
        }
        return expired;
    }
}
