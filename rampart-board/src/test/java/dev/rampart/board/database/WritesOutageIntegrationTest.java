package dev.rampart.board.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.account.UsernameKey;
import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.BreakerDriver;
import dev.rampart.board.support.HtmlForm;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestBrowser.FilePart;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.resilience.DatabaseGuard;

/**
 * Every kind of write while the database is unavailable: 503 with Retry-After and a page stating that nothing was
 * saved, no row changed, and fast rejection once the circuit breaker is open. Forms are fetched while the
 * database is up and sent back with all their hidden inputs, as a browser would.
 */
class WritesOutageIntegrationTest extends BoardIntegrationTest {

    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [a-zA-Z_$][\\w$.]*\\(");
    private static final int ADMIN_PAGE_SIZE = 50;

    @Autowired
    private DatabaseGuard guard;

    @Test
    void everyWriteDuringOutageSavesNothing(CapturedOutput output) {
        Scene scene = newScene();
        Snapshot before = scene.snapshot();

        for (Write write : scene.writes()) {
            // Each write meets failing connections with the breaker still closed, so it pays the retries first.
            databaseFaults.clear();
            databaseFaults.failConnections();
            TestResponse response = write.submit().get();
            assertNothingSaved(write.name(), response);
        }
        databaseFaults.clear();

        assertThat(scene.snapshot()).isEqualTo(before);
        assertThat(STACK_FRAME.matcher(output.getAll()).find()).as("stack trace in the log").isFalse();
    }

    @Test
    void openBreakerRejectsEveryWriteFast(CapturedOutput output) {
        Scene scene = newScene();
        Snapshot before = scene.snapshot();
        List<Write> writes = scene.writes();

        BreakerDriver.open(databaseFaults, guard, browser());
        for (Write write : writes) {
            long started = System.nanoTime();
            TestResponse response = write.submit().get();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            assertNothingSaved(write.name(), response);
            // A generous bound for a noisy machine. The breaker usually rejects a call in a few milliseconds.
            assertThat(elapsed).as(write.name()).isLessThan(Duration.ofSeconds(1));
        }
        CircuitBreaker.State state = guard.circuitBreaker().getState();
        databaseFaults.clear();

        assertThat(state).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(scene.snapshot()).isEqualTo(before);
        assertThat(STACK_FRAME.matcher(output.getAll()).find()).as("stack trace in the log").isFalse();
    }

    @Test
    void jsonClientGetsProblemDetails() {
        TestBrowser member = signedInUser("json");
        databaseFaults.failConnections();

        TestResponse page = member.get("/dashboard", "Accept", "application/json");
        TestResponse write = member.post("/profile", Map.of("displayName", "Json", "email", "", "bio", ""),
                "Accept", "application/problem+json");

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.header("Content-Type")).startsWith("application/problem+json");
        assertThat(page.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(page.body()).contains("\"status\":503");
        assertThat(page.body()).contains("\"detail\":\"The database is unavailable, so this page cannot be shown");
        assertThat(write.status()).isEqualTo(503);
        assertThat(write.header("Content-Type")).startsWith("application/problem+json");
        assertThat(write.body()).contains("\"detail\":\"The database is unavailable, so nothing was saved.");
        assertThat(write.body()).doesNotContain("SQLTransientConnectionException", "Injected fault");
    }

    private void assertNothingSaved(String write, TestResponse response) {
        assertThat(response.status()).as(write).isEqualTo(503);
        String retryAfter = response.header("Retry-After");
        assertThat(retryAfter).as(write).matches("[1-9][0-9]*");
        assertThat(response.body()).as(write).contains("<h1>Service unavailable</h1>");
        assertThat(response.body()).as(write).contains("The database is unavailable, so nothing was saved. "
                + "Try again in " + retryAfter + (retryAfter.equals("1") ? " second." : " seconds."));
        assertThat(response.body()).as(write).doesNotContain("SQLTransientConnectionException", "Injected fault",
                "Exception");
    }

    /** Creates a member with a post and a file, an administrator and a visitor, while the database is up. */
    private Scene newScene() {
        String memberName = uniqueName("writer");
        TestBrowser member = browser().signUp(memberName, PASSWORD);
        TestResponse created = HtmlForm.in(member.get("/posts"), "/posts")
                .submit(member, Map.of("title", "Kept", "body", "This post must survive."));
        long postId = Long.parseLong(created.header("Location").substring("/posts/".length()));
        TestResponse uploaded = HtmlForm.in(member.get("/uploads"), "/uploads")
                .submitMultipart(member, Map.of(), List.of(textFile("kept.txt")));
        if (uploaded.status() != 303) {
            throw new AssertionError("Upload failed with " + uploaded.status() + ":\n" + uploaded.body());
        }
        TestBrowser admin = signedInAdmin("outage_admin");
        return new Scene(memberName, member, postId, admin, browser(), uniqueName("newcomer"));
    }

    private TestResponse adminConsolePageOf(TestBrowser admin, String username) {
        long before = jdbc.sql("select count(*) from accounts where username_key < ?")
                .param(UsernameKey.of(username)).query(Long.class).single();
        return admin.get("/admin?page=" + (before / ADMIN_PAGE_SIZE + 1));
    }

    private static FilePart textFile(String name) {
        return new FilePart("file", name, "text/plain", "Written during an outage.\n".getBytes(StandardCharsets.UTF_8));
    }

    private record Write(String name, Supplier<TestResponse> submit) {
    }

    /** The rows the writes would change, read straight from the database. */
    private record Snapshot(long posts, String displayName, long uploads, boolean postExists, boolean memberEnabled,
            long newcomers) {
    }

    private final class Scene {

        private final String memberName;
        private final TestBrowser member;
        private final long postId;
        private final TestBrowser admin;
        private final TestBrowser visitor;
        private final String newcomer;

        Scene(String memberName, TestBrowser member, long postId, TestBrowser admin, TestBrowser visitor,
                String newcomer) {
            this.memberName = memberName;
            this.member = member;
            this.postId = postId;
            this.admin = admin;
            this.visitor = visitor;
            this.newcomer = newcomer;
        }

        /** Fetches each write's form now, while the database is up, and returns the writes that send them. */
        List<Write> writes() {
            HtmlForm post = HtmlForm.in(member.get("/posts"), "/posts");
            HtmlForm profile = HtmlForm.in(member.get("/profile"), "/profile");
            HtmlForm upload = HtmlForm.in(member.get("/uploads"), "/uploads");
            HtmlForm delete = HtmlForm.in(member.get("/posts/" + postId), "/posts/" + postId + "/delete");
            HtmlForm disable = HtmlForm.in(adminConsolePageOf(admin, memberName),
                    "/admin/users/" + accountId() + "/disable");
            HtmlForm register = HtmlForm.in(visitor.get("/register"), "/register");
            return List.of(
                    new Write("new post", () -> post.submit(member, Map.of("title", "Lost", "body", "Not saved."))),
                    new Write("profile", () -> profile.submit(member,
                            Map.of("displayName", "Changed in outage", "email", "", "bio", ""))),
                    new Write("upload", () -> upload.submitMultipart(member, Map.of(), List.of(textFile("lost.txt")))),
                    new Write("delete", () -> delete.submit(member, Map.of())),
                    new Write("admin disable", () -> disable.submit(admin, Map.of())),
                    new Write("register", () -> register.submit(visitor,
                            Map.of("username", newcomer, "password", PASSWORD, "confirmation", PASSWORD))));
        }

        Snapshot snapshot() {
            long accountId = accountId();
            return new Snapshot(
                    count("select count(*) from posts where author_id = ?", accountId),
                    jdbc.sql("select display_name from accounts where id = ?").param(accountId)
                            .query(String.class).single(),
                    count("select count(*) from uploads where owner_id = ?", accountId),
                    count("select count(*) from posts where id = ?", postId) == 1,
                    jdbc.sql("select enabled from accounts where id = ?").param(accountId)
                            .query(Boolean.class).single(),
                    count("select count(*) from accounts where username_key = ?", UsernameKey.of(newcomer)));
        }

        private long accountId() {
            return jdbc.sql("select id from accounts where username = ?").param(memberName)
                    .query(Long.class).single();
        }

        private long count(String sql, Object parameter) {
            return jdbc.sql(sql).param(parameter).query(Long.class).single();
        }
    }
}
