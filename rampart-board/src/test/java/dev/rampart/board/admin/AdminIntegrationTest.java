package dev.rampart.board.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.account.AccountService;
import dev.rampart.board.account.Registration;
import dev.rampart.board.account.UsernameKey;
import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.RawHttp;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.audit.SecurityEvent;
import dev.rampart.hardening.audit.SecurityEventType;
import dev.rampart.hardening.audit.SecurityEvents;

class AdminIntegrationTest extends BoardIntegrationTest {

    private static final String CONSOLE_HEADING = "<h1>Admin console</h1>";
    private static final String EVENTS_HEADING = "<h1>Security events</h1>";
    private static final String SESSION_COOKIE = "__Host-rampart-session";

    @Autowired
    private AccountService accounts;

    @Autowired
    private SecurityEvents securityEvents;

    @Test
    void adminSeesAccountsWithRoleAndState() {
        TestBrowser admin = signedInAdmin("console");
        String name = uniqueName("member");
        browser().signUp(name, PASSWORD);
        String disabledName = uniqueName("shut");
        browser().register(disabledName, PASSWORD);
        jdbc.sql("update accounts set enabled = ? where username = ?").params(false, disabledName).update();

        TestResponse page = admin.get("/admin?page=" + consolePageOf(name));
        TestResponse disabledPage = admin.get("/admin?page=" + consolePageOf(disabledName));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body()).contains(CONSOLE_HEADING);
        assertThat(page.body()).containsPattern(row(td(idOf(name)), td(name), td(name), td("USER"),
                "<td class=\"state-enabled\">enabled</td>"));
        assertThat(page.body()).contains("action=\"/admin/users/" + idOf(name) + "/disable\"");
        assertThat(disabledPage.body()).containsPattern(row(td(disabledName), td(disabledName), td("USER"),
                "<td class=\"state-disabled\">disabled</td>"));
        assertThat(disabledPage.body()).doesNotContain("action=\"/admin/users/" + idOf(disabledName) + "/disable\"");
    }

    @Test
    void adminSeesOwnRoleWithoutDisableButton() {
        String adminName = uniqueName("self");
        TestBrowser admin = adminNamed(adminName);

        TestResponse page = admin.get("/admin?page=" + consolePageOf(adminName));

        assertThat(page.body()).containsPattern(row(td(adminName), td(adminName), td("ADMIN")));
        assertThat(page.body()).contains("<em>your account</em>");
        assertThat(page.body()).doesNotContain("action=\"/admin/users/" + idOf(adminName) + "/disable\"");
    }

    @Test
    void adminSeesLatestSecurityEvents() {
        TestBrowser admin = signedInAdmin("watcher");
        String name = uniqueName("fumbler");
        browser().register(name, PASSWORD);
        browser().login(name, "not the password at all");

        TestResponse page = admin.get("/admin");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h2>Latest security events</h2>");
        assertThat(page.body()).containsPattern(row("<td><code>LOGIN_FAILURE</code></td>",
                "<td class=\"raw\">" + name + "</td>", td("127.0.0.1"), "<td class=\"raw\">/login</td>",
                "<td class=\"raw\">BadCredentialsException</td>"));
    }

    @Test
    void eventsPageListsNewestFirst() {
        TestBrowser admin = signedInAdmin("events");
        String first = uniqueName("earlier");
        String second = uniqueName("later");
        browser().login(first, "not the password at all");
        browser().login(second, "not the password at all");

        TestResponse page = admin.get("/admin/events");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body()).contains(EVENTS_HEADING);
        assertThat(page.body()).contains(">" + second + "</td>");
        assertThat(page.body().indexOf(">" + second + "</td>")).isLessThan(page.body().indexOf(">" + first + "</td>"));
        long total = jdbc.sql("select count(*) from security_events").query(Long.class).single();
        assertThat(page.body()).contains("<p>" + total + " events, newest first.</p>");
    }

    @Test
    void eventsPageFiltersByType() {
        TestBrowser admin = signedInAdmin("filter");
        signedInUser("denied").get("/admin");

        TestResponse page = admin.get("/admin/events?type=ACCESS_DENIED");

        long denials = jdbc.sql("select count(*) from security_events where type = 'ACCESS_DENIED'")
                .query(Long.class).single();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<p>" + denials + " events, newest first.</p>");
        assertThat(page.body()).contains("<option value=\"ACCESS_DENIED\" selected>");
        assertThat(page.body()).contains("<td><code>ACCESS_DENIED</code></td>");
        assertThat(page.body()).doesNotContain("<td><code>LOGIN_SUCCESS</code></td>");
        assertThat(page.body()).doesNotContain("<td><code>ADMIN_CREATED</code></td>");
    }

    @ParameterizedTest
    @CsvSource({"NOT_A_TYPE, 400", "access_denied, 400", "'ACCESS_DENIED ', 400", "'', 200"})
    void eventTypeFilterAcceptsOnlyKnownNames(String type, int expectedStatus) {
        TestBrowser admin = signedInAdmin("badtype");

        TestResponse page = admin.get("/admin/events?type=" + type.replace(" ", "%20"));

        assertThat(page.status()).isEqualTo(expectedStatus);
        assertThat(page.body().contains(EVENTS_HEADING)).isEqualTo(expectedStatus == 200);
    }

    @ParameterizedTest
    @MethodSource("adminPathTricks")
    void anonymousNeverReachesAdminPage(String method, String target, int anonymousStatus, int userStatus) {
        RawHttp.RawResponse response = RawHttp.send(port, method, target);

        assertThat(response.status()).isEqualTo(anonymousStatus);
        if (anonymousStatus == 302) {
            assertThat(response.header("Location")).isEqualTo("/login");
        }
        assertThat(response.body()).doesNotContain(CONSOLE_HEADING).doesNotContain(EVENTS_HEADING);
    }

    @ParameterizedTest
    @MethodSource("adminPathTricks")
    void nonAdminNeverReachesAdminPage(String method, String target, int anonymousStatus, int userStatus,
            CapturedOutput output) {
        String name = uniqueName("intruder");
        TestBrowser user = browser().signUp(name, PASSWORD);

        RawHttp.RawResponse response = RawHttp.send(port, method, target,
                "Cookie: " + SESSION_COOKIE + "=" + user.cookies().get(SESSION_COOKIE));

        assertThat(response.status()).isEqualTo(userStatus);
        assertThat(response.body()).doesNotContain(CONSOLE_HEADING).doesNotContain(EVENTS_HEADING);
        if (userStatus == 403) {
            assertThat(output.getOut()).contains("security event ACCESS_DENIED user=" + name);
            assertThat(storedEvents("ACCESS_DENIED", name)).isEqualTo(1);
        }
    }

    /** Tomcat rejects these before any filter runs, so its error report must send the headers itself. */
    @ParameterizedTest
    @ValueSource(strings = {"/admin%2F", "/admin%00", "/admin\\", "/admin?q=LONG"})
    void containerRejectedPathCarriesSecurityHeaders(String target) {
        RawHttp.RawResponse response = RawHttp.send(port, "GET", target.replace("LONG", "a".repeat(20_000)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Security-Policy")).startsWith("default-src 'none';");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.body()).contains("<h1>Bad request</h1>");
        assertThat(response.body()).doesNotContain("<style").doesNotContain(CONSOLE_HEADING);
    }

    /** Request targets that a lenient matcher might map to the admin pages: method, target, anonymous, user. */
    static Stream<Arguments> adminPathTricks() {
        return Stream.of(
                arguments("GET", "/admin", 302, 403),
                arguments("GET", "/admin/", 302, 403),
                arguments("GET", "/admin;x=1", 400, 400),
                arguments("GET", "//admin", 400, 400),
                arguments("GET", "/%61dmin", 302, 403),
                arguments("GET", "/ADMIN", 302, 404),
                arguments("GET", "/admin/../admin", 400, 400),
                arguments("GET", "/./admin", 400, 400),
                arguments("GET", "/admin%2F", 400, 400),
                arguments("GET", "/admin/events", 302, 403),
                arguments("GET", "/admin/events?type=ACCESS_DENIED", 302, 403),
                arguments("HEAD", "/admin", 302, 403));
    }

    @Test
    void nonAdminDenialIsLoggedAndStored(CapturedOutput output) {
        String name = uniqueName("curious");
        TestBrowser user = browser().signUp(name, PASSWORD);

        TestResponse denied = user.get("/admin");

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("Access denied").doesNotContain(CONSOLE_HEADING);
        assertThat(output.getOut()).contains("security event ACCESS_DENIED user=" + name);
        String detail = jdbc.sql("select detail from security_events where type = 'ACCESS_DENIED' and username = ?")
                .param(name).query(String.class).single();
        assertThat(detail).isEqualTo("GET /admin");
    }

    @Test
    void disableEndsSessionsAndLogin(CapturedOutput output) {
        String adminName = uniqueName("disabler");
        TestBrowser admin = adminNamed(adminName);
        String name = uniqueName("target");
        TestBrowser laptop = browser().signUp(name, PASSWORD);
        TestBrowser phone = browser();
        phone.login(name, PASSWORD);
        TestResponse wrongPassword = browser().login(name, "not the password at all");

        TestResponse disabled = admin.post("/admin/users/" + idOf(name) + "/disable", Map.of());
        TestResponse laptopNext = laptop.get("/dashboard");
        TestResponse phoneNext = phone.get("/profile");
        TestBrowser again = browser();
        TestResponse login = again.login(name, PASSWORD);
        TestResponse loginPage = again.get(login.header("Location"));

        assertThat(disabled.status()).isEqualTo(303);
        assertThat(disabled.header("Location")).isEqualTo("/admin");
        assertThat(laptopNext.status()).isEqualTo(302);
        assertThat(laptopNext.header("Location")).startsWith("/login");
        assertThat(phoneNext.status()).isEqualTo(302);
        assertThat(phoneNext.header("Location")).startsWith("/login");
        assertThat(login.status()).isEqualTo(wrongPassword.status()).isEqualTo(303);
        assertThat(login.header("Location")).isEqualTo(wrongPassword.header("Location")).isEqualTo("/login?error");
        assertThat(loginPage.body()).contains("Invalid username or password.");
        assertThat(isEnabled(name)).isFalse();
        String detail = jdbc.sql("select detail from security_events where type = 'ACCOUNT_DISABLED' and username = ?")
                .param(name).query(String.class).single();
        assertThat(detail).isEqualTo("disabled by " + adminName + "; 2 session(s) ended");
        assertThat(output.getOut()).contains("security event ACCOUNT_DISABLED user=" + name);
    }

    @Test
    void expiredSessionSeesLoginNotice() {
        TestBrowser admin = signedInAdmin("expirer");
        String name = uniqueName("expired");
        TestBrowser user = browser().signUp(name, PASSWORD);

        admin.post("/admin/users/" + idOf(name) + "/disable", Map.of());
        TestResponse next = user.get("/dashboard");
        TestResponse loginPage = user.get(next.header("Location"));

        assertThat(next.header("Location")).isEqualTo("/login?expired");
        assertThat(loginPage.body()).contains("Your session ended.");
    }

    @Test
    void nonAdminCannotDisable(CapturedOutput output) {
        String attacker = uniqueName("mallory");
        TestBrowser user = browser().signUp(attacker, PASSWORD);
        String victim = uniqueName("victim");
        browser().register(victim, PASSWORD);

        TestResponse response = user.post("/admin/users/" + idOf(victim) + "/disable", Map.of());

        assertThat(response.status()).isEqualTo(403);
        assertThat(isEnabled(victim)).isTrue();
        assertThat(storedEvents("ACCESS_DENIED", attacker)).isEqualTo(1);
        assertThat(storedEvents("ACCOUNT_DISABLED", victim)).isZero();
        assertThat(output.getOut()).contains("security event ACCESS_DENIED user=" + attacker);
    }

    @Test
    void disableWithoutCsrfTokenIsRejected(CapturedOutput output) {
        String adminName = uniqueName("tokenless");
        TestBrowser admin = adminNamed(adminName);
        String victim = uniqueName("csrfvictim");
        browser().register(victim, PASSWORD);

        TestResponse missing = admin.postWithoutToken("/admin/users/" + idOf(victim) + "/disable", Map.of());
        TestResponse forged = admin.postWithoutToken("/admin/users/" + idOf(victim) + "/disable",
                Map.of("_csrf", "forged-token"));

        assertThat(missing.status()).isEqualTo(403);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(isEnabled(victim)).isTrue();
        assertThat(storedEvents("CSRF_REJECTED", adminName)).isEqualTo(2);
        assertThat(storedEvents("ACCOUNT_DISABLED", victim)).isZero();
        assertThat(output.getOut()).contains("security event CSRF_REJECTED user=" + adminName);
    }

    @Test
    void adminCannotDisableSelf() {
        String adminName = uniqueName("selfish");
        TestBrowser admin = adminNamed(adminName);

        TestResponse response = admin.post("/admin/users/" + idOf(adminName) + "/disable", Map.of());
        TestResponse stillIn = admin.get("/admin");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.body()).contains("You cannot disable your own account.");
        assertThat(response.body()).contains(CONSOLE_HEADING);
        assertThat(isEnabled(adminName)).isTrue();
        assertThat(storedEvents("ACCOUNT_DISABLED", adminName)).isZero();
        assertThat(stillIn.status()).isEqualTo(200);
    }

    @Test
    void adminCanDisableAnotherAdmin() {
        TestBrowser admin = signedInAdmin("senior");
        String otherAdmin = uniqueName("junior");
        TestBrowser other = adminNamed(otherAdmin);

        TestResponse response = admin.post("/admin/users/" + idOf(otherAdmin) + "/disable", Map.of());
        TestResponse otherNext = other.get("/admin");

        assertThat(response.status()).isEqualTo(303);
        assertThat(isEnabled(otherAdmin)).isFalse();
        assertThat(otherNext.status()).isEqualTo(302);
        assertThat(otherNext.body()).doesNotContain(CONSOLE_HEADING);
    }

    @ParameterizedTest
    @CsvSource({"999999999, 404", "-5, 404", "0, 404", "abc, 400", "1.0, 400", "99999999999999999999, 400"})
    void disableOfUnknownOrMalformedIdChangesNothing(String id, int expectedStatus) {
        TestBrowser admin = signedInAdmin("unknownid");
        long disabledBefore = jdbc.sql("select count(*) from accounts where enabled = ?").param(false)
                .query(Long.class).single();

        TestResponse response = admin.post("/admin/users/" + id + "/disable", Map.of());

        assertThat(response.status()).isEqualTo(expectedStatus);
        long disabledAfter = jdbc.sql("select count(*) from accounts where enabled = ?").param(false)
                .query(Long.class).single();
        assertThat(disabledAfter).isEqualTo(disabledBefore);
    }

    @Test
    void repeatedDisableIsRecordedAgain() {
        String adminName = uniqueName("repeater");
        TestBrowser admin = adminNamed(adminName);
        String name = uniqueName("twice");
        browser().register(name, PASSWORD);

        admin.post("/admin/users/" + idOf(name) + "/disable", Map.of());
        TestResponse second = admin.post("/admin/users/" + idOf(name) + "/disable", Map.of());

        assertThat(second.status()).isEqualTo(303);
        assertThat(isEnabled(name)).isFalse();
        assertThat(jdbc.sql("select detail from security_events where type = 'ACCOUNT_DISABLED' and username = ? "
                + "order by id").param(name).query(String.class).list())
                .containsExactly("disabled by " + adminName + "; 0 session(s) ended",
                        "disabled by " + adminName + " (it was already disabled); 0 session(s) ended");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<img src=x onerror=alert(1)>", "\"><script>alert(1)</script>", "<svg/onload=alert(1)>"})
    void eventTextIsEscapedOnAdminPages(String username) {
        TestBrowser admin = signedInAdmin("escaper");
        browser().login(username, "not the password at all");

        TestResponse console = admin.get("/admin");
        TestResponse events = admin.get("/admin/events?type=LOGIN_FAILURE");

        // In element content only & < and > need escaping, so quotes stay as typed.
        String escaped = username.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        assertThat(storedEvents("LOGIN_FAILURE", username)).isEqualTo(1);
        assertThat(console.body()).contains("<td class=\"raw\">" + escaped + "</td>");
        assertThat(console.body()).doesNotContain(username);
        assertThat(events.body()).contains("<td class=\"raw\">" + escaped + "</td>");
        assertThat(events.body()).doesNotContain(username);
    }

    @Test
    void longEventTextIsStoredCut() {
        String username = "x".repeat(2000) + uniqueName("long");
        browser().login(username, "not the password at all");

        String stored = jdbc.sql("select username from security_events "
                        + "where type = 'LOGIN_FAILURE' and username like ?")
                .param("x".repeat(499) + "%").query(String.class).list().getLast();

        assertThat(stored.codePointCount(0, stored.length())).isEqualTo(SecurityEventRepository.MAX_TEXT_LENGTH);
        assertThat(stored).isEqualTo("x".repeat(499) + "\u2026");
    }

    @Test
    void nulInLoginNameIsStoredReplaced(CapturedOutput output) {
        // In the middle, because the login filter trims the username and would drop a trailing NUL.
        String name = uniqueName("nul");

        TestResponse login = browser().login("before\u0000" + name, "not the password at all");

        assertThat(login.header("Location")).isEqualTo("/login?error");
        assertThat(storedEvents("LOGIN_FAILURE", "before\uFFFD" + name)).isEqualTo(1);
        assertThat(output.getOut()).contains("\\u0000" + name);
        assertThat(output.getOut()).doesNotContain("invalid byte sequence");
    }

    @Test
    void storeBoundsEveryTextField() {
        String name = uniqueName("direct");
        String longText = "y".repeat(600);

        securityEvents.record(new SecurityEvent(Instant.now(), SecurityEventType.RATE_LIMITED, name,
                "nul\u0000address", longText, "detail\u0000" + longText, "\uD83D\uDE00".repeat(600)));

        StoredRow row = jdbc.sql("select client_address, path, detail, request_id from security_events "
                        + "where type = 'RATE_LIMITED' and username = ?")
                .param(name)
                .query((rs, number) -> new StoredRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .single();
        assertThat(row.clientAddress()).isEqualTo("nul\uFFFDaddress");
        assertThat(row.path()).isEqualTo("y".repeat(499) + "\u2026");
        assertThat(row.detail()).isEqualTo("detail\uFFFD" + "y".repeat(492) + "\u2026");
        assertThat(row.requestId()).isEqualTo("\uD83D\uDE00".repeat(499) + "\u2026");
    }

    private record StoredRow(String clientAddress, String path, String detail, String requestId) {
    }

    private static String td(Object content) {
        return "<td>" + content + "</td>";
    }

    /** Returns a pattern that finds the given table cells next to each other, whatever whitespace separates them. */
    private static Pattern row(String... cells) {
        return Pattern.compile(Arrays.stream(cells).map(Pattern::quote).collect(Collectors.joining("\\s*")));
    }

    private TestBrowser adminNamed(String name) {
        accounts.createAdmin(Registration.of(name, PASSWORD, PASSWORD));
        TestBrowser admin = browser();
        admin.login(name, PASSWORD);
        return admin;
    }

    private long idOf(String username) {
        return jdbc.sql("select id from accounts where username = ?").param(username).query(Long.class).single();
    }

    private boolean isEnabled(String username) {
        return jdbc.sql("select enabled from accounts where username = ?").param(username)
                .query(Boolean.class).single();
    }

    private long storedEvents(String type, String username) {
        return jdbc.sql("select count(*) from security_events where type = ? and username = ?")
                .params(type, username).query(Long.class).single();
    }

    /** Returns the console page that lists an account, using the database's own ordering of keys. */
    private int consolePageOf(String username) {
        long before = jdbc.sql("select count(*) from accounts where username_key < ?")
                .param(UsernameKey.of(username)).query(Long.class).single();
        return (int) (before / AdminController.ACCOUNTS_PAGE_SIZE) + 1;
    }
}
