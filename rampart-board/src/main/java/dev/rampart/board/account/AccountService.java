package dev.rampart.board.account;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;

/** Creates accounts; hashing and the uniqueness rule live here and in {@link AccountRepository}. */
@Service
public class AccountService {

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final SecurityEvents events;

    AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder, SecurityEvents events) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.events = events;
    }

    /**
     * Creates a user account from a validated registration.
     *
     * @throws UsernameTakenException when the username, after normalisation, is already used
     */
    public long register(Registration registration) {
        return accounts.insert(registration.username(), passwordEncoder.encode(registration.password()), Role.USER);
    }

    /** Creates an administrator; used by the {@code admin create} command only. */
    public long createAdmin(Registration registration) {
        long id = accounts.insert(registration.username(), passwordEncoder.encode(registration.password()),
                Role.ADMIN);
        events.record(SecurityEventType.ADMIN_CREATED, registration.username(), "created from the command line");
        return id;
    }
}
