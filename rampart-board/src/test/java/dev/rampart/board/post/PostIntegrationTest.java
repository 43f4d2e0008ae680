package dev.rampart.board.post;

import static dev.rampart.board.support.TestBrowser.withNewIdempotencyKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;

class PostIntegrationTest extends BoardIntegrationTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void createStoresPostAndRedirectsToIt() {
        String name = uniqueName("writer");
        TestBrowser author = browser().signUp(name, PASSWORD);

        TestResponse created = author.post("/posts",
                withNewIdempotencyKey(Map.of("title", "First light", "body", "Morning at the pier.")));
        String location = created.header("Location");
        TestResponse page = browser().get(location);

        assertThat(created.status()).isEqualTo(303);
        assertThat(location).matches("/posts/[0-9]+");
        long id = Long.parseLong(location.substring("/posts/".length()));
        Map<String, Object> row = jdbc.sql("""
                select p.title, p.body, a.username from posts p join accounts a on a.id = p.author_id
                where p.id = ?""").param(id).query().singleRow();
        assertThat(row).containsEntry("title", "First light").containsEntry("body", "Morning at the pier.")
                .containsEntry("username", name);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>First light</h1>");
        assertThat(page.body()).contains("<div class=\"post-body\">Morning at the pier.</div>");
        assertThat(page.body()).contains("By " + name + " on <time datetime=\"");
    }

    @Test
    void newPostFormHasCsrfToken() {
        TestBrowser author = signedInUser("former");

        TestResponse form = author.get("/posts");

        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<form method=\"post\" action=\"/posts\"");
        assertThat(TestBrowser.csrfTokenIn(form.body())).isNotBlank();
    }

    @Test
    void newPostFormRedirectsVisitorToLogin() {
        TestResponse form = browser().get("/posts");

        assertThat(form.status()).isEqualTo(302);
        assertThat(form.header("Location")).isEqualTo("/login");
    }

    @Test
    void anonymousPostIsRedirectedAndNotStored() {
        String title = "Anonymous " + TestPosts.uniqueWord();

        TestResponse response = browser().post("/posts",
                withNewIdempotencyKey(Map.of("title", title, "body", "Nobody signed in.")));

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("/login");
        assertThat(postsTitled(title)).isZero();
    }

    @Test
    void latestListsNewestFirstTwentyPerPage() {
        TestBrowser author = signedInUser("prolific");
        String word = TestPosts.uniqueWord();
        List<String> titles = new ArrayList<>();
        for (int i = 1; i <= 21; i++) {
            titles.add(word + " number " + i);
            TestPosts.create(author, titles.get(i - 1), "Text of post " + i + ".");
        }

        TestResponse first = browser().get("/");
        TestResponse second = browser().get("/?page=2");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).containsSubsequence(titles.reversed().subList(0, 20));
        assertThat(first.body()).doesNotContain(titles.get(0) + "<");
        assertThat(first.body()).contains("<a rel=\"next\" href=\"/?page=2\">");
        assertThat(first.body()).doesNotContain("rel=\"prev\"");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).contains(titles.get(0) + "<");
        assertThat(second.body()).doesNotContain(titles.get(1) + "<");
        assertThat(second.body()).contains("<a rel=\"prev\" href=\"/?page=1\">");
    }

    @Test
    void latestShowsAuthorDateAndExcerpt() {
        String name = uniqueName("excerpted");
        TestBrowser author = browser().signUp(name, PASSWORD);
        String body = "First line\n\n  second line " + "word ".repeat(60);
        TestPosts.create(author, "Excerpt " + TestPosts.uniqueWord(), body);

        TestResponse page = browser().get("/");

        assertThat(page.body()).contains("By " + name + " on <time datetime=\"");
        assertThat(page.body()).contains("<p class=\"excerpt\">First line second line " + "word ".repeat(26)
                + "word…</p>");
    }

    @Test
    void pagePastEndLinksBack() {
        TestResponse page = browser().get("/?page=" + PageNumber.MAX);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<article");
        assertThat(page.body()).contains("There are no posts on page " + PageNumber.MAX);
        assertThat(page.body()).contains("<a href=\"/?page=1\">Go to the first page</a>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "1e3", "", " 1", "+1", "1001", "99999999999999999999",
            "\uFF11", "\u0661", "1\u0000", "1,2"})
    void invalidPageIsRejectedWithMessage(String page) {
        TestResponse response = browser().get("/?page=" + URLEncoder.encode(page, StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The page number is invalid. Use a whole number from 1 to 1000");
        assertThat(response.hasHeader("Set-Cookie")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "99999999999999999999", "-1", "0", "1.0", "1e3", "%20", "9223372036854775807",
            "999999999999999999", "0x10", "%EF%BC%91"})
    void unknownOrMalformedIdIsNotFound(String id) {
        TestResponse response = browser().get("/posts/" + id);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("Page not found");
    }

    @Test
    void visitorsGetNoSession() {
        long id = TestPosts.create(signedInUser("sessionless"), "No cookies", "Read by visitors.");

        TestResponse front = browser().get("/");
        TestResponse post = browser().get("/posts/" + id);

        assertThat(front.status()).isEqualTo(200);
        assertThat(post.status()).isEqualTo(200);
        assertThat(front.hasHeader("Set-Cookie")).isFalse();
        assertThat(post.hasHeader("Set-Cookie")).isFalse();
    }

    static Stream<Arguments> invalidForms() {
        String title = "A valid title";
        String body = "A valid body.";
        return Stream.of(
                Arguments.of("", body, "title", "Title is missing. Give your post a title."),
                Arguments.of(" \t ", body, "title", "Title is missing."),
                Arguments.of(EMOJI.repeat(121), body, "title", "Title is 121 characters long. Shorten it to at most 120."),
                Arguments.of("x".repeat(121), body, "title", "Title is 121 characters long."),
                Arguments.of("nul\u0000byte", body, "title", "Title contains a control character."),
                Arguments.of("bell\u0007", body, "title", "Title contains a control character."),
                Arguments.of("\u001b[31mred", body, "title", "Title contains a control character."),
                Arguments.of("delete\u007f", body, "title", "Title contains a control character."),
                Arguments.of("next line\u0085", body, "title", "Title contains a control character."),
                Arguments.of(title, "", "body", "Body is missing. Write the text of your post."),
                Arguments.of(title, "\r\n\r\n", "body", "Body is missing."),
                Arguments.of(title, EMOJI.repeat(10_001), "body", "Body is 10001 characters long. Shorten it to at most 10000."),
                Arguments.of(title, "nul\u0000byte", "body", "Body contains a control character."),
                Arguments.of(title, "vertical\u000btab", "body", "Body contains a control character."),
                Arguments.of(title, "form\ffeed", "body", "Body contains a control character."));
    }

    @ParameterizedTest
    @MethodSource("invalidForms")
    void invalidPostIsRejectedBesideItsField(String title, String body, String field, String message) {
        String name = uniqueName("invalid");
        TestBrowser author = browser().signUp(name, PASSWORD);
        String otherField = field.equals("title") ? "body" : "title";

        TestResponse response = author.post("/posts", withNewIdempotencyKey(Map.of("title", title, "body", body)));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"" + field + "-error\">" + message);
        assertThat(response.body()).doesNotContain("id=\"" + otherField + "-error\"");
        assertThat(response.body()).contains("aria-invalid=\"true\" aria-describedby=\"" + field + "-help");
        if (field.equals("title")) {
            assertThat(response.body()).contains(body + "</textarea>");
        }
        else {
            assertThat(response.body()).contains("value=\"" + title + "\"");
        }
        assertThat(postsBy(name)).isZero();
    }

    @Test
    void emptyFormNamesBothFields() {
        String name = uniqueName("blank");
        TestBrowser author = browser().signUp(name, PASSWORD);

        TestResponse response = author.post("/posts", withNewIdempotencyKey(Map.of("title", "", "body", "")));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"title-error\">Title is missing.");
        assertThat(response.body()).contains("id=\"body-error\">Body is missing.");
        assertThat(postsBy(name)).isZero();
    }

    @Test
    void missingFieldsAreRejectedNotServerErrors() {
        String name = uniqueName("partial");
        TestBrowser author = browser().signUp(name, PASSWORD);

        TestResponse response = author.post("/posts", withNewIdempotencyKey(Map.of()));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"title-error\">Title is missing.");
        assertThat(postsBy(name)).isZero();
    }

    @Test
    void maximumLengthsInCodePointsAreAccepted() {
        TestBrowser author = signedInUser("longest");
        String title = EMOJI.repeat(PostForm.TITLE_MAX);
        String body = EMOJI.repeat(PostForm.BODY_MAX);

        long id = TestPosts.create(author, title, body);

        Map<String, Object> row = jdbc.sql("select title, body from posts where id = ?").param(id).query().singleRow();
        assertThat(row.get("title")).isEqualTo(title);
        assertThat(row.get("body")).isEqualTo(body);
    }

    @Test
    void textIsStoredAsNfc() {
        TestBrowser author = signedInUser("typist");
        String decomposedTitle = "  Cafe\u0301 \u00BD  ";
        String body = "\tIndented line\r\nsecond line\n\n  trailing spaces  ";

        long id = TestPosts.create(author, decomposedTitle, body);

        Map<String, Object> row = jdbc.sql("select title, body from posts where id = ?").param(id).query().singleRow();
        assertThat(row.get("title")).isEqualTo("  Caf\u00E9 \u00BD  ");
        assertThat(row.get("body")).isEqualTo(body);
    }

    @Test
    void bodyKeepsLineBreaksInPostBody() {
        long id = TestPosts.create(signedInUser("poet"), "Poem", "first line\nsecond line\n\nnew stanza");

        TestResponse page = browser().get("/posts/" + id);

        assertThat(page.body()).contains("<div class=\"post-body\">first line\nsecond line\n\nnew stanza</div>");
    }

    @Test
    void markupIsStoredAsTypedAndEscaped() {
        TestBrowser author = signedInUser("scripter");
        String title = "<script>alert(1)</script> & \"quotes\"";
        String body = "<img src=x onerror=alert(1)>\n<script>alert(document.cookie)</script>";

        long id = TestPosts.create(author, title, body);
        TestResponse page = browser().get("/posts/" + id);
        TestResponse front = browser().get("/");

        Map<String, Object> row = jdbc.sql("select title, body from posts where id = ?").param(id).query().singleRow();
        assertThat(row.get("title")).isEqualTo(title);
        assertThat(row.get("body")).isEqualTo(body);
        assertThat(page.body()).contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quotes\"</h1>");
        assertThat(page.body()).contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("<img");
        assertThat(front.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(front.body()).doesNotContain("<script>").doesNotContain("<img");
    }

    @Test
    void deleteButtonOnlyForAuthorAndAdmin() {
        String name = uniqueName("owner");
        TestBrowser author = browser().signUp(name, PASSWORD);
        long id = TestPosts.create(author, "Whose button", "Only some see it.");
        String form = "action=\"/posts/" + id + "/delete\"";

        TestResponse asAuthor = author.get("/posts/" + id);
        TestResponse asAdmin = signedInAdmin("moderator").get("/posts/" + id);
        TestResponse asOther = signedInUser("passerby").get("/posts/" + id);
        TestResponse asVisitor = browser().get("/posts/" + id);

        assertThat(asAuthor.body()).contains(form);
        assertThat(TestBrowser.csrfTokenIn(asAuthor.body().substring(asAuthor.body().indexOf(form)))).isNotBlank();
        assertThat(asAdmin.body()).contains(form);
        assertThat(asOther.body()).doesNotContain(form);
        assertThat(asVisitor.body()).doesNotContain(form);
    }

    @Test
    void deleteByAuthorRemovesPost() {
        TestBrowser author = signedInUser("regretful");
        long id = TestPosts.create(author, "Second thoughts", "Soon gone.");

        TestResponse deleted = author.post("/posts/" + id + "/delete", Map.of());
        TestResponse page = browser().get("/posts/" + id);

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(deleted.header("Location")).isEqualTo("/");
        assertThat(postsWithId(id)).isZero();
        assertThat(page.status()).isEqualTo(404);
    }

    @Test
    void deleteByAdminRemovesAnyPost(CapturedOutput output) {
        long id = TestPosts.create(signedInUser("reported"), "Off topic", "An admin removes this.");

        TestResponse deleted = signedInAdmin("cleaner").post("/posts/" + id + "/delete", Map.of());

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(deleted.header("Location")).isEqualTo("/");
        assertThat(postsWithId(id)).isZero();
        assertThat(output.getOut()).contains("Post " + id + " deleted by an administrator");
    }

    @Test
    void deleteByOtherUserIsForbidden(CapturedOutput output) {
        long id = TestPosts.create(signedInUser("victim"), "Mine", "Not yours to delete.");
        String intruder = uniqueName("intruder");

        TestResponse response = browser().signUp(intruder, PASSWORD).post("/posts/" + id + "/delete", Map.of());

        assertThat(response.status()).isEqualTo(403);
        assertThat(postsWithId(id)).isEqualTo(1);
        assertThat(output.getOut()).contains("security event ACCESS_DENIED user=" + intruder)
                .contains("detail=POST /posts/" + id + "/delete");
    }

    @Test
    void csrfTokenInQueryStringIsRejected() {
        TestBrowser author = signedInUser("querytoken");
        String title = "Token in query " + System.nanoTime();
        String token = URLEncoder.encode(author.csrfToken(), StandardCharsets.UTF_8);

        TestResponse response = author.postWithoutToken("/posts?_csrf=" + token,
                withNewIdempotencyKey(Map.of("title", title, "body", "x")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from posts where title = ?").param(title).query(Long.class).single())
                .isZero();
    }

    @Test
    void rejectedHugeBodyIsNotEchoedInFull() {
        TestBrowser author = signedInUser("hugebody");
        String huge = "a".repeat(1_000_000);

        TestResponse response = author.post("/posts", withNewIdempotencyKey(Map.of("title", "Huge", "body", huge)));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("Body is 1000000 characters long");
        assertThat(response.bytes().length).isLessThan(100_000);
    }

    @Test
    void deleteWithoutCsrfTokenIsForbidden(CapturedOutput output) {
        TestBrowser author = signedInUser("forged");
        long id = TestPosts.create(author, "Keep me", "A forged form must not delete this.");

        TestResponse response = author.postWithoutToken("/posts/" + id + "/delete", Map.of());

        assertThat(response.status()).isEqualTo(403);
        assertThat(postsWithId(id)).isEqualTo(1);
        assertThat(output.getOut()).contains("security event CSRF_REJECTED");
    }

    @Test
    void deleteByVisitorRedirectsToLogin() {
        long id = TestPosts.create(signedInUser("guarded"), "Guarded", "Visitors cannot delete.");

        TestResponse response = browser().post("/posts/" + id + "/delete", Map.of());

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("/login");
        assertThat(postsWithId(id)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999", "abc", "-1", "99999999999999999999"})
    void deleteOfUnknownPostIsNotFound(String id) {
        TestBrowser user = signedInUser("seeker");
        long before = jdbc.sql("select count(*) from posts").query(Long.class).single();

        TestResponse response = user.post("/posts/" + id + "/delete", Map.of());

        assertThat(response.status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from posts").query(Long.class).single()).isEqualTo(before);
    }

    private long postsWithId(long id) {
        return jdbc.sql("select count(*) from posts where id = ?").param(id).query(Long.class).single();
    }

    private long postsTitled(String title) {
        return jdbc.sql("select count(*) from posts where title = ?").param(title).query(Long.class).single();
    }

    private long postsBy(String username) {
        return jdbc.sql("select count(*) from posts p join accounts a on a.id = p.author_id where a.username = ?")
                .param(username).query(Long.class).single();
    }
}
