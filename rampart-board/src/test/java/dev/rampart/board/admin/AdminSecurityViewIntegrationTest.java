package dev.rampart.board.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.RawHttp;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.audit.SecurityEvent;
import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.headers.HeadersProperties;

/**
 * The admin security overview and the event filters. The database is shared with every other test class, so
 * checks on global counts compare the page before and after this test's own events, and the top lists get
 * clients and usernames with more rejections than any other test causes.
 */
class AdminSecurityViewIntegrationTest extends BoardIntegrationTest {

    private static final String HEADING = "<h1>Security overview</h1>";
    private static final String EVENTS_HEADING = "<h1>Security events</h1>";
    private static final DateTimeFormatter HOUR_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Enough rejections to place a client or username in the top 10 of the shared test database. */
    private static final int MANY = 60;

    @Autowired
    private SecurityEventRepository repository;

    @Autowired
    private Clock clock;

    @Test
    void typeChartCountsOnlyLastDay() {
        TestBrowser admin = signedInAdmin("typechart");
        Instant now = clock.instant();
        long before = typeCount(admin.get("/admin/security"), "UPLOAD_REJECTED");

        storeEvents(3, SecurityEventType.UPLOAD_REJECTED, now.minus(Duration.ofHours(1)), null, null);
        storeEvents(2, SecurityEventType.UPLOAD_REJECTED, now.minus(Duration.ofHours(25)), null, null);
        TestResponse page = admin.get("/admin/security");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(HEADING);
        String types = figure(page, "types");
        long shown = tableCount(types, "UPLOAD_REJECTED");
        assertThat(shown).isEqualTo(before + 3);
        assertThat(drawnCount(types, "UPLOAD_REJECTED")).isEqualTo(shown);
        assertThat(shown).isEqualTo(storedSince("UPLOAD_REJECTED", clock.instant().minus(Duration.ofHours(24))));
        assertThat(count(types, "<g class=\"bar\">")).isEqualTo(SecurityEventType.values().length);
    }

    @Test
    void realRejectionsAppearInTypeChart() {
        TestBrowser admin = signedInAdmin("realchart");
        TestBrowser user = signedInUser("realdenied");
        String forged = uniqueName("forged");
        TestResponse start = admin.get("/admin/security");
        long failuresBefore = typeCount(start, "LOGIN_FAILURE");
        long denialsBefore = typeCount(start, "ACCESS_DENIED");

        browser().login(forged, "not the password at all");
        browser().login(forged, "still not the password");
        TestResponse denied = user.get("/admin/security");
        TestResponse page = admin.get("/admin/security");
        TestResponse forgedEvents = admin.get("/admin/events?username=" + encoded(forged));

        assertThat(denied.status()).isEqualTo(403);
        assertThat(typeCount(page, "LOGIN_FAILURE")).isEqualTo(failuresBefore + 2);
        assertThat(typeCount(page, "ACCESS_DENIED")).isEqualTo(denialsBefore + 1);
        assertThat(drawnCount(figure(page, "types"), "LOGIN_FAILURE")).isEqualTo(failuresBefore + 2);
        assertThat(forgedEvents.body()).contains("<p>2 events, newest first.</p>");
    }

    @Test
    void hourChartHasTwentyFourHours() {
        TestBrowser admin = signedInAdmin("hourchart");
        Instant fiveHoursAgo = clock.instant().minus(Duration.ofHours(5));
        String hour = HOUR_TEXT.format(fiveHoursAgo);
        long before = tableCount(figure(admin.get("/admin/security"), "hours"), hour);

        storeEvents(4, SecurityEventType.REQUEST_REJECTED, fiveHoursAgo, null, null);
        storeEvents(2, SecurityEventType.REQUEST_REJECTED, clock.instant().minus(Duration.ofHours(30)), null, null);
        String hours = figure(admin.get("/admin/security"), "hours");

        assertThat(count(hours, "<g class=\"bar\">")).isEqualTo(24);
        assertThat(count(hours, "<rect ")).isEqualTo(24);
        assertThat(tableCount(hours, hour)).isEqualTo(before + 4);
        assertThat(hours).contains("<title>" + hour + ": " + (before + 4) + "</title>");
        assertThat(hours).doesNotContain(HOUR_TEXT.format(clock.instant().minus(Duration.ofHours(30))));
    }

