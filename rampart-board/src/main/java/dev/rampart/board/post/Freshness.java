package dev.rampart.board.post;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Whether a page shows what the database contains now or the last good copy of it, read before the database
 * became unavailable.
 *
 * @param copiedAt when the copy was read from the database, or null for fresh content
 */
public record Freshness(@Nullable Instant copiedAt) {

    static final Freshness FRESH = new Freshness(null);

    public boolean isCopy() {
        return copiedAt != null;
    }

    public String copiedIso() {
        return copiedAt == null ? "" : PostDates.iso(copiedAt);
    }

    public String copiedText() {
        return copiedAt == null ? "" : PostDates.text(copiedAt);
    }
}
