package dev.rampart.board.admin;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** A time window of the security event filter, ending now, selected by the query parameter value {@link #code}. */
public enum TimeWindow {
    HOUR("1h", "Last hour", Duration.ofHours(1)),
    DAY("24h", "Last 24 hours", Duration.ofHours(24)),
    WEEK("7d", "Last 7 days", Duration.ofDays(7));

    private final String code;
    private final String label;
    private final Duration length;

    TimeWindow(String code, String label, Duration length) {
        this.code = code;
        this.label = label;
        this.length = length;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    static Optional<TimeWindow> ofCode(String code) {
        return Arrays.stream(values()).filter(window -> window.code.equals(code)).findFirst();
    }
}
