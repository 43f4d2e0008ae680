package dev.rampart.board.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

import dev.rampart.hardening.audit.SecurityEventType;

/**
 * A security event as read back from the {@code security_events} table. Text fields contain the raw values, cut to
 * {@link SecurityEventRepository#MAX_TEXT_LENGTH} code points, and the templates escape them.
 */
public record StoredSecurityEvent(
        long id,
        Instant occurredAt,
        SecurityEventType type,
        @Nullable String username,
        @Nullable String clientAddress,
        @Nullable String path,
        @Nullable String detail,
        @Nullable String requestId) {

    private static final DateTimeFormatter DISPLAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Returns the time for people to read, in UTC to the second. */
    public String occurredAtText() {
        return DISPLAY_TIME.format(occurredAt);
    }

    /** Returns the time in ISO 8601, for the {@code datetime} attribute of {@code <time>}. */
    public String occurredAtIso() {
        return occurredAt.toString();
    }
}
