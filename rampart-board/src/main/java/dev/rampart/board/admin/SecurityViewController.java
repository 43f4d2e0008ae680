package dev.rampart.board.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.admin.SecurityEventStatistics.Tally;
/**
 * The admin security view: the last 24 hours of security events as charts by type and by hour, and the clients
 * and accounts with the most rejected requests. The security rules admit only the ADMIN role under
 * {@code /admin/**}.
 */
@Controller
class SecurityViewController {

    static final int TOP_LIMIT = 10;
    static final int HOURS = 24;

    private static final Duration DAY = Duration.ofHours(HOURS);
    private static final DateTimeFormatter HOUR_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_OF_DAY = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

    private final SecurityEventStatistics statistics;
    private final Clock clock;

    SecurityViewController(SecurityEventStatistics statistics, Clock clock) {
        this.statistics = statistics;
        this.clock = clock;
    }

    @GetMapping("/admin/security")
    ModelAndView security() {
        Instant now = clock.instant();
        Instant dayAgo = now.minus(DAY);
        return new ModelAndView("admin/security", Map.of(
                "typeChart", typeChart(dayAgo),
                "hourChart", hourChart(now),
                "clientChart", topChart("clients", "Clients with the most rejected requests", "Client address",
                        statistics.topClients(dayAgo, TOP_LIMIT)),
                "accountChart", topChart("accounts", "Usernames with the most rejected requests", "Username",
                        statistics.topUsernames(dayAgo, TOP_LIMIT)),
                "rejectedTypes", String.join(", ", SecurityEventStatistics.REJECTIONS.stream().map(Enum::name)
                        .toList())));
    }

    private BarChart typeChart(Instant since) {
        List<BarChart.Entry> entries = new ArrayList<>();
        statistics.countByType(since).forEach((type, count) -> entries.add(new BarChart.Entry(type.name(), count)));
        return BarChart.horizontal("types", "Security events by type in the last 24 hours", "Event type", entries);
    }

    /**
     * Charts 24 UTC clock hours: the 23 whole hours before the current one, and the current hour so far. Whole
     * hours keep every column comparable, at the cost of leaving out up to an hour that the type chart counts.
     */
    private BarChart hourChart(Instant now) {
        long currentHour = now.toEpochMilli() / SecurityEventStatistics.MILLIS_PER_HOUR;
        long firstHour = currentHour - (HOURS - 1);
        Map<Long, Long> counts = statistics.countByHour(
                Instant.ofEpochMilli(firstHour * SecurityEventStatistics.MILLIS_PER_HOUR));
        List<BarChart.Entry> entries = new ArrayList<>();
        for (long hour = firstHour; hour <= currentHour; hour++) {
            Instant start = Instant.ofEpochMilli(hour * SecurityEventStatistics.MILLIS_PER_HOUR);
            entries.add(new BarChart.Entry(HOUR_TEXT.format(start), HOUR_OF_DAY.format(start),
                    counts.getOrDefault(hour, 0L)));
        }
        return BarChart.columns("hours", "Security events per hour in the last 24 hours, UTC", "Hour starting",
                entries);
    }

    private static BarChart topChart(String id, String title, String columnHeading, List<Tally> tallies) {
        List<BarChart.Entry> entries = tallies.stream()
                .map(tally -> new BarChart.Entry(tally.name(), tally.count()))
                .toList();
        return BarChart.horizontal(id, title, columnHeading, entries);
    }
}
