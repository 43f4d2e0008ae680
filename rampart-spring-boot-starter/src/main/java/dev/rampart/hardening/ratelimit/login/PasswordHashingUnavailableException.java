package dev.rampart.hardening.ratelimit.login;

/**
 * Thrown when a password hash was rejected because the hashing pool is saturated: its queue was full or the hash
 * did not finish within the configured wait. Applications map it to 503 and {@code Retry-After}. It is not
 * an authentication failure, so it never counts against the account or the client.
 */
public class PasswordHashingUnavailableException extends RuntimeException {

    public PasswordHashingUnavailableException(String message) {
        super(message);
    }
}
