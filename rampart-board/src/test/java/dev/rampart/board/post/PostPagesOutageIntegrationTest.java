package dev.rampart.board.post;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
 * The front page and post pages while the database is unavailable: the last good copy with a notice, 503 where
 * there is none, and fresh pages again once the database is back. Search responds with 503, never with an empty
 * list.
 */
class PostPagesOutageIntegrationTest extends BoardIntegrationTest {

    private static final String PAGE_COPY_NOTICE = "The database is unavailable, so this is a copy of this page from";
    private static final String POST_COPY_NOTICE = "The database is unavailable, so this is a copy of this post from";
    private static final Pattern POST_LINK = Pattern.compile("<h2><a href=\"(/posts/[0-9]+)\">");
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [a-zA-Z_$][\\w$.]*\\(");

    @Autowired
    private PostCache postCache;

    @Autowired
    private DatabaseGuard guard;

    @Test
    void frontPageShowsLastCopyDuringOutage(CapturedOutput output) {
        TestBrowser author = signedInUser("copied");
        String title = "Kept for the outage " + TestPosts.uniqueWord();
        createPost(author, title, "Read before the database went away.");
        TestResponse fresh = author.get("/");

        databaseFaults.failConnections();
        // The post cache would serve the page for its time to live without a database call; expire it now.
        postCache.invalidate();
        TestResponse copy = author.get("/");

        assertThat(fresh.body()).contains(title);
        assertThat(fresh.body()).doesNotContain(PAGE_COPY_NOTICE);
        assertThat(copy.status()).isEqualTo(200);
        assertThat(copy.body()).contains(title);
        assertThat(copy.body()).contains(PAGE_COPY_NOTICE);
        assertThat(copy.body()).contains("Posting is paused until the database is back.");
        assertThat(copy.body()).as("no link to a form that cannot be saved").doesNotContain("Write a post");
        assertThat(postLinks(copy)).isEqualTo(postLinks(fresh));
        assertThat(copy.header("Cache-Control")).isEqualTo("no-store");
        assertThat(copy.header("Content-Security-Policy")).contains("style-src 'self'");
        assertThat(copy.body()).doesNotContain("style=", "<script");
        assertThat(STACK_FRAME.matcher(output.getAll()).find()).as("stack trace in the log").isFalse();
    }

    @Test
    void laterPageShowsLastCopyDuringOutage() {
        TestBrowser author = signedInUser("paged");
        for (int i = 0; i <= PageNumber.SIZE; i++) {
            createPost(author, "Filler " + i, "So that a second page exists.");
        }
        TestResponse fresh = browser().get("/?page=2");

        databaseFaults.failConnections();
        postCache.invalidate();
        TestResponse copy = browser().get("/?page=2");

        assertThat(postLinks(fresh)).isNotEmpty();
        assertThat(copy.status()).isEqualTo(200);
        assertThat(copy.body()).contains(PAGE_COPY_NOTICE);
        assertThat(postLinks(copy)).isEqualTo(postLinks(fresh));
        assertThat(copy.body()).contains("<a rel=\"prev\" href=\"/?page=1\">Previous page</a>");
        assertThat(copy.body()).contains("<span>Page 2</span>");
    }

    @Test
    void postPageShowsLastCopyWithoutDeleteButton() {
        TestBrowser author = signedInUser("viewed");
        String word = TestPosts.uniqueWord();
        long id = createPost(author, "Post copy " + word, "The body of " + word + " stays readable.");
        TestResponse fresh = author.get("/posts/" + id);

        databaseFaults.failConnections();
        TestResponse copy = author.get("/posts/" + id);

        assertThat(fresh.body()).contains("Delete this post");
        assertThat(copy.status()).isEqualTo(200);
        assertThat(copy.body()).contains("Post copy " + word);
        assertThat(copy.body()).contains("The body of " + word + " stays readable.");
        assertThat(copy.body()).contains(POST_COPY_NOTICE);
        assertThat(copy.body()).doesNotContain("Delete this post");
        assertThat(copy.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void openBreakerServesCopyWithoutDatabaseCall() {
        TestBrowser reader = browser();
        String title = "Served while open " + TestPosts.uniqueWord();
        long id = createPost(signedInUser("open"), title, "Body.");
        reader.get("/");
        reader.get("/posts/" + id);
        BreakerDriver.open(databaseFaults, guard, reader);

        // Had the page called the database now, it would wait this long and then get a fresh page.
        databaseFaults.delayConnections(Duration.ofSeconds(3));
        postCache.invalidate();
        long slowestNanos = 0;
        for (int i = 0; i < 20; i++) {
            String path = i % 2 == 0 ? "/" : "/posts/" + id;
            long started = System.nanoTime();
            TestResponse copy = reader.get(path);
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - started);
            assertThat(copy.status()).isEqualTo(200);
            assertThat(copy.body()).contains(title);
            assertThat(copy.body()).contains("The database is unavailable, so this is a copy of");
        }

        // A generous bound for a noisy machine. The copies are usually served in a few milliseconds.
        assertThat(Duration.ofNanos(slowestNanos)).isLessThan(Duration.ofSeconds(1));
        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void pageWithoutCopyIs503() {
        long neverViewed = createPost(signedInUser("unseen"), "Never viewed", "Nobody read this before.");

        databaseFaults.failConnections();
        TestResponse post = browser().get("/posts/" + neverViewed);
        TestResponse deepPage = browser().get("/?page=997");

        for (TestResponse response : new TestResponse[] {post, deepPage}) {
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
            assertThat(response.body()).contains("<h1>Service unavailable</h1>");
            assertThat(response.body()).contains("The database is unavailable, so this page cannot be shown right "
                    + "now. Try again in " + response.header("Retry-After") + " second");
            assertThat(response.body()).doesNotContain("Never viewed", "SQLTransientConnectionException");
        }
    }

    @Test
    void deletedPostLeavesNoCopy() {
        TestBrowser author = signedInUser("deleter");
        String title = "Deleted before the outage " + TestPosts.uniqueWord();
        long id = createPost(author, title, "Gone for good.");
        TestResponse front = author.get("/");
        TestResponse page = author.get("/posts/" + id);
        TestResponse deleted = HtmlForm.in(page, "/posts/" + id + "/delete").submit(author, Map.of());

        databaseFaults.failConnections();
        postCache.invalidate();
        TestResponse postAfter = author.get("/posts/" + id);
        TestResponse frontAfter = author.get("/");

        assertThat(front.body()).contains(title);
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(postAfter.status()).isEqualTo(503);
        assertThat(postAfter.body()).doesNotContain(title);
        assertThat(frontAfter.body()).doesNotContain(title);
    }

    @Test
    void pagesTurnFreshWhenDatabaseReturns() throws InterruptedException {
        TestBrowser author = signedInUser("recovery");
        String before = "Before the outage " + TestPosts.uniqueWord();
        createPost(author, before, "Body.");
        author.get("/");
        BreakerDriver.open(databaseFaults, guard, author);
        postCache.invalidate();
        TestResponse during = author.get("/");

        // The database comes back but the breaker stays open, so it must find out by itself through its probes.
        databaseFaults.delayConnections(Duration.ZERO);
        TestResponse after = awaitFreshFrontPage(author, Duration.ofSeconds(20));
        String later = "After the outage " + TestPosts.uniqueWord();
        TestResponse created = createPostResponse(author, later, "Body.");
        TestResponse fresh = author.get("/");

        assertThat(during.body()).contains(PAGE_COPY_NOTICE);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).contains(before);
        assertThat(after.body()).doesNotContain(PAGE_COPY_NOTICE);
        assertThat(created.status()).isEqualTo(303);
        assertThat(fresh.body()).contains(later);
        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(fresh.body()).doesNotContain("The database is unavailable");
    }

    @Test
    void frontPageIsFreshAfterClear() {
        TestBrowser reader = browser();
        reader.get("/");
        databaseFaults.failConnections();
        postCache.invalidate();
        TestResponse during = reader.get("/");

        databaseFaults.clear();
        TestResponse after = reader.get("/");

        assertThat(during.body()).contains(PAGE_COPY_NOTICE);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).doesNotContain(PAGE_COPY_NOTICE);
    }

    @Test
    void searchDuringOutageIs503WithSentence(CapturedOutput output) {
        String word = TestPosts.uniqueWord();
        createPost(signedInUser("sought"), "Findable " + word, "Body.");

        databaseFaults.failConnections();
        TestResponse response = browser().get("/search?q=" + word);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(response.body()).contains("Search is temporarily unavailable because the database cannot be "
                + "reached. Try again in " + response.header("Retry-After") + " second");
        assertThat(response.body()).contains("value=\"" + word + "\"");
        assertThat(response.body()).doesNotContain("<article", "No posts match", "posts match", "post matches",
                "Findable");
        assertThat(STACK_FRAME.matcher(output.getAll()).find()).as("stack trace in the log").isFalse();
    }

    @Test
    void searchWithOpenBreakerIs503() {
        String word = TestPosts.uniqueWord();
        TestBrowser reader = browser();
        BreakerDriver.open(databaseFaults, guard, reader);

        TestResponse response = reader.get("/search?q=" + word);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(response.body()).contains("Search is temporarily unavailable");
        assertThat(response.body()).doesNotContain("<article", "No posts match");
    }

    @Test
    void openBreakerPutsNoticeOnEveryPage() {
        TestBrowser member = signedInUser("notice");
        TestResponse before = member.get("/posts");
        BreakerDriver.open(databaseFaults, guard, member);

        TestResponse form = member.get("/posts");

        assertThat(before.body()).doesNotContain("The database is unavailable");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<p class=\"notice outage\" role=\"status\">The database is unavailable, so "
                + "pages may be out of date and nothing can be saved until it is back.</p>");
    }

    private TestResponse awaitFreshFrontPage(TestBrowser browser, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        TestResponse response = browser.get("/");
        while (response.body().contains(PAGE_COPY_NOTICE) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = browser.get("/");
        }
        return response;
    }

    private static long createPost(TestBrowser author, String title, String body) {
        TestResponse response = createPostResponse(author, title, body);
        String location = response.header("Location");
        if (response.status() != 303 || !location.matches("/posts/[0-9]+")) {
            throw new AssertionError("Creating a post failed with " + response.status() + ":\n" + response.body());
        }
        return Long.parseLong(location.substring("/posts/".length()));
    }

    private static TestResponse createPostResponse(TestBrowser author, String title, String body) {
        HtmlForm form = HtmlForm.in(author.get("/posts"), "/posts");
        return form.submit(author, Map.of("title", title, "body", body));
    }

    private static Set<String> postLinks(TestResponse page) {
        Set<String> links = new LinkedHashSet<>();
        Matcher link = POST_LINK.matcher(page.body());
        while (link.find()) {
            links.add(link.group(1));
        }
        return links;
    }
}
