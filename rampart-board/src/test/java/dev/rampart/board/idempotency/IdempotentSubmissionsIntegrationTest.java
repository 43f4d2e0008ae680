package dev.rampart.board.idempotency;

import static dev.rampart.board.support.TestBrowser.IDEMPOTENCY_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestBrowser.FilePart;
import dev.rampart.board.support.TestResponse;

class IdempotentSubmissionsIntegrationTest extends BoardIntegrationTest {

    @Autowired
    private IdempotentSubmissions submissions;

    @Test
    void keysOlderThanRetentionAreDeleted() {
        String name = uniqueName("expiring");
        browser().signUp(name, PASSWORD);
        long accountId = accountId(name);
        long now = System.currentTimeMillis();
        String expired = insertKey(accountId, now - Duration.ofHours(25).toMillis());
        String kept = insertKey(accountId, now - Duration.ofHours(23).toMillis());

        submissions.deleteExpired();

        assertThat(keyExists(accountId, expired)).isFalse();
        assertThat(keyExists(accountId, kept)).isTrue();
    }

    @Test
    void expiryDuringOutageLogsOneLine(CapturedOutput output) {
        String name = uniqueName("outlasting");
        browser().signUp(name, PASSWORD);
        long accountId = accountId(name);
        String expired = insertKey(accountId, System.currentTimeMillis() - Duration.ofHours(25).toMillis());

        databaseFaults.failConnections();
        assertThatNoException().isThrownBy(submissions::deleteExpired);
        databaseFaults.clear();

        assertThat(keyExists(accountId, expired)).isTrue();
        assertThat(output).contains("Failed to delete expired idempotency keys");
        assertThat(output).doesNotContain("\tat ", "Unexpected error occurred in scheduled task");
    }

    @Test
    void expiredKeyCreatesNewPost() {
        String name = uniqueName("forgotten");
        TestBrowser author = browser().signUp(name, PASSWORD);
        Map<String, String> form = Map.of("title", "Sent a day apart", "body", "Twice.",
                IDEMPOTENCY_KEY, TestBrowser.newIdempotencyKey());
        TestResponse first = author.post("/posts", form);
        jdbc.sql("update idempotency_keys set created_at = ? where account_id = ?")
                .params(System.currentTimeMillis() - Duration.ofHours(25).toMillis(), accountId(name))
                .update();
        submissions.deleteExpired();

        TestResponse second = author.post("/posts", form);

        assertThat(first.status()).isEqualTo(303);
        assertThat(second.status()).isEqualTo(303);
        assertThat(second.header("Location")).isNotEqualTo(first.header("Location"));
        assertThat(postsOf(name)).isEqualTo(2);
    }

    @Test
    void keyOfPostIsRejectedOnUploadForm() {
        String name = uniqueName("crossed");
        TestBrowser user = browser().signUp(name, PASSWORD);
        String key = TestBrowser.newIdempotencyKey();
        TestResponse post = user.post("/posts", Map.of("title", "First use", "body", "Of this key.",
                IDEMPOTENCY_KEY, key));

        TestResponse upload = user.postMultipart("/uploads", Map.of(IDEMPOTENCY_KEY, key),
                List.of(new FilePart("file", "notes.txt", "text/plain", "notes\n".getBytes(StandardCharsets.UTF_8))));

        assertThat(post.status()).isEqualTo(303);
        assertThat(upload.status()).isEqualTo(400);
        assertThat(upload.body()).contains("This form's idempotency key was already used for another form")
                .contains("Reload the form and submit it again.");
        assertThat(jdbc.sql("select count(*) from uploads where owner_id = ?").param(accountId(name))
                .query(Long.class).single()).isZero();
    }

    private long accountId(String username) {
        return jdbc.sql("select id from accounts where username = ?").param(username).query(Long.class).single();
    }

    private String insertKey(long accountId, long createdAt) {
        String key = TestBrowser.newIdempotencyKey();
        jdbc.sql("""
                insert into idempotency_keys (account_id, idempotency_key, kind, resource_id, location, created_at)
                values (?, ?, 'post', '1', '/posts/1', ?)""")
                .params(accountId, key, createdAt)
                .update();
        return key;
    }

    private boolean keyExists(long accountId, String key) {
        return jdbc.sql("select count(*) from idempotency_keys where account_id = ? and idempotency_key = ?")
                .params(accountId, key).query(Long.class).single() == 1;
    }

    private long postsOf(String username) {
        return jdbc.sql("select count(*) from posts p join accounts a on a.id = p.author_id where a.username = ?")
                .param(username).query(Long.class).single();
    }
}
