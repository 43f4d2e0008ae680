package dev.rampart.hardening.ratelimit.login;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login throttling. Failed logins are counted per account and per client; once a count passes its free
 * failures, each further failure doubles the delay before the next attempt is checked, from
 * {@code initialDelay} up to {@code maxDelay}. A count is forgotten after {@code resetAfter} without a failure,
 * and a successful login clears it, so an account is never locked for good and an attacker cannot lock its owner
 * out for longer than {@code maxDelay}.
 *
 * @param accountFreeFailures failures of one username allowed without delay (default 3, range 0 to 1000);
 *     stops password guessing against one account from any number of clients
 * @param clientFreeFailures failures from one client address allowed without delay (default 10, range 0 to
 *     1000); stops credential stuffing across many usernames from one address, and is higher than the account
 *     limit because several people may share an address
 * @param initialDelay delay after the first failure past the free ones (default 1 second)
 * @param maxDelay the longest delay (default 15 minutes)
 * @param resetAfter time without a failure after which a count is forgotten (default 15 minutes, at least
 *     {@code maxDelay} so that a delay is never cut short by its own count expiring)
 * @param maxTrackedKeys most accounts and most clients counted at once, each (default 100000); the least
 *     useful entries are dropped beyond it, which bounds memory at roughly 200 bytes an entry (an estimate)
 */
@ConfigurationProperties("rampart.login-throttle")
public record LoginThrottleProperties(
        @DefaultValue("3") int accountFreeFailures,
        @DefaultValue("10") int clientFreeFailures,
        @DefaultValue("1s") Duration initialDelay,
        @DefaultValue("15m") Duration maxDelay,
        @DefaultValue("15m") Duration resetAfter,
        @DefaultValue("100000") long maxTrackedKeys) {

    private static final int MAX_FREE_FAILURES = 1000;

    public LoginThrottleProperties {
        requireFreeFailures("account-free-failures", accountFreeFailures);
        requireFreeFailures("client-free-failures", clientFreeFailures);
        if (!initialDelay.isPositive()) {
            throw invalid("initial-delay", initialDelay, "must be positive; use for example 1s");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw invalid("max-delay", maxDelay, "must be at least initial-delay (" + initialDelay + ")");
        }
        if (resetAfter.compareTo(maxDelay) < 0) {
            throw invalid("reset-after", resetAfter, "must be at least max-delay (" + maxDelay + ")");
        }
        if (maxTrackedKeys < 1) {
            throw invalid("max-tracked-keys", maxTrackedKeys, "must be at least 1; use for example 100000");
        }
    }

    /** Returns the delay that follows the given number of consecutive failures, zero while they are free. */
    Duration delayAfter(int failures, int freeFailures) {
        int doublings = failures - freeFailures - 1;
        if (doublings < 0) {
            return Duration.ZERO;
        }
        if (doublings >= 62) {
            return maxDelay;
        }
        Duration delay = initialDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private static void requireFreeFailures(String name, int value) {
        if (value < 0 || value > MAX_FREE_FAILURES) {
            throw invalid(name, value, "must be between 0 and " + MAX_FREE_FAILURES + "; use for example 3");
        }
    }

    private static IllegalArgumentException invalid(String name, Object value, String rule) {
        return new IllegalArgumentException("rampart.login-throttle." + name + " " + rule + ", was " + value);
    }
}