    @Test
    void topListsCountOnlyRejections() {
        TestBrowser admin = signedInAdmin("toplists");
        String client = "198.51.100." + uniqueName("c");
        String username = uniqueName("prober");
        Instant recent = clock.instant().minus(Duration.ofMinutes(10));

        storeEvents(MANY, SecurityEventType.LOGIN_FAILURE, recent, username, client);
        storeEvents(5, SecurityEventType.RATE_LIMITED, recent, username, client);
        storeEvents(7, SecurityEventType.LOGIN_SUCCESS, recent, username, client);
        storeEvents(9, SecurityEventType.CSRF_REJECTED, clock.instant().minus(Duration.ofHours(26)), username, client);
        TestResponse page = admin.get("/admin/security");

        String clients = figure(page, "clients");
        String accounts = figure(page, "accounts");
        assertThat(tableCount(clients, client)).isEqualTo(MANY + 5);
        assertThat(tableCount(accounts, username)).isEqualTo(MANY + 5);
        assertThat(count(clients, "<g class=\"bar\">")).isBetween(1, SecurityViewController.TOP_LIMIT);
        assertThat(count(accounts, "<g class=\"bar\">")).isBetween(1, SecurityViewController.TOP_LIMIT);
        assertThat(clients).contains("<title>" + client + ": " + (MANY + 5) + "</title>");
        assertThat(accounts).contains("<title>" + username + ": " + (MANY + 5) + "</title>");
    }

    @ParameterizedTest
    @MethodSource("hostileValues")
    void hostileValuesAreEscapedInChartsAndTables(String hostile, String visible) {
        TestBrowser admin = signedInAdmin("hostile");
        // The unique part comes first, so that the cut of a long value keeps it.
        String prefix = uniqueName("h") + " ";
        String value = prefix + hostile;
        String label = SecurityEventRepository.bounded(prefix + visible);

        storeEvents(MANY, SecurityEventType.ACCESS_DENIED, clock.instant().minus(Duration.ofMinutes(5)), value,
                value);
        TestResponse page = admin.get("/admin/security");

        String stored = SecurityEventRepository.bounded(value);
        assertThat(jdbc.sql("select count(*) from security_events where username = ? and client_address = ?")
                .params(stored, stored).query(Long.class).single()).isEqualTo(MANY);
        String shown = escaped(label);
        String drawn = escaped(label.codePointCount(0, label.length()) <= BarChart.MAX_DRAWN_LABEL ? label
                : label.substring(0, label.offsetByCodePoints(0, BarChart.MAX_DRAWN_LABEL - 1)) + "\u2026");
        for (String id : new String[] {"clients", "accounts"}) {
            String chart = figure(page, id);
            assertThat(chart).contains("<td class=\"raw\">" + shown + "</td><td class=\"count\">" + MANY + "</td>");
            assertThat(chart).contains("<title>" + shown + ": " + MANY + "</title>");
            assertThat(chart).containsPattern(Pattern.quote(">" + drawn + "</text>")
                    + "\\s*<text class=\"bar-value\"[^>]*>" + MANY + "</text>");
        }
        if (!shown.equals(stored)) {
            assertThat(page.body()).doesNotContain(stored);
        }
        assertThat(page.body()).doesNotContain("<script").doesNotContain("<svg onload").doesNotContain("\r\n");
    }

    /** Hostile text sent as a username and client address, and the text the admin pages must display for it. */
    static Stream<Arguments> hostileValues() {
        return Stream.of(
                arguments("<script>alert(1)</script>", "<script>alert(1)</script>"),
                arguments("\"><svg onload=alert(1)>", "\"><svg onload=alert(1)>"),
                arguments("${jndi:ldap://127.0.0.1:1389/a}", "${jndi:ldap://127.0.0.1:1389/a}"),
                arguments("admin\r\nLOGIN_SUCCESS user=root", "admin\\r\\nLOGIN_SUCCESS user=root"),
                arguments("<b>" + "y".repeat(700), "<b>" + "y".repeat(700)));
    }

    @Test
    void anonymousIsRedirectedToLogin() {
        RawHttp.RawResponse response = RawHttp.send(port, "GET", "/admin/security");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("/login");
        assertThat(response.body()).doesNotContain(HEADING);
    }

