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

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.resilience.DatabaseGuard;

class DatabaseOutageIntegrationTest extends BoardIntegrationTest {

    @Autowired
    private DatabaseGuard guard;

    @Test
    void writeDuringOutageAnswers503AndStoresNothing(CapturedOutput output) {
        String username = uniqueName("outage");
        TestBrowser member = browser().signUp(username, PASSWORD);
        String before = displayName(username);

        databaseFaults.failConnections();
        TestResponse rejected = member.post("/profile", profileForm("During the outage"));
        databaseFaults.clear();

        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(rejected.body()).contains("nothing was saved");
        assertThat(rejected.body()).doesNotContain("SQLTransientConnectionException", "Injected fault");
        assertThat(displayName(username)).isEqualTo(before);
        assertThat(output).doesNotContain("at dev.rampart");
    }

    @Test
    void openBreakerRejectsWritesFastAndRecovers() {
        String username = uniqueName("breaker");
        TestBrowser member = browser().signUp(username, PASSWORD);

        databaseFaults.failConnections();
        for (int i = 0; i < 10 && guard.circuitBreaker().getState() != CircuitBreaker.State.OPEN; i++) {
            member.post("/profile", profileForm("Opening " + i));
        }
        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        long started = System.nanoTime();
        TestResponse fast = member.post("/profile", profileForm("While open"));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(fast.status()).isEqualTo(503);
        // A generous bound: the open breaker rejects without touching the database, usually in a few milliseconds.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(1));

        databaseFaults.clear();
        TestResponse saved = member.post("/profile", profileForm("After recovery"));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(displayName(username)).isEqualTo("After recovery");
    }

    @Test
    void breakerClosesByItselfWhenDatabaseReturns() throws InterruptedException {
        TestBrowser member = signedInUser("recovery");
        databaseFaults.failConnections();
        for (int i = 0; i < 10 && guard.circuitBreaker().getState() != CircuitBreaker.State.OPEN; i++) {
            member.post("/profile", profileForm("Opening " + i));
        }
        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        databaseFaults.heal();
        long healed = System.nanoTime();
        // No request arrives: the recovery probe alone must close the breaker.
        while (guard.circuitBreaker().getState() != CircuitBreaker.State.CLOSED
                && System.nanoTime() - healed < Duration.ofSeconds(15).toNanos()) {
            Thread.sleep(100);
        }
        Duration recovery = Duration.ofNanos(System.nanoTime() - healed);

        assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        // The breaker waits 5 s before probing and the probe runs every second, so recovery takes about 6 s.
        assertThat(recovery).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void slowDatabaseCannotHoldEveryRequestThread() throws Exception {
        List<TestBrowser> members = new ArrayList<>();
        // Fewer than the 20 requests one client address may have in progress; more would get 429.
        for (int i = 0; i < 15; i++) {
            members.add(signedInUser("slow"));
        }
        databaseFaults.delayConnections(Duration.ofSeconds(3));
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(members.size())) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (TestBrowser member : members) {
                Callable<Integer> save = () -> member.post("/profile", profileForm("Slow")).status();
                answers.add(clients.submit(save));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        }

        // Ten calls fit in the bulkhead and the others wait one second for a place, then get 503.
        assertThat(statuses).contains(503);
        assertThat(statuses).doesNotContain(500);
        assertThat(statuses).allMatch(status -> status == 303 || status == 503);
    }

    private String displayName(String username) {
        return jdbc.sql("select display_name from accounts where username = ?").param(username).query(String.class)
                .single();
    }

    private static Map<String, String> profileForm(String displayName) {
        return Map.of("displayName", displayName, "email", "", "bio", "");
    }
}
