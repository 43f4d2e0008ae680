package dev.rampart.board.account;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Loads accounts for Spring Security by their normalised username, and stores a new hash when the
 * password encoder's parameters have risen since the password was last set (rehash on login).
 */
@Service
class AccountUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

    private final AccountRepository accounts;

    AccountUserDetailsService(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (username.length() > Registration.USERNAME_MAX * 4) {
            throw new UsernameNotFoundException("Username too long to exist");
        }
        // No valid username has a control character, and PostgreSQL rejects a NUL in a text parameter with an
        // error, which would skip the LOGIN_FAILURE event and log the failed SQL instead.
        if (username.chars().anyMatch(Character::isISOControl)) {
            throw new UsernameNotFoundException("Username with control characters cannot exist");
        }
        return accounts.findCredentials(username)
                .map(AccountUserDetailsService::toUserDetails)
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
    }

    @Override
    public UserDetails updatePassword(UserDetails user, String newPasswordHash) {
        accounts.updatePasswordHash(user.getUsername(), newPasswordHash);
        return User.withUserDetails(user).password(newPasswordHash).build();
    }

    private static UserDetails toUserDetails(AccountRepository.Credentials credentials) {
        return User.withUsername(credentials.username())
                .password(credentials.passwordHash())
                .roles(credentials.role().name())
                .disabled(!credentials.enabled())
                .build();
    }
}
