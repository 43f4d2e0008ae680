package dev.rampart.board.account;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;
import dev.rampart.hardening.resilience.DatabaseGuard;
import dev.rampart.hardening.resilience.DatabaseUnavailableException;

/** Creates accounts; hashing and the uniqueness rule live here and in {@link AccountRepository}. */
@Service
public class AccountService {

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final SecurityEvents events;
    private final DatabaseGuard guard;

    AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder, SecurityEvents events,
            DatabaseGuard guard) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.events = events;
        this.guard = guard;
    }

    /**
     * Creates a user account from a validated registration. While the database circuit breaker is open it fails
     * before hashing, because the hash costs tens of milliseconds of CPU and the insert could not succeed.
     *
     * @throws UsernameTakenException when the username, after normalisation, is already used
     * @throws DatabaseUnavailableException when the database is unavailable; nothing was stored
     */
    public long register(Registration registration) {
        guard.rejectIfOpen();
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
