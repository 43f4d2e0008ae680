package dev.rampart.board.post;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Dates of posts as shown on pages: in UTC, because the board does not know the reader's time zone. */
final class PostDates {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private PostDates() {
    }

    /** Formats the instant for the {@code datetime} attribute of a {@code time} element. */
    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    static String text(Instant instant) {
        return TEXT.format(instant);
    }
}
