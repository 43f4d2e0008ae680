package dev.rampart.board.admin;

import org.springframework.stereotype.Service;

import dev.rampart.board.account.Account;
import dev.rampart.board.account.AccountRepository;
import dev.rampart.board.web.NotFoundException;
import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;

/**
 * Disables accounts at an administrator's request. A disabled account can no longer sign in, its open sessions end
 * at once, and the action is recorded as an {@code ACCOUNT_DISABLED} security event that names the administrator.
 */
@Service
class AccountDisabler {

    private final AccountRepository accounts;
    private final UserSessions sessions;
    private final SecurityEvents events;

    AccountDisabler(AccountRepository accounts, UserSessions sessions, SecurityEvents events) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.events = events;
    }

    /**
     * Disables the account with the given id. Disabling an account that is already disabled ends its sessions and
     * records the event again, so a repeated request still leaves a trace.
     *
     * @throws NotFoundException when no account has the id
     * @throws SelfDisableException when the account is the administrator's own
     */
    void disable(long accountId, String adminUsername) {
        Account target = accounts.findById(accountId).orElseThrow(() -> new NotFoundException("Account"));
        Account admin = accounts.findByUsername(adminUsername).orElseThrow(() -> new NotFoundException("Account"));
        if (target.id() == admin.id()) {
            throw new SelfDisableException();
        }

        // The flag goes first, so no new login can succeed while the existing sessions are being expired.
        // NOTE: a login whose password check finished just before this write can still register its session after
        // expireAll has run. The window is as long as one login request.
        accounts.setEnabled(target.id(), false);
        int ended = sessions.expireAll(target.username());

        String previously = target.enabled() ? "" : " (it was already disabled)";
        events.record(SecurityEventType.ACCOUNT_DISABLED, target.username(),
                "disabled by " + admin.username() + previously + "; " + ended + " session(s) ended");
    }
}
