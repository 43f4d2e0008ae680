package dev.rampart.hardening.audit;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One security-relevant thing that happened. The text fields hold raw values as received; they are escaped
 * where they are written to a log, and escaped by the template engine where they are shown.
 *
 * @param occurredAt when it happened
 * @param type what happened
 * @param username the account involved as typed, or null when there is none
 * @param clientAddress the address of the client, or null outside a request
 * @param path the request path, or null outside a request
 * @param detail a short explanation without secrets, or null
 * @param requestId the request id, or null outside a request
 */
public record SecurityEvent(
        Instant occurredAt,
        SecurityEventType type,
        @Nullable String username,
        @Nullable String clientAddress,
        @Nullable String path,
        @Nullable String detail,
        @Nullable String requestId) {

    public SecurityEvent {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(type, "type");
    }
}
