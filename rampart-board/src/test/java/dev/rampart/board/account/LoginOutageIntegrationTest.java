package dev.rampart.board.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.BreakerDriver;
import dev.rampart.board.support.HtmlForm;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.resilience.DatabaseGuard;

/**
 * Signing in while the database is unavailable: sessions that exist keep working, and a new login gets the
 * 503 page instead of "invalid username or password", without counting as a failed attempt.
 */
class LoginOutageIntegrationTest extends BoardIntegrationTest {

    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [a-zA-Z_$][\\w$.]*\\(");
    private static final String NOT_CHECKED = "The database is unavailable, so your password could not be checked "
            + "and you are not signed in. Try again in ";

    /** More than the three free failures of one username, so a counted attempt would be throttled with 429. */
    private static final int ATTEMPTS = 6;

    @Autowired
    private DatabaseGuard guard;

    @Test
    void signedInSessionSurvivesOutage() {
        String username = uniqueName("steady");
        TestBrowser member = browser().signUp(username, PASSWORD);
        Map<String, String> cookiesBefore = new LinkedHashMap<>(member.cookies());

        databaseFaults.failConnections();
        TestResponse form = member.get("/posts");
        TestResponse dashboard = member.get("/dashboard");
        BreakerDriver.open(databaseFaults, guard, member);
        TestResponse formWhileOpen = member.get("/posts");
        TestResponse dashboardWhileOpen = member.get("/dashboard");
        databaseFaults.clear();
        TestResponse dashboardAfter = member.get("/dashboard");

        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Log out " + username);
        assertThat(dashboard.status()).isEqualTo(503);
        assertThat(dashboard.body()).contains("The database is unavailable, so this page cannot be shown right now.");
        assertThat(dashboard.body()).as("still signed in on the error page").contains("Log out " + username);
        assertThat(formWhileOpen.status()).isEqualTo(200);
        assertThat(formWhileOpen.body()).contains("Log out " + username);
        assertThat(formWhileOpen.body()).contains("The database is unavailable, so pages may be out of date");
        assertThat(dashboardWhileOpen.status()).isEqualTo(503);
        assertThat(dashboardWhileOpen.body()).contains("Log out " + username);
        assertThat(dashboardAfter.status()).isEqualTo(200);
        assertThat(dashboardAfter.body()).contains("Log out " + username);
        assertThat(member.cookies()).isEqualTo(cookiesBefore);
    }

    @Test
    void loginDuringOutageIs503AndNotCounted(CapturedOutput output) throws UnknownHostException {
        String username = uniqueName("outage_login");
        assertThat(browser().register(username, PASSWORD).status()).isEqualTo(303);
        // A client address of its own, so that failures other tests caused from 127.0.0.1 cannot throttle it.
        TestBrowser visitor = new TestBrowser(port, InetAddress.getByName("127.0.0.61"));
        HtmlForm login = HtmlForm.in(visitor.get("/login"), "/login");

        databaseFaults.failConnections();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String password = attempt % 2 == 0 ? PASSWORD : "a wrong password " + attempt;
            TestResponse response = login.submit(visitor, Map.of("username", username, "password", password));

            assertThat(response.status()).as("attempt %d", attempt).isEqualTo(503);
            assertThat(response.header("Retry-After")).as("attempt %d", attempt).matches("[1-9][0-9]*");
            assertThat(response.body()).as("attempt %d", attempt).contains(NOT_CHECKED + response.header(
                    "Retry-After") + " second");
            assertThat(response.body()).as("attempt %d", attempt).doesNotContain("Invalid username or password");
            assertThat(response.hasHeader("Location")).as("attempt %d", attempt).isFalse();
        }
        databaseFaults.clear();
        TestResponse signedIn = HtmlForm.in(visitor.get("/login"), "/login")
                .submit(visitor, Map.of("username", username, "password", PASSWORD));

        assertThat(signedIn.status()).as("a counted attempt would have been throttled").isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/dashboard");
        assertThat(loginFailuresStored(username)).isZero();
        assertThat(output.getAll()).doesNotContain("security event LOGIN_FAILURE user=" + username);
        assertThat(STACK_FRAME.matcher(output.getAll()).find()).as("stack trace in the log").isFalse();
    }

    @Test
    void loginWithOpenBreakerIs503() throws UnknownHostException {
        String username = uniqueName("open_login");
        assertThat(browser().register(username, PASSWORD).status()).isEqualTo(303);
        TestBrowser visitor = new TestBrowser(port, InetAddress.getByName("127.0.0.62"));
        HtmlForm login = HtmlForm.in(visitor.get("/login"), "/login");
        BreakerDriver.open(databaseFaults, guard, visitor);

        TestResponse response = login.submit(visitor, Map.of("username", username, "password", PASSWORD));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).contains(NOT_CHECKED);
        assertThat(response.body()).doesNotContain("Invalid username or password");
    }

    private long loginFailuresStored(String username) {
        return jdbc.sql("select count(*) from security_events where type = 'LOGIN_FAILURE' and username = ?")
                .param(username).query(Long.class).single();
    }
}
