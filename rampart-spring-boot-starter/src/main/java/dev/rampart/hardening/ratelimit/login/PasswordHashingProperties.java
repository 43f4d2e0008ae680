package dev.rampart.hardening.ratelimit.login;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pool that password hashes run on ({@link BoundedPasswordEncoder}). A slow hash such as Argon2id takes
 * tens of milliseconds of CPU, so more hashing threads than cores only lengthen every hash; the bounded queue
 * and wait turn a login flood into quick 503 responses instead of request threads stuck behind the hashes.
 *
 * @param threads hashing threads (default: half the processors the JVM sees, at least one), so that a flood of
 *     logins that all reach the hash leaves the other half of the cores to page views
 * @param queueCapacity hashes that may wait for a thread (default 64); one more is rejected at once
 * @param maxWait longest a caller waits for its hash, queueing included (default 10 seconds); a caller that
 *     waits longer gets a rejection. The full queue is the usual rejection (64 hashes of 50 ms on one thread
 *     wait 3.2 seconds at most); this bound is the backstop for a CPU so starved that single hashes take
 *     seconds, as on a machine shared with other busy processes or before the JIT has compiled the hash
 */
@ConfigurationProperties("rampart.password-hashing")
public record PasswordHashingProperties(
        @Nullable Integer threads,
        @DefaultValue("64") int queueCapacity,
        @DefaultValue("10s") Duration maxWait) {

    public PasswordHashingProperties {
        if (threads == null) {
            threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("rampart.password-hashing.threads must be between 1 and 256, was "
                    + threads + "; leave it unset for half the number of processors");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("rampart.password-hashing.queue-capacity must be at least 1, was "
                    + queueCapacity + "; use for example 64");
        }
        if (!maxWait.isPositive()) {
            throw new IllegalArgumentException("rampart.password-hashing.max-wait must be positive, was " + maxWait
                    + "; use for example 10s");
        }
    }
}
