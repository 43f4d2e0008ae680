package dev.rampart.board.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.HtmlForm;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.resilience.DatabaseGuard;

/** The guard's retry and slow-call counting, driven by faults injected in front of the connection pool. */
class DatabaseGuardIntegrationTest extends BoardIntegrationTest {

    /** Above the default slow-call duration of the breaker (3 s). */
    private static final Duration SLOW = Duration.ofMillis(3300);

    @Autowired
    private DatabaseGuard guard;

    @Test
    void readRetriedUntilConnectionSucceeds(CapturedOutput output) {
        TestBrowser author = signedInUser("retried");
        long postId = createPost(author, "Read after two refused connections");

        databaseFaults.failNextConnections(2);
        TestResponse page = browser().get("/posts/" + postId);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Read after two refused connections");
        assertThat(databaseFaults.connectionFailuresLeft()).isZero();
        assertThat(output.getOut()).contains("Retrying a database read", "after attempt 1 failed (NOT_CONNECTED)",
                "after attempt 2 failed (NOT_CONNECTED)");
    }

    @Test
    void readFailingEveryAttemptGets503(CapturedOutput output) {
        TestBrowser author = signedInUser("exhausted");
        long postId = createPost(author, "Never read");

        // One failure more than the three attempts of the default retry.
        databaseFaults.failNextConnections(4);
        TestResponse page = browser().get("/posts/" + postId);

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(databaseFaults.connectionFailuresLeft()).isEqualTo(1);
        assertThat(output.getOut()).contains("Database call failed (NOT_CONNECTED)");
    }

    @Test
    void writeRetriedAfterFailedBeginIsStoredOnce(CapturedOutput output) {
        String username = uniqueName("rewritten");
        TestBrowser author = browser().signUp(username, PASSWORD);
        HtmlForm form = HtmlForm.fetch(author, "/posts", "/posts");

        databaseFaults.failNextTransactionBegins(2);
        TestResponse created = form.submit(author,
                Map.of("title", "Stored once", "body", "Posted while transactions failed to begin."));

        assertThat(created.status()).isEqualTo(303);
        assertThat(output.getOut()).contains("Retrying a database write", "after attempt 2 failed (NOT_CONNECTED)");
        assertThat(jdbc.sql("""
                select count(*) from posts p join accounts a on a.id = p.author_id
                where a.username = ? and p.title = 'Stored once'""")
                .param(username)
                .query(Long.class)
                .single()).isEqualTo(1L);
    }

    @Test
    void writeLosingConnectionGets503(CapturedOutput output) {
        String username = uniqueName("lost");
        TestBrowser author = browser().signUp(username, PASSWORD);
        HtmlForm form = HtmlForm.fetch(author, "/posts", "/posts");

        // The rollback fails as well, so Spring reports the rollback failure instead of the lost connection.
        databaseFaults.breakNextTransactions(1);
        TestResponse rejected = form.submit(author,
                Map.of("title", "Lost with its connection", "body", "The connection broke before the commit."));

        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(output.getOut()).contains("Database call failed (CONNECTION_LOST)");
        assertThat(postCount(username)).isZero();
        TestResponse next = HtmlForm.fetch(author, "/posts", "/posts").submit(author,
                Map.of("title", "Stored after the loss", "body", "The next connection works."));
        assertThat(next.status()).isEqualTo(303);
        assertThat(postCount(username)).isEqualTo(1);
    }

    @Test
    void commitLostAfterSavingIsReportedAndReplayable() {
        String username = uniqueName("commitlost");
        TestBrowser author = browser().signUp(username, PASSWORD);
        HtmlForm form = HtmlForm.fetch(author, "/posts", "/posts");
        Map<String, String> fields = Map.of("title", "Saved unseen", "body", "The commit reached the database.");

        databaseFaults.loseNextCommits(1);
        TestResponse unknown = form.submit(author, fields);

        assertThat(unknown.status()).isEqualTo(503);
        assertThat(unknown.body()).contains("may or may not have been saved");
        assertThat(unknown.body()).doesNotContain("nothing was saved");
        assertThat(postCount(username)).isEqualTo(1);
        // Sending the same form again finds its key and points to the post instead of storing it twice.
        TestResponse replay = form.submit(author, fields);
        assertThat(replay.status()).isEqualTo(303);
        assertThat(replay.header("Location")).matches("/posts/[0-9]+");
        assertThat(postCount(username)).isEqualTo(1);
    }

    @Test
    void slowCallsOpenBreaker(CapturedOutput output) throws Exception {
        TestBrowser author = signedInUser("slow");
        long postId = createPost(author, "Read slowly");
        // Starts the breaker's window empty, so that only the slow calls below count.
        databaseFaults.clear();

        databaseFaults.delayConnections(SLOW);
        List<Integer> statuses = new ArrayList<>();
        // The breaker's minimum number of calls (5), all slow. One address may have up to 20 requests in progress.
        try (ExecutorService readers = Executors.newFixedThreadPool(5)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Callable<Integer> read = () -> browser().get("/posts/" + postId).status();
                answers.add(readers.submit(read));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
        }
        databaseFaults.delayConnections(Duration.ZERO);

        assertThat(statuses).containsOnly(200);
        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(output.getOut()).contains("Circuit breaker 'database' changed from CLOSED to OPEN");
        databaseFaults.delayConnections(SLOW);
        long started = System.nanoTime();
        TestResponse copy = browser().get("/posts/" + postId);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(copy.status()).isEqualTo(200);
        assertThat(copy.body()).contains("Read slowly", "this is a copy of this post from");
        // A generous bound, below the injected delay: the open breaker serves the copy without the database.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(1));
        TestResponse rejected = author.post("/profile", Map.of("displayName", "Slow", "email", "", "bio", ""));
        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.header("Retry-After")).isEqualTo("5");
    }

    private long postCount(String username) {
        return jdbc.sql("select count(*) from posts p join accounts a on a.id = p.author_id where a.username = ?")
                .param(username)
                .query(Long.class)
                .single();
    }

    private static long createPost(TestBrowser author, String title) {
        TestResponse created = HtmlForm.fetch(author, "/posts", "/posts").submit(author,
                Map.of("title", title, "body", "A post to read."));
        assertThat(created.status()).isEqualTo(303);
        return Long.parseLong(created.header("Location").substring("/posts/".length()));
    }
}
