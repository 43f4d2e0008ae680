package dev.rampart.board.account;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import dev.rampart.board.database.Database;
import dev.rampart.board.idempotency.CreatedResource;
import dev.rampart.board.idempotency.IdempotencyKey;
import dev.rampart.board.idempotency.IdempotentSubmissions;

import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;
import dev.rampart.hardening.resilience.DatabaseGuard;
import dev.rampart.hardening.resilience.DatabaseUnavailableException;

/** Creates accounts; hashing and the uniqueness rule live here and in {@link AccountRepository}. */
@Service
public class AccountService {

    /** The kind of resource recorded under the registration form's idempotency key. */
    static final String SUBMISSION_KIND = "account";

    /** The page a registration redirects to: the login page, with a notice that the account was created. */
    static final String AFTER_REGISTRATION = "/login?registered";

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final SecurityEvents events;
    private final Database database;
    private final IdempotentSubmissions submissions;
    private final DatabaseGuard guard;

    AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder, SecurityEvents events,
            Database database, IdempotentSubmissions submissions, DatabaseGuard guard) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.events = events;
        this.database = database;
        this.submissions = submissions;
        this.guard = guard;
    }

    /**
     * Creates a user account from a validated registration, unless an earlier submission of the same registration
     * form created it. The account and its idempotency key are inserted in one transaction, and the key is scoped
     * to the account that it created.
     *
     * @return true when this call created the account, false when an earlier submission with the key did
     * @throws UsernameTakenException when the username, after normalisation, is used by an account that this
     *         form did not create
     * @throws DatabaseUnavailableException when the database is unavailable. While the circuit breaker is open
     *         this happens before hashing, because the hash costs tens of milliseconds of CPU and the insert
     *         could not succeed
     */
    boolean register(Registration registration, IdempotencyKey key) {
        guard.rejectIfOpen();
        // Checked before hashing, so a double click costs one password hash, not two.
        if (createdBy(registration.username(), key)) {
            return false;
        }
        String passwordHash = passwordEncoder.encode(registration.password());
        try {
            // If an earlier submission of this form committed although its user saw a failure, this insert finds
            // the username taken and the check below finds the key.
            database.write(jdbc -> {
                long id = accounts.insert(jdbc, registration.username(), passwordHash, Role.USER);
                submissions.record(jdbc, id, key, SUBMISSION_KIND, new CreatedResource(String.valueOf(id),
                        AFTER_REGISTRATION));
                return id;
            });
            return true;
        }
        catch (UsernameTakenException taken) {
            // A concurrent submission of the same form may have created the account after the check above.
            if (createdBy(registration.username(), key)) {
                return false;
            }
            throw taken;
        }
    }

    /** Creates an administrator; used by the {@code admin create} command only. */
    public long createAdmin(Registration registration) {
        long id = accounts.insert(registration.username(), passwordEncoder.encode(registration.password()),
                Role.ADMIN);
        events.record(SecurityEventType.ADMIN_CREATED, registration.username(), "created from the command line");
        return id;
    }

    /** Tells whether the account with this username exists and was created by a submission with this key. */
    private boolean createdBy(String username, IdempotencyKey key) {
        return accounts.findByUsername(username)
                .flatMap(account -> submissions.find(account.id(), key, SUBMISSION_KIND))
                .isPresent();
    }
}
