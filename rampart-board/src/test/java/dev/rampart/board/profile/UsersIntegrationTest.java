package dev.rampart.board.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rampart.board.account.UsernameKey;
import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;

class UsersIntegrationTest extends BoardIntegrationTest {

    private static final Pattern MEMBER_ROW = Pattern.compile("<tr class=\"member\">");

    @Test
    void anonymousVisitorIsSentToLogin() {
        TestResponse page = browser().get("/users");

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).isEqualTo("/login");
    }

    @Test
    void directoryShowsUsernameDisplayNameAndJoinDate() {
        String name = uniqueName("listed");
        TestBrowser member = browser().signUp(name, PASSWORD);
        member.post("/profile", Map.of("displayName", "Listed <Member>", "email", "", "bio", ""));
        long createdAt = jdbc.sql("select created_at from accounts where username = ?").param(name)
                .query(Long.class).single();
        LocalDate joined = Instant.ofEpochMilli(createdAt).atZone(ZoneOffset.UTC).toLocalDate();

        TestResponse page = member.get("/users?page=" + pageOf(name));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body()).containsPattern(Pattern.quote("<td>" + name + "</td>") + "\\s*"
                + Pattern.quote("<td>Listed &lt;Member&gt;</td>"));
        assertThat(page.body()).contains("<time datetime=\"" + joined + "\">" + joined + "</time>");
    }

    @Test
    void directoryLeavesOutEmailAndBio() {
        String name = uniqueName("private");
        TestBrowser member = browser().signUp(name, PASSWORD);
        member.post("/profile", Map.of("displayName", "Private Member", "email", "hidden-" + name + "@example.org",
                "bio", "secret bio " + name));

        TestResponse page = member.get("/users?page=" + pageOf(name));

        assertThat(page.body()).contains("<td>" + name + "</td>");
        assertThat(page.body()).doesNotContain("hidden-" + name);
        assertThat(page.body()).doesNotContain("secret bio");
    }

    @Test
    void disabledAccountIsLeftOut() {
        String name = uniqueName("gone");
        browser().register(name, PASSWORD);
        int page = pageOf(name);
        jdbc.sql("update accounts set enabled = ? where username = ?").params(false, name).update();
        TestBrowser viewer = signedInUser("viewer");

        TestResponse listing = viewer.get("/users?page=" + page);

        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.body()).doesNotContain("<td>" + name + "</td>");
        assertThat(listing.body()).contains("<p>" + enabledCount() + " members.</p>");
    }

    @Test
    void pagesHoldFiftyMembersAndLinkOnward() {
        insertAccounts(51);
        TestBrowser viewer = signedInUser("pager");
        long total = enabledCount();
        int lastPage = (int) ((total + 49) / 50);

        TestResponse first = viewer.get("/users");
        TestResponse last = viewer.get("/users?page=" + lastPage);
        TestResponse pastLast = viewer.get("/users?page=" + (lastPage + 1));

        assertThat(first.status()).isEqualTo(200);
        assertThat(rows(first)).isEqualTo(50);
        assertThat(first.body()).contains("href=\"/users?page=2\" rel=\"next\"");
        assertThat(first.body()).doesNotContain("rel=\"prev\"");
        assertThat(first.body()).contains("Page 1 of " + lastPage);
        assertThat(last.status()).isEqualTo(200);
        assertThat(rows(last)).isEqualTo((int) (total - 50L * (lastPage - 1)));
        assertThat(last.body()).contains("href=\"/users?page=" + (lastPage - 1) + "\" rel=\"prev\"");
        assertThat(last.body()).doesNotContain("rel=\"next\"");
        assertThat(pastLast.status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "1e3", "%201", "99999999", "1000001", "2147483648", "%EF%BC%91"})
    void malformedPageIsBadRequest(String page) {
        TestBrowser viewer = signedInUser("badpage");

        TestResponse response = viewer.get("/users?page=" + page);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("<tr class=\"member\">");
    }

    /** Returns the directory page an enabled account appears on, using the database's own ordering of keys. */
    private int pageOf(String username) {
        long before = jdbc.sql("select count(*) from accounts where enabled = ? and username_key < ?")
                .params(true, UsernameKey.of(username)).query(Long.class).single();
        return (int) (before / 50) + 1;
    }

    private long enabledCount() {
        return jdbc.sql("select count(*) from accounts where enabled = ?").param(true).query(Long.class).single();
    }

    /** Inserts accounts directly. Their password hash is not a hash, so these accounts cannot sign in. */
    private void insertAccounts(int count) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            String name = uniqueName("filler");
            jdbc.sql("""
                    insert into accounts (username, username_key, display_name, bio, password_hash, role, enabled,
                                          created_at, updated_at)
                    values (?, ?, ?, '', 'no-login', 'USER', ?, ?, ?)""")
                    .params(name, UsernameKey.of(name), name, true, now, now)
                    .update();
        }
    }

    private static int rows(TestResponse page) {
        Matcher matcher = MEMBER_ROW.matcher(page.body());
        int rows = 0;
        while (matcher.find()) {
            rows++;
        }
        return rows;
    }
}
