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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.HtmlForm;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;

/**
 * SQLite's single write lock under contention: held by another process's connection, and shared by many
 * concurrent writers. These tests open the board's database file directly, so they need the SQLite suite; the
 * class name keeps them out of the PostgreSQL re-run.
 */
class SqliteWriteLockTest extends BoardIntegrationTest {

    /** The busy timeout of application.yml (5 s) that a blocked write waits out, plus a generous margin. */
    private static final Duration BLOCKED_WRITE_BOUND = Duration.ofSeconds(5 + 10);

    /** A generous bound for any one request while many writers share the lock. */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(15);

    private static final int WRITERS = 50;
    private static final int POSTS_PER_WRITER = 20;
    private static final int WRITERS_PER_ACCOUNT = 5;

    @Value("${spring.datasource.url}")
    private String databaseUrl;

    @Autowired
    private Database database;

    @Autowired
    private DataSource dataSource;

    @BeforeEach
    void requireSqlite() {
        assertThat(database.vendor())
                .as("These tests open the SQLite file; run them with -Drampart.test.database=sqlite")
                .isEqualTo(DatabaseVendor.SQLITE);
    }

    @Test
    void blockedWriteGets503WhileReadsWork(CapturedOutput output) throws Exception {
        String name = uniqueName("blocked");
        TestBrowser author = browser().signUp(name, PASSWORD);
        long readable = createPost(author, "Readable while the lock is held");
        HtmlForm form = HtmlForm.fetch(author, "/posts", "/posts");

        TestResponse blocked;
        TestResponse readDuringBlock;
        Duration blockedFor;
        try (Connection otherWriter = DriverManager.getConnection(databaseUrl);
                ExecutorService background = Executors.newSingleThreadExecutor()) {
            try (Statement statement = otherWriter.createStatement()) {
                statement.execute("begin immediate");
            }
            long started = System.nanoTime();
            Future<TestResponse> write = background.submit(() -> form.submit(author,
                    Map.of("title", "Blocked by another writer", "body", "Never stored.")));
            readDuringBlock = browser().get("/posts/" + readable);
            blocked = write.get(BLOCKED_WRITE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            blockedFor = Duration.ofNanos(System.nanoTime() - started);
            try (Statement statement = otherWriter.createStatement()) {
                statement.execute("rollback");
            }
        }

        assertThat(readDuringBlock.status()).isEqualTo(200);
        assertThat(readDuringBlock.body()).contains("Readable while the lock is held");
        assertThat(blocked.status()).isEqualTo(503);
        assertThat(blocked.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(blocked.body()).contains("nothing was saved");
        assertThat(blockedFor).isLessThan(BLOCKED_WRITE_BOUND);
        assertThat(output.getOut()).contains("Database call failed (BUSY)");
        // A connection whose BEGIN IMMEDIATE failed must not go back to the pool believing it is in a transaction.
        assertThat(autoCommitOfEveryPooledConnection()).containsOnly(true);

        createPost(author, "Written after the lock was released");
        assertThat(titlesOf(name)).containsExactlyInAnyOrder("Readable while the lock is held",
                "Written after the lock was released");
    }

    @Test
    void concurrentWritersAreAllStored() throws Exception {
        List<TestBrowser> writers = new ArrayList<>();
        List<String> authors = new ArrayList<>();
        for (int account = 0; account < WRITERS / WRITERS_PER_ACCOUNT; account++) {
            String name = uniqueName("swarm");
            authors.add(name);
            // Each writer has an address of its own, because one address may have at most 20 requests in
            // progress. Writers share accounts, which saves registrations but not database work. Each signs in
            // to a session of its own: writers sharing one session would race to store its CSRF token and
            // reject each other's forms with 403.
            writers.add(new TestBrowser(port, loopback(100 + writers.size())).signUp(name, PASSWORD));
            for (int i = 1; i < WRITERS_PER_ACCOUNT; i++) {
                TestBrowser sameAccount = new TestBrowser(port, loopback(100 + writers.size()));
                TestResponse login = sameAccount.login(name, PASSWORD);
                assertThat(login.header("Location")).as("login of writer %d", writers.size()).isEqualTo("/dashboard");
                writers.add(sameAccount);
            }
        }

        List<Future<List<Answer>>> results = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(WRITERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < WRITERS; i++) {
                TestBrowser writer = writers.get(i);
                String titlePrefix = "Writer " + i + " post ";
                results.add(clients.submit(() -> {
                    start.await();
                    return postAll(writer, titlePrefix);
                }));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<List<Answer>> result : results) {
                answers.addAll(result.get(2, TimeUnit.MINUTES));
            }

            assertThat(answers).hasSize(WRITERS * POSTS_PER_WRITER);
            assertThat(answers).extracting(Answer::status).doesNotContain(500);
            assertThat(answers).extracting(Answer::status).containsOnly(303);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.duration()).isLessThan(REQUEST_BOUND));
            List<String> titles = answers.stream().map(Answer::title).toList();
            assertThat(titles).doesNotHaveDuplicates();
            List<StoredPost> stored = jdbc.sql("""
                    select p.id, p.title from posts p join accounts a on a.id = p.author_id
                    where a.username in (:authors)""")
                    .param("authors", authors)
                    .query((row, number) -> new StoredPost(row.getLong("id"), row.getString("title")))
                    .list();
            assertThat(stored).hasSize(WRITERS * POSTS_PER_WRITER);
            assertThat(stored).extracting(StoredPost::id)
                    .containsExactlyInAnyOrderElementsOf(answers.stream().map(Answer::postId).toList());
            assertThat(stored).extracting(StoredPost::title).containsExactlyInAnyOrderElementsOf(titles);
        }
        finally {
            clients.shutdownNow();
        }
    }

    private static List<Answer> postAll(TestBrowser writer, String titlePrefix) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < POSTS_PER_WRITER; i++) {
            String title = titlePrefix + i;
            HtmlForm form = HtmlForm.fetch(writer, "/posts", "/posts");
            long started = System.nanoTime();
            TestResponse response = form.submit(writer,
                    Map.of("title", title, "body", "One of many concurrent posts."));
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            String location = response.header("Location");
            Long postId = location.matches("/posts/[0-9]+") ? Long.parseLong(location.substring(7)) : null;
            answers.add(new Answer(title, response.status(), duration, postId));
        }
        return answers;
    }

    private static long createPost(TestBrowser author, String title) {
        TestResponse created = HtmlForm.fetch(author, "/posts", "/posts").submit(author,
                Map.of("title", title, "body", "A post to read."));
        assertThat(created.status()).isEqualTo(303);
        return Long.parseLong(created.header("Location").substring("/posts/".length()));
    }

    /** Borrows every connection the pool may hold, all at once, and returns their auto-commit flags. */
    private List<Boolean> autoCommitOfEveryPooledConnection() throws SQLException {
        int poolSize = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        List<Connection> borrowed = new ArrayList<>();
        try {
            List<Boolean> flags = new ArrayList<>();
            for (int i = 0; i < poolSize; i++) {
                Connection connection = dataSource.getConnection();
                borrowed.add(connection);
                flags.add(connection.getAutoCommit());
            }
            return flags;
        }
        finally {
            for (Connection connection : borrowed) {
                connection.close();
            }
        }
    }

    private List<String> titlesOf(String username) {
        return jdbc.sql("select p.title from posts p join accounts a on a.id = p.author_id where a.username = ?")
                .param(username)
                .query(String.class)
                .list();
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private record Answer(String title, int status, Duration duration, Long postId) {
    }

    private record StoredPost(long id, String title) {
    }
}
