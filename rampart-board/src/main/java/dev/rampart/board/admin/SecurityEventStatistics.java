package dev.rampart.board.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Repository;

import dev.rampart.board.database.Database;
import dev.rampart.hardening.audit.SecurityEventType;

/**
 * Counts security events for the admin security view. Every count is a {@code GROUP BY} in SQL, so the page reads a
 * few dozen rows however many events the window contains.
 */
@Repository
class SecurityEventStatistics {

    /** The event types that mean a request was turned away, which the top client and account lists count. */
    static final Set<SecurityEventType> REJECTIONS = EnumSet.of(SecurityEventType.LOGIN_FAILURE,
            SecurityEventType.ACCESS_DENIED, SecurityEventType.CSRF_REJECTED, SecurityEventType.REQUEST_REJECTED,
            SecurityEventType.RATE_LIMITED, SecurityEventType.UPLOAD_REJECTED);

    static final long MILLIS_PER_HOUR = 3_600_000;

    private final Database database;

    SecurityEventStatistics(Database database) {
        this.database = database;
    }

    /** Counts the events of each type since the given instant, mapping a type without events to zero. */
    Map<SecurityEventType, Long> countByType(Instant since) {
        Map<SecurityEventType, Long> counts = new EnumMap<>(SecurityEventType.class);
        for (SecurityEventType type : SecurityEventType.values()) {
            counts.put(type, 0L);
        }
        List<Tally> rows = database.read(jdbc -> jdbc.sql("""
                        select type as name, count(*) as events from security_events
                        where occurred_at >= ?
                        group by type""")
                .param(since.toEpochMilli())
                .query(SecurityEventStatistics::mapTally)
                .list());
        // A stored type name missing from this version's enum is left out rather than failing the page.
        for (SecurityEventType type : SecurityEventType.values()) {
            rows.stream()
                    .filter(row -> row.name().equals(type.name()))
                    .findFirst()
                    .ifPresent(row -> counts.put(type, row.count()));
        }
        return counts;
    }

    /**
     * Counts the events in each UTC clock hour since the given instant, keyed by the hour's number since the epoch
     * ({@code epochMillis / 3_600_000}). Hours without events are absent from the map.
     */
    Map<Long, Long> countByHour(Instant since) {
        Map<Long, Long> counts = new HashMap<>();
        database.read(jdbc -> jdbc.sql("""
                        select occurred_at / 3600000 as hour, count(*) as events from security_events
                        where occurred_at >= ?
                        group by occurred_at / 3600000""")
                .param(since.toEpochMilli())
                .query((rs, row) -> Map.entry(rs.getLong("hour"), rs.getLong("events")))
                .list())
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /** Returns the client addresses with the most rejected requests since the given instant, most first. */
    List<Tally> topClients(Instant since, int limit) {
        return topRejected("client_address", since, limit);
    }

    /** Returns the usernames with the most rejected requests since the given instant, most first. */
    List<Tally> topUsernames(Instant since, int limit) {
        return topRejected("username", since, limit);
    }

    /** Counts rejections per value of {@code column}, which must be a fixed column name and never user input. */
    private List<Tally> topRejected(String column, Instant since, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(since.toEpochMilli());
        REJECTIONS.forEach(type -> params.add(type.name()));
        params.add(limit);
        String typePlaceholders = String.join(", ", REJECTIONS.stream().map(type -> "?").toList());
        // Ties are ordered by value so that the list does not reorder between page loads.
        String sql = "select " + column + " as name, count(*) as events from security_events"
                + " where occurred_at >= ? and " + column + " is not null and type in (" + typePlaceholders + ")"
                + " group by " + column
                + " order by events desc, " + column
                + " limit ?";
        return database.read(jdbc -> jdbc.sql(sql)
                .params(params)
                .query(SecurityEventStatistics::mapTally)
                .list());
    }

    private static Tally mapTally(ResultSet rs, int row) throws SQLException {
        return new Tally(rs.getString("name"), rs.getLong("events"));
    }

    /** A value, such as a client address, and how many events it had. */
    record Tally(String name, long count) {
    }
}
