package dev.rampart.board.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.rampart.board.web.BadRequestException;
import dev.rampart.hardening.audit.SecurityEventType;

/**
 * The filters of the security event list, each optional: event type, exact client address, exact username and
 * a time window ending now. Text filters match the stored value exactly, because stored values are raw and an
 * administrator copies them from the event table.
 */
record EventFilter(
        @Nullable SecurityEventType type,
        @Nullable String clientAddress,
        @Nullable String username,
        @Nullable TimeWindow window) {

    static final EventFilter NONE = new EventFilter(null, null, null, null);

    /**
     * Parses the query parameters, where a missing or empty value means no filter.
     *
     * @throws BadRequestException when a value is not a known type or window, is longer than the stored values
     *     can be, or contains a control character
     */
    static EventFilter parse(@Nullable String type, @Nullable String client, @Nullable String username,
            @Nullable String window) {
        return new EventFilter(parseType(type), parseText(client, "client address"), parseText(username, "username"),
                parseWindow(window));
    }

    /** Returns the query string that selects these filters, with a trailing {@code &} or empty when none. */
    String queryString() {
        StringBuilder query = new StringBuilder();
        appendParameter(query, "type", type == null ? null : type.name());
        appendParameter(query, "client", clientAddress);
        appendParameter(query, "username", username);
        appendParameter(query, "window", window == null ? null : window.code());
        return query.toString();
    }

    /**
     * Returns the SQL {@code where} clause of these filters, or an empty string when there are none, and appends
     * the values of its placeholders to {@code params}.
     */
    String whereClause(Instant now, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (type != null) {
            conditions.add("type = ?");
            params.add(type.name());
        }
        if (clientAddress != null) {
            conditions.add("client_address = ?");
            params.add(clientAddress);
        }
        if (username != null) {
            conditions.add("username = ?");
            params.add(username);
        }
        if (window != null) {
            conditions.add("occurred_at >= ?");
            params.add(now.minus(window.length()).toEpochMilli());
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    private static @Nullable SecurityEventType parseType(@Nullable String type) {
        if (type == null || type.isEmpty()) {
            return null;
        }
        return Arrays.stream(SecurityEventType.values())
                .filter(known -> known.name().equals(type))
                .findFirst()
                .orElseThrow(() -> new BadRequestException(
                        "The event type filter is invalid. Choose a type from the list, or leave it empty for all types."));
    }

    /**
     * Accepts at most {@link SecurityEventRepository#MAX_TEXT_LENGTH} code points, the longest value stored, and no
     * control characters at all. Stored values may contain them, but a filter that carries one is an attack on
     * the query or the logs rather than a search.
     */
    private static @Nullable String parseText(@Nullable String value, String field) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        boolean tooLong = value.codePointCount(0, value.length()) > SecurityEventRepository.MAX_TEXT_LENGTH;
        if (tooLong || value.codePoints().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("The " + field + " filter is invalid. Use at most "
                    + SecurityEventRepository.MAX_TEXT_LENGTH + " characters without control characters, or leave "
                    + "it empty to match every " + field + ".");
        }
        return value;
    }

    private static @Nullable TimeWindow parseWindow(@Nullable String window) {
        if (window == null || window.isEmpty()) {
            return null;
        }
        return TimeWindow.ofCode(window).orElseThrow(() -> new BadRequestException(
                "The time window filter is invalid. Choose 1h, 24h or 7d, or leave it empty for all time."));
    }

    private static void appendParameter(StringBuilder query, String name, @Nullable String value) {
        if (value != null) {
            query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
        }
    }
}