    @Test
    void nonAdminIsForbidden(CapturedOutput output) {
        String name = uniqueName("snoop");
        TestBrowser user = browser().signUp(name, PASSWORD);

        TestResponse response = user.get("/admin/security");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).doesNotContain(HEADING);
        assertThat(output.getOut()).contains("security event ACCESS_DENIED user=" + name);
        assertThat(jdbc.sql("select detail from security_events where type = 'ACCESS_DENIED' and username = ?")
                .param(name).query(String.class).single()).isEqualTo("GET /admin/security");
    }

    @Test
    void pageKeepsStrictContentSecurityPolicy() {
        TestBrowser admin = signedInAdmin("csp");
        storeEvents(1, SecurityEventType.RATE_LIMITED, clock.instant(), uniqueName("csp"), "203.0.113.9");

        TestResponse page = admin.get("/admin/security");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).isEqualTo(HeadersProperties.DEFAULT_CSP);
        assertThat(page.header("Content-Security-Policy")).doesNotContain("unsafe-inline");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body()).contains("<svg class=\"bar-chart\"");
        assertThat(page.body()).doesNotContain("style=").doesNotContain("<style").doesNotContain("<script");
    }

    @Test
    void consoleLinksToSecurityView() {
        TestBrowser admin = signedInAdmin("linker");

        TestResponse console = admin.get("/admin");

        assertThat(console.body()).contains("<a href=\"/admin/security\">Security overview</a>");
    }

    @ParameterizedTest
    @MethodSource("invalidFilters")
    void invalidFilterIsRejected(String query, String message) {
        TestBrowser admin = signedInAdmin("badfilter");

        TestResponse page = admin.get("/admin/events?" + query);

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains(message);
        assertThat(page.body()).doesNotContain(EVENTS_HEADING);
    }

    /** Query strings the event list must reject, and the start of the message that names the parameter. */
    static Stream<Arguments> invalidFilters() {
        String clientMessage = "The client address filter is invalid. Use at most 500 characters";
        String usernameMessage = "The username filter is invalid. Use at most 500 characters";
        String windowMessage = "The time window filter is invalid. Choose 1h, 24h or 7d";
        return Stream.of(
                arguments("type=NOT_A_TYPE", "The event type filter is invalid."),
                arguments("type=access_denied", "The event type filter is invalid."),
                arguments("window=2h", windowMessage),
                arguments("window=24H", windowMessage),
                arguments("window=%2024h", windowMessage),
                arguments("client=10.0.0.1%0D%0AX-Injected:%201", clientMessage),
                arguments("client=10.0.0.1%00", clientMessage),
                arguments("client=%09", clientMessage),
                arguments("client=" + "1".repeat(501), clientMessage),
                arguments("username=admin%0A", usernameMessage),
                arguments("username=%C2%85admin", usernameMessage),
                arguments("username=" + "%F0%9F%98%80".repeat(501), usernameMessage),
                arguments("username=ok&page=0", "The page number is invalid."));
    }

    @ParameterizedTest
    @MethodSource("appliedFilters")
    void filtersSelectMatchingEvents(String filters, int expected) {
        TestBrowser admin = signedInAdmin("filters");
        String name = uniqueName("filtered");
        String other = uniqueName("bystander");
        String client = "192.0.2." + uniqueName("f");
        Instant now = clock.instant();
        storeEvents(1, SecurityEventType.ACCESS_DENIED, now.minus(Duration.ofMinutes(30)), name, client);
        storeEvents(1, SecurityEventType.LOGIN_FAILURE, now.minus(Duration.ofHours(3)), name, client);
        storeEvents(1, SecurityEventType.CSRF_REJECTED, now.minus(Duration.ofDays(3)), name, client);
        storeEvents(1, SecurityEventType.RATE_LIMITED, now.minus(Duration.ofDays(10)), name, client);
        storeEvents(1, SecurityEventType.ACCESS_DENIED, now.minus(Duration.ofMinutes(20)), other, client);

        TestResponse page = admin.get("/admin/events?" + filters.replace("NAME", encoded(name))
                .replace("OTHER", encoded(other)).replace("CLIENT", encoded(client)));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<p>" + expected + " events, newest first.</p>");
        assertThat(count(page.body(), "<tr class=\"event\">")).isEqualTo(expected);
    }

    /** Filter query strings over this test's five events, and how many of them each selects. */
    static Stream<Arguments> appliedFilters() {
        return Stream.of(
                arguments("username=NAME", 4),
                arguments("username=NAME&window=1h", 1),
                arguments("username=NAME&window=24h", 2),
                arguments("username=NAME&window=7d", 3),
                arguments("username=NAME&type=LOGIN_FAILURE", 1),
                arguments("username=NAME&type=LOGIN_FAILURE&window=1h", 0),
                arguments("client=CLIENT", 5),
                arguments("client=CLIENT&window=1h", 2),
                arguments("client=CLIENT&username=OTHER", 1),
                arguments("client=CLIENT&type=ACCESS_DENIED&window=", 2));
    }

    @Test
    void filtersCarryOverToNextPage() {
        TestBrowser admin = signedInAdmin("pager");
        String name = uniqueName("paged <&>");
        storeEvents(AdminController.EVENTS_PAGE_SIZE + 1, SecurityEventType.LOGIN_FAILURE,
                clock.instant().minus(Duration.ofMinutes(1)), name, "192.0.2.1");

        TestResponse first = admin.get("/admin/events?username=" + encoded(name) + "&window=24h");
        TestResponse second = admin.get("/admin/events?username=" + encoded(name) + "&window=24h&page=2");

        String nextHref = "/admin/events?username=" + encoded(name) + "&window=24h&page=2";
        assertThat(first.body()).contains("href=\"" + nextHref.replace("&", "&amp;") + "\" rel=\"next\"");
        assertThat(count(first.body(), "<tr class=\"event\">")).isEqualTo(AdminController.EVENTS_PAGE_SIZE);
        assertThat(second.status()).isEqualTo(200);
        assertThat(count(second.body(), "<tr class=\"event\">")).isEqualTo(1);
        // In a quoted attribute the template engine escapes & and < but leaves > as typed.
        assertThat(second.body()).contains("value=\"" + name.replace("&", "&amp;").replace("<", "&lt;") + "\"");
    }

    private void storeEvents(int count, SecurityEventType type, Instant occurredAt, String username, String client) {
        for (int i = 0; i < count; i++) {
            repository.store(new SecurityEvent(occurredAt, type, username, client, "/test", "stored by test", null));
        }
    }

    private long storedSince(String type, Instant since) {
        return jdbc.sql("select count(*) from security_events where type = ? and occurred_at >= ?")
                .params(type, since.toEpochMilli()).query(Long.class).single();
    }

    private static long typeCount(TestResponse page, String type) {
        return tableCount(figure(page, "types"), type);
    }

    /** Returns the markup of one chart and its table, failing when the page has no such chart. */
    private static String figure(TestResponse page, String id) {
        String start = "<figure class=\"chart\" id=\"" + id + "-chart\">";
        int from = page.body().indexOf(start);
        assertThat(from).as("chart " + id).isNotNegative();
        return page.body().substring(from, page.body().indexOf("</figure>", from));
    }

    /** Returns the count in the chart's table row for the label, as escaped in the HTML, failing when absent. */
    private static long tableCount(String chart, String label) {
        Matcher row = Pattern.compile(Pattern.quote("<td class=\"raw\">" + escaped(label) + "</td>")
                + "<td class=\"count\">([0-9]+)</td>").matcher(chart);
        assertThat(row.find()).as("table row " + label).isTrue();
        return Long.parseLong(row.group(1));
    }

    /** Returns the count drawn beside the bar whose drawn label is the given text, failing when absent. */
    private static long drawnCount(String chart, String drawnLabel) {
        Matcher bar = Pattern.compile(Pattern.quote(">" + escaped(drawnLabel) + "</text>")
                + "\\s*<text class=\"bar-value\"[^>]*>([0-9]+)</text>").matcher(chart);
        assertThat(bar.find()).as("bar " + drawnLabel).isTrue();
        return Long.parseLong(bar.group(1));
    }

    private static int count(String text, String fragment) {
        return text.split(Pattern.quote(fragment), -1).length - 1;
    }

    /** Escapes text as the template engine does in element content, where quotes need no escaping. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
