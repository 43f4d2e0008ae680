package dev.rampart.board.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.HtmlForm;
import dev.rampart.board.support.TemporaryPostgresqlCluster;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.resilience.DatabaseFailure;
import dev.rampart.hardening.resilience.DatabaseGuard;

/**
 * The board on a PostgreSQL cluster of its own that the tests stop, restart and freeze while clients keep
 * reading and writing, with the production resilience settings. The cluster makes these tests independent of
 * the suite's database, so the class name keeps them out of the PostgreSQL re-run and they run once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
    "rampart.rate-limit.policies.general.capacity=1000000", "rampart.rate-limit.policies.login.capacity=1000000"})
// The context's pool points at a cluster that is deleted after the class, so the context must not be reused.
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class PostgresqlServerFaultTest {

    /** A generous bound for any one request: a noisy machine may be slow, but no request may hang. */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(15);

    /** The breaker waits 5 s in the open state before probing, so 10 s after the restart it must be closed. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);

    /**
     * The maximum time a request may take against a frozen server: the default socket timeout (5 s), plus the 2 s
     * the driver may then spend delivering the cancel request of a statement that timed out, plus a generous
     * 4 s margin. The driver's own cancel timeout of 10 s would exceed it.
     */
    private static final Duration FROZEN_SERVER_BOUND = Duration.ofSeconds(5 + 2 + 4);

    /**
     * Under load the breaker opens only once failures outnumber the successes still in its 10 s window. Failing
     * calls end in bursts, each after the 2 s connection timeout, so the warm-up's successes have left the
     * window after about 11 s and the next burst opens the breaker by about 13 s into the outage.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(14);
    private static final Duration MAX_LOAD = Duration.ofSeconds(60);
    private static final int READERS = 4;
    private static final String STEADY_TITLE = "Steady post ";

    private static TemporaryPostgresqlCluster cluster;

    @LocalServerPort
    private int port;

    @Autowired
    private DatabaseGuard guard;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @BeforeAll
    static void startCluster() {
        cluster = TemporaryPostgresqlCluster.start();
    }

    @AfterAll
    static void deleteCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("rampart.database.url", () -> cluster.jdbcUrl());
        registry.add("spring.datasource.url", () -> cluster.jdbcUrl());
    }

    /**
     * Leaves a running cluster, a closed breaker and a pool without connections to the old server process to
     * the next test, even after a failure. HikariCP skips the check of a connection used in the last 500 ms, so
     * a dead one could otherwise meet the next test's first request.
     */
    @AfterEach
    void restoreCluster() throws SQLException {
        cluster.ensureRunning();
        dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        guard.circuitBreaker().reset();
    }

    @Test
    void stoppedServerUnderLoadRecovers(CapturedOutput output) throws Exception {
        TestBrowser writer = new TestBrowser(port, loopback(20)).signUp("steady_writer", BoardIntegrationTest.PASSWORD);
        long readable = createPost(writer, "Read during the outage");
        List<Transition> transitions = recordTransitions();
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);

        long stopBegan;
        long stopEnded;
        long startBegan;
        long startEnded;
        ExecutorService clients = Executors.newFixedThreadPool(READERS + 1);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                TestBrowser reader = new TestBrowser(port, loopback(21 + i));
                loops.add(clients.submit(() -> readLoop(reader, readable, running, outcomes)));
            }
            loops.add(clients.submit(() -> writeLoop(writer, running, outcomes)));
            Thread.sleep(1500);

            stopBegan = System.nanoTime();
            cluster.stop();
            stopEnded = System.nanoTime();
            Thread.sleep(OUTAGE);
            startBegan = System.nanoTime();
            cluster.startServer();
            startEnded = System.nanoTime();

            awaitClosedAfter(transitions, startBegan, Duration.ofSeconds(30));
            Thread.sleep(1000);
            running.set(false);
            for (Future<?> loop : loops) {
                // Rethrows a failure of the client itself, such as a connection reset by the board.
                loop.get(REQUEST_BOUND.toSeconds() + 5, TimeUnit.SECONDS);
            }
        }
        finally {
            running.set(false);
            clients.shutdownNow();
        }

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.status())
                .as("%s answered %s", outcome, outcome.status())
                .isIn(outcome.write() ? List.of(303, 503) : List.of(200, 503)));
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.duration()).as("%s", outcome)
                .isLessThan(REQUEST_BOUND));
        assertThat(outcomes).filteredOn(outcome -> outcome.status() == 503)
                .allSatisfy(outcome -> assertThat(outcome.retryAfter()).as("%s", outcome).matches("[1-9][0-9]*"));

        List<Outcome> duringOutage = outcomes.stream()
                .filter(outcome -> outcome.write() && outcome.started() > stopEnded && outcome.ended() < startBegan)
                .toList();
        assertThat(duringOutage).isNotEmpty();
        assertThat(duringOutage).extracting(Outcome::status).containsOnly(503);

        Transition opened = transitions.stream()
                .filter(transition -> transition.to() == CircuitBreaker.State.OPEN && transition.at() > stopBegan)
                .findFirst().orElseThrow(() -> new AssertionError("The breaker never opened: " + transitions));
        assertThat(opened.at()).isLessThan(startBegan);
        Transition closed = transitions.stream()
                .filter(transition -> transition.to() == CircuitBreaker.State.CLOSED && transition.at() > startBegan)
                .findFirst().orElseThrow(() -> new AssertionError("The breaker never closed: " + transitions));
        assertThat(Duration.ofNanos(closed.at() - startEnded)).isLessThan(RECOVERY_BOUND);
        assertThat(outcomes).anyMatch(outcome -> outcome.write() && outcome.status() == 303
                && outcome.started() > closed.at());

        assertStoredPostsMatchAnswers(outcomes, stopBegan, stopEnded);
        assertThat(outcomes).noneMatch(Outcome::showsException);
        assertThat(output).contains("Circuit breaker 'database' changed from CLOSED to OPEN",
                "Circuit breaker 'database' changed from HALF_OPEN to CLOSED");
    }

    @Test
    void frozenServerRequestsEndIn503() throws Exception {
        TestBrowser author = new TestBrowser(port, loopback(30)).signUp("frozen_author", BoardIntegrationTest.PASSWORD);
        long readable = createPost(author, "Readable before the freeze");
        HtmlForm form = HtmlForm.fetch(author, "/posts", "/posts");
        List<Callable<Outcome>> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestBrowser reader = new TestBrowser(port, loopback(31 + i));
            requests.add(() -> timed(false, "", () -> reader.get("/posts/" + readable)));
        }
        requests.add(() -> timed(true, "Written while frozen", () -> form.submit(author,
                Map.of("title", "Written while frozen", "body", "The server was stopped with SIGSTOP."))));

        List<Outcome> frozen = new ArrayList<>();
        cluster.pause();
        try (ExecutorService clients = Executors.newFixedThreadPool(requests.size())) {
            List<Future<Outcome>> answers = new ArrayList<>();
            for (Callable<Outcome> request : requests) {
                answers.add(clients.submit(request));
            }
            for (Future<Outcome> answer : answers) {
                // A request that outlasts the bound fails the test here with a TimeoutException.
                frozen.add(answer.get(FROZEN_SERVER_BOUND.toMillis(), TimeUnit.MILLISECONDS));
            }
        }
        finally {
            cluster.resume();
        }

        assertThat(frozen).extracting(Outcome::status).containsOnly(503);
        assertThat(frozen).allSatisfy(outcome -> assertThat(outcome.retryAfter()).matches("[1-9][0-9]*"));
        assertThat(frozen).allSatisfy(outcome -> assertThat(outcome.duration()).isLessThan(FROZEN_SERVER_BOUND));
        assertThat(frozen).noneMatch(Outcome::showsException);

        Outcome recovered = writeUntilAccepted(author, "Written after the thaw", REQUEST_BOUND);
        assertThat(recovered.status()).isEqualTo(303);
        assertThat(storedTitles("frozen_author")).containsExactlyInAnyOrder("Readable before the freeze",
                "Written after the thaw");
        // Every place in the bulkhead is free again, so no request thread is stuck on a frozen connection.
        assertThat(guard.bulkhead().getMetrics().getAvailableConcurrentCalls())
                .isEqualTo(guard.bulkhead().getBulkheadConfig().getMaxConcurrentCalls());
    }

    @Test
    void callDuringFastShutdownIsConnectionLost() throws Exception {
        SQLException lost;
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl());
                ExecutorService caller = Executors.newSingleThreadExecutor()) {
            Future<SQLException> sleeping = caller.submit(() -> sleepOn(connection));
            awaitSleepingSession();
            cluster.stop();
            lost = sleeping.get(REQUEST_BOUND.toSeconds(), TimeUnit.SECONDS);
        }
        finally {
            cluster.ensureRunning();
        }

        assertThat((Throwable) lost).isNotNull();
        assertThat(lost.getSQLState()).isEqualTo("57P01");
        assertThat(DatabaseFailure.of(lost)).isEqualTo(DatabaseFailure.CONNECTION_LOST);
        assertThat(DatabaseFailure.of(lost).isRetryableWrite()).isFalse();
    }

    /**
     * Loads the front page and a post's page in turn. The front page is often served from the post cache, so
     * the post's page is what keeps reads reaching the database.
     */
    private void readLoop(TestBrowser reader, long postId, AtomicBoolean running, Queue<Outcome> outcomes) {
        long end = System.nanoTime() + MAX_LOAD.toNanos();
        while (running.get() && System.nanoTime() < end) {
            outcomes.add(timed(false, "", () -> reader.get("/")));
            outcomes.add(timed(false, "", () -> reader.get("/posts/" + postId)));
            pause(Duration.ofMillis(25));
        }
    }

    private void writeLoop(TestBrowser writer, AtomicBoolean running, Queue<Outcome> outcomes) {
        long end = System.nanoTime() + MAX_LOAD.toNanos();
        for (int i = 0; running.get() && System.nanoTime() < end; i++) {
            String title = STEADY_TITLE + i;
            HtmlForm form = HtmlForm.fetch(writer, "/posts", "/posts");
            outcomes.add(timed(true, title, () -> form.submit(writer,
                    Map.of("title", title, "body", "Posted while the database server was stopped and started."))));
            pause(Duration.ofMillis(50));
        }
    }

    /** Posts every half second until a post is accepted or the time is up, and returns the last outcome. */
    private Outcome writeUntilAccepted(TestBrowser author, String title, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        Outcome last;
        do {
            HtmlForm form = HtmlForm.fetch(author, "/posts", "/posts");
            last = timed(true, title, () -> form.submit(author,
                    Map.of("title", title, "body", "Posted after the server was resumed.")));
            assertThat(last.status()).as("%s", last).isIn(303, 503);
            if (last.status() != 303) {
                pause(Duration.ofMillis(500));
            }
        }
        while (last.status() != 303 && System.nanoTime() < end);
        return last;
    }

    /**
     * Checks the rows against the responses: every post that got 303 is stored, and a post that got 503 is stored
     * only if it was in progress when the server shut down, because such a write may have committed just
     * before its connection was ended.
     */
    private void assertStoredPostsMatchAnswers(Queue<Outcome> outcomes, long stopBegan, long stopEnded) {
        List<String> storedList = storedTitles("steady_writer").stream()
                .filter(title -> title.startsWith(STEADY_TITLE))
                .toList();
        assertThat(storedList).doesNotHaveDuplicates();
        Set<String> stored = new HashSet<>(storedList);
        List<Outcome> writes = outcomes.stream().filter(Outcome::write).toList();
        Set<String> acknowledged = new HashSet<>();
        writes.stream().filter(write -> write.status() == 303).forEach(write -> acknowledged.add(write.title()));
        Set<String> mayHaveCommitted = new HashSet<>();
        writes.stream()
                .filter(write -> write.status() == 503 && write.started() < stopEnded && write.ended() > stopBegan)
                .forEach(write -> mayHaveCommitted.add(write.title()));

        assertThat(acknowledged).isNotEmpty();
        assertThat(stored).containsAll(acknowledged);
        Set<String> unacknowledged = new HashSet<>(stored);
        unacknowledged.removeAll(acknowledged);
        assertThat(unacknowledged).isSubsetOf(mayHaveCommitted);
    }

    private List<String> storedTitles(String username) {
        return jdbc.sql("select p.title from posts p join accounts a on a.id = p.author_id where a.username = ?")
                .param(username)
                .query(String.class)
                .list();
    }

    private List<Transition> recordTransitions() {
        List<Transition> transitions = new CopyOnWriteArrayList<>();
        guard.circuitBreaker().getEventPublisher().onStateTransition(event -> transitions.add(
                new Transition(System.nanoTime(), event.getStateTransition().getToState())));
        return transitions;
    }

    private static void awaitClosedAfter(List<Transition> transitions, long after, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end && transitions.stream()
                .noneMatch(transition -> transition.to() == CircuitBreaker.State.CLOSED && transition.at() > after)) {
            pause(Duration.ofMillis(100));
        }
    }

    private static long createPost(TestBrowser author, String title) {
        TestResponse created = HtmlForm.fetch(author, "/posts", "/posts").submit(author,
                Map.of("title", title, "body", "A post to read."));
        assertThat(created.status()).isEqualTo(303);
        return Long.parseLong(created.header("Location").substring("/posts/".length()));
    }

    /** Runs pg_sleep on the connection and returns the failure that ends it early. */
    private static SQLException sleepOn(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_sleep(60)");
            return null;
        }
        catch (SQLException ex) {
            return ex;
        }
    }

    private static void awaitSleepingSession() throws SQLException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Connection observer = DriverManager.getConnection(cluster.jdbcUrl());
                Statement statement = observer.createStatement()) {
            while (System.nanoTime() < end) {
                var sleeping = statement.executeQuery(
                        "select count(*) from pg_stat_activity where query = 'select pg_sleep(60)'");
                sleeping.next();
                if (sleeping.getInt(1) == 1) {
                    return;
                }
                pause(Duration.ofMillis(50));
            }
        }
        throw new AssertionError("The session never started its pg_sleep call");
    }

    private static Outcome timed(boolean write, String title, Supplier<TestResponse> request) {
        long started = System.nanoTime();
        TestResponse response = request.get();
        long ended = System.nanoTime();
        return new Outcome(write, title, started, ended, response.status(), response.header("Retry-After"),
                response.body().contains("Exception"));
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** One request and its response. The times are System.nanoTime() values. */
    private record Outcome(boolean write, String title, long started, long ended, int status, String retryAfter,
            boolean showsException) {

        Duration duration() {
            return Duration.ofNanos(ended - started);
        }
    }

    private record Transition(long at, CircuitBreaker.State to) {
    }
}
