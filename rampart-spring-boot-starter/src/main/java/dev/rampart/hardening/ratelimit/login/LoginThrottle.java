package dev.rampart.hardening.ratelimit.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;

/**
 * Decides whether a login attempt may be checked, from the consecutive failures of its username and of its
 * client. Unknown usernames are counted like existing ones, so a delay never reveals whether an account exists.
 * No thread waits out a delay. An attempt made during one is rejected, and {@link #retryAfter} returns how long
 * the client should wait.
 */
public class LoginThrottle {

    /**
     * Maximum length of a username key in chars. Longer keys are cut, which merges only names longer than any
     * account's, and keeps a flood of huge usernames from filling memory.
     */
    static final int MAX_KEY_LENGTH = 100;

    private final Clock clock;
    private final SecurityEvents events;
    private final LoginUsernameKey usernameKey;
    private final FailureCounter accounts;
    private final FailureCounter clients;

    public LoginThrottle(LoginThrottleProperties properties, Clock clock, SecurityEvents events,
            LoginUsernameKey usernameKey) {
        this.clock = clock;
        this.events = events;
        this.usernameKey = usernameKey;
        this.accounts = new FailureCounter(clock, properties.maxTrackedKeys(), properties.resetAfter(),
                failures -> properties.delayAfter(failures, properties.accountFreeFailures()));
        this.clients = new FailureCounter(clock, properties.maxTrackedKeys(), properties.resetAfter(),
                failures -> properties.delayAfter(failures, properties.clientFreeFailures()));
    }

    /**
     * Returns how long the attempt must wait before it may be checked, or zero when it may be checked now. The
     * first rejection of each delay is recorded as a {@code RATE_LIMITED} security event, later ones are not, so
     * a flood of attempts adds one event per delay instead of one per request.
     */
    public Duration retryAfter(String username, @Nullable String clientAddress) {
        Instant now = clock.instant();
        String account = accountKey(username);
        String client = ClientKey.of(clientAddress);
        Duration accountDelay = accounts.remainingDelay(account, now);
        Duration clientDelay = clientAddress == null ? Duration.ZERO : clients.remainingDelay(client, now);

        if (accountDelay.isPositive() && accounts.firstRejection(account)) {
            events.record(SecurityEventType.RATE_LIMITED, username, "login throttled for this username, retry after "
                    + seconds(accountDelay) + " s");
        }
        if (clientDelay.isPositive() && clients.firstRejection(client)) {
            events.record(SecurityEventType.RATE_LIMITED, username, "login throttled for client " + client
                    + ", retry after " + seconds(clientDelay) + " s");
        }
        return accountDelay.compareTo(clientDelay) >= 0 ? accountDelay : clientDelay;
    }

    /**
     * Admits a login attempt for checking, or returns how long it must wait, as {@link #retryAfter} does. An
     * admitted attempt counts as a failure of its username and client until {@link #release}, so that attempts
     * sent at once cannot all pass before the first of them has failed. Call {@code release} once for every
     * admitted attempt, after its outcome was recorded.
     */
    public Duration admit(String username, @Nullable String clientAddress) {
        Duration wait = retryAfter(username, clientAddress);
        if (wait.isPositive()) {
            return wait;
        }
        // Another attempt may have been admitted since the check above; the atomic admissions decide.
        Instant now = clock.instant();
        String account = accountKey(username);
        Duration accountWait = accounts.admit(account, now);
        if (accountWait.isPositive() || clientAddress == null) {
            return accountWait;
        }
        Duration clientWait = clients.admit(ClientKey.of(clientAddress), now);
        if (clientWait.isPositive()) {
            accounts.release(account);
        }
        return clientWait;
    }

    /** Ends an attempt that {@link #admit} admitted. */
    public void release(String username, @Nullable String clientAddress) {
        accounts.release(accountKey(username));
        if (clientAddress != null) {
            clients.release(ClientKey.of(clientAddress));
        }
    }

    /**
     * Counts a failed login against the username and the client; the next delay starts now. A login without a
     * client address (not made over HTTP) counts against the username only.
     */
    public void recordFailure(String username, @Nullable String clientAddress) {
        Instant now = clock.instant();
        accounts.recordFailure(accountKey(username), now);
        if (clientAddress != null) {
            clients.recordFailure(ClientKey.of(clientAddress), now);
        }
    }

    /**
     * Clears the counts of the username and of the client after a successful login.
     * NOTE: clearing the client's count lets an attacker who owns one account reset it between guesses at other
     * accounts. The per-account counts still hold for each account guessed at.
     */
    public void recordSuccess(String username, @Nullable String clientAddress) {
        accounts.reset(accountKey(username));
        if (clientAddress != null) {
            clients.reset(ClientKey.of(clientAddress));
        }
    }

    /** Returns the whole seconds a client should wait, rounded up, as sent in {@code Retry-After}. */
    public static long seconds(Duration delay) {
        return delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    }

    /**
     * Trims the username first, as Spring Security's form login does before it looks the account up. Otherwise
     * {@code " alice"} would be checked under a key of its own that never fails, while its failures counted
     * against {@code alice}, and padding would bypass the throttle.
     */
    private String accountKey(String username) {
        String key = usernameKey.of(username.trim());
        return key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) : key;
    }
}
