package dev.rampart.hardening.audit;

/**
 * Keeps security events somewhere an administrator can read them, such as a database table. Every bean of
 * this type receives every event after it has been logged.
 */
@FunctionalInterface
public interface SecurityEventStore {

    void store(SecurityEvent event);
}
