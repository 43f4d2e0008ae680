package dev.rampart.board.post;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;

class SearchIntegrationTest extends BoardIntegrationTest {

    private static final Pattern RESULT_LINK = Pattern.compile("<h2><a href=\"/posts/([0-9]+)\">");

    @Test
    void findsWordInTitle() {
        String word = TestPosts.uniqueWord();
        long id = TestPosts.create(signedInUser("titled"), "About " + word + " today", "Nothing else here.");

        TestResponse response = search(word);

        assertThat(response.status()).isEqualTo(200);
        assertThat(resultIds(response)).containsExactly(id);
        assertThat(response.body()).contains("1 post matches.");
    }

    @Test
    void findsWordInBody() {
        String word = TestPosts.uniqueWord();
        long id = TestPosts.create(signedInUser("bodied"), "Plain title", "Somewhere in the text: " + word + ".");

        TestResponse response = search(word);

        assertThat(resultIds(response)).containsExactly(id);
    }

    @Test
    void matchIgnoresCase() {
        String word = TestPosts.uniqueWord();
        long id = TestPosts.create(signedInUser("shouty"), word.toUpperCase(), "Loud title.");

        TestResponse response = search(word);

        assertThat(resultIds(response)).containsExactly(id);
    }

    @Test
    void everyWordMustMatch() {
        String first = TestPosts.uniqueWord();
        String second = TestPosts.uniqueWord();
        TestBrowser author = signedInUser("twowords");
        long both = TestPosts.create(author, first + " and " + second, "Both words.");
        TestPosts.create(author, first + " alone", "One word.");

        TestResponse response = search(first + " " + second);

        assertThat(resultIds(response)).containsExactly(both);
    }

    @Test
    void moreMatchesRankFirstThenNewest() {
        String word = TestPosts.uniqueWord();
        TestBrowser author = signedInUser("ranked");
        long once = TestPosts.create(author, "Notes", "The word " + word + " appears once here, among others.");
        long olderTwin = TestPosts.create(author, "Twin", word + " " + word + " " + word + " twin text");
        long newerTwin = TestPosts.create(author, "Twin", word + " " + word + " " + word + " twin text");

        TestResponse response = search(word);

        assertThat(resultIds(response)).containsExactly(newerTwin, olderTwin, once);
    }

    @Test
    void resultsPaginateAndKeepQueryInLinks() {
        String word = TestPosts.uniqueWord();
        TestBrowser author = signedInUser("paged");
        for (int i = 1; i <= 21; i++) {
            TestPosts.create(author, "Result " + i, "Body with " + word + ".");
        }
        String query = word + " & ";

        TestResponse first = search(query);
        TestResponse second = browser().get("/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&page=2");

        assertThat(resultIds(first)).hasSize(20);
        assertThat(first.body()).contains("21 posts match.");
        assertThat(first.body()).contains("<a rel=\"next\" href=\"/search?q=" + word + "+%26&amp;page=2\">");
        assertThat(first.body()).contains("value=\"" + word + " &amp;\"");
        assertThat(resultIds(second)).hasSize(1);
        assertThat(second.body()).contains("<a rel=\"prev\" href=\"/search?q=" + word + "+%26&amp;page=1\">");
    }

    @Test
    void resultPagePastEndLinksBack() {
        String word = TestPosts.uniqueWord();
        TestPosts.create(signedInUser("single"), word, "Only one result.");

        TestResponse response = browser().get("/search?q=" + word + "&page=5");

        assertThat(response.status()).isEqualTo(200);
        assertThat(resultIds(response)).isEmpty();
        assertThat(response.body()).contains("<a href=\"/search?q=" + word + "&amp;page=1\">Go to the first page</a>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "%20%20", "%09"})
    void blankQueryShowsEmptyForm(String query) {
        TestResponse response = browser().get("/search?q=" + query);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("<form method=\"get\" action=\"/search\"");
        assertThat(response.body()).doesNotContain("role=\"status\"").doesNotContain("<article");
    }

    @Test
    void searchPageWithoutQueryShowsForm() {
        TestResponse response = browser().get("/search");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"q\" name=\"q\" type=\"search\" value=\"\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "_", "%%", "\"", "'", "*", "NEAR(", "NEAR(a b, 2)", "title:x", "body:x", "a OR b",
            "a AND NOT b", "\\", "'; drop table posts; --", "\"unterminated", "(", ")", "^start", "-minus", "+plus",
            "{title body}: x", "posts_fts", "rank", "% OR 1=1 --", "\\' or ''='", "x\u0000y", "\u202Ertl",
            "\uD83D\uDE00", "\u0301", "a*b?c", "[abc]", "$$", "E'\\x00'", "&", "&amp;", "<script>alert(1)</script>"})
    void hostileQueryIsLiteralText(String query, CapturedOutput output) {
        long before = jdbc.sql("select count(*) from posts").query(Long.class).single();

        TestResponse response = search(query);

        assertThat(response.status()).isIn(200, 400);
        assertThat(response.body()).doesNotContain("<script>alert(1)");
        assertThat(jdbc.sql("select count(*) from posts").query(Long.class).single()).isEqualTo(before);
        assertThat(output.getOut()).doesNotContain("\"level\":\"ERROR\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "_", "*", "\"\"", "%_%", "'' = ''", "\\%"})
    void wildcardsDoNotMatchEverything(String query) {
        TestPosts.create(signedInUser("wild"), "Anything " + TestPosts.uniqueWord(), "Any text at all.");

        TestResponse response = search(query);

        assertThat(response.status()).isEqualTo(200);
        assertThat(resultIds(response)).isEmpty();
        assertThat(response.body()).contains("No posts match.");
    }

    @Test
    void operatorWordsAreSearchedForLiterally() {
        String cats = TestPosts.uniqueWord();
        String dogs = TestPosts.uniqueWord();
        TestBrowser author = signedInUser("logician");
        long literal = TestPosts.create(author, cats + " or " + dogs, "Either will do.");
        TestPosts.create(author, cats + " only", "No second word.");
        TestPosts.create(author, dogs + " only", "No first word.");

        TestResponse response = search(cats + " OR " + dogs);

        assertThat(resultIds(response)).containsExactly(literal);
    }

    @Test
    void columnFilterIsSearchedForLiterally() {
        String word = TestPosts.uniqueWord();
        TestBrowser author = signedInUser("filterer");
        long inBody = TestPosts.create(author, "Plain", "The title of this is not " + word + ".");
        TestPosts.create(author, word, "No column name here.");

        TestResponse response = search("title:" + word);

        assertThat(resultIds(response)).containsExactly(inBody);
    }

    @Test
    void prefixOperatorIsSearchedForLiterally() {
        String word = TestPosts.uniqueWord();
        TestBrowser author = signedInUser("prefixer");
        long exact = TestPosts.create(author, word, "Exact word.");
        TestPosts.create(author, word + "longer", "Longer word that shares the start.");

        TestResponse response = search(word + "*");

        assertThat(resultIds(response)).containsExactly(exact);
    }

    @Test
    void quotesInQueryAreLiteral() {
        String first = TestPosts.uniqueWord();
        String second = TestPosts.uniqueWord();
        long id = TestPosts.create(signedInUser("quoter"), first + " \"said\" " + second, "Quoted.");

        TestResponse response = search("\"" + first + "\" \"" + second);

        assertThat(response.status()).isEqualTo(200);
        assertThat(resultIds(response)).containsExactly(id);
    }

    @Test
    void queryOverCapIsRejectedBesideField() {
        String query = "\uD83D\uDE00".repeat(SearchQuery.MAX_LENGTH + 1);
        long before = jdbc.sql("select count(*) from posts").query(Long.class).single();

        TestResponse response = search(query);

        assertThat(response.status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from posts").query(Long.class).single()).isEqualTo(before);
        assertThat(response.body()).contains("id=\"q-error\">The search text is 201 characters long. "
                + "Shorten it to at most 200.");
        assertThat(response.body()).contains("aria-invalid=\"true\"");
        assertThat(response.body()).doesNotContain("role=\"status\"");
    }

    @Test
    void queryAtCapIsAccepted() {
        String word = TestPosts.uniqueWord();
        TestPosts.create(signedInUser("capped"), word, "Found by a long query.");
        String query = word + " " + "\uD83D\uDE00".repeat(SearchQuery.MAX_LENGTH - word.length() - 1);

        TestResponse response = search(query);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("id=\"q-error\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "abc", "1001", "-2"})
    void invalidResultPageIsRejected(String page) {
        TestResponse response = browser().get("/search?q=word&page=" + page);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The page number is invalid.");
    }

    @Test
    void deletedPostLeavesResults() {
        String word = TestPosts.uniqueWord();
        TestBrowser author = signedInUser("eraser");
        long id = TestPosts.create(author, word, "Soon removed from the index too.");

        TestResponse deleted = author.post("/posts/" + id + "/delete", Map.of());
        TestResponse response = search(word);

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(resultIds(response)).isEmpty();
    }

    @Test
    void resultShowsTitleAuthorAndExcerpt() {
        String name = uniqueName("shown");
        String word = TestPosts.uniqueWord();
        long id = TestPosts.create(browser().signUp(name, PASSWORD), "Shown " + word, "Excerpt of " + word + ".");

        TestResponse response = search(word);

        assertThat(response.body()).contains("<h2><a href=\"/posts/" + id + "\">Shown " + word + "</a></h2>");
        assertThat(response.body()).contains("By " + name + " on <time datetime=\"");
        assertThat(response.body()).contains("<p class=\"excerpt\">Excerpt of " + word + ".</p>");
    }

    @Test
    void visitorsGetNoSession() {
        String word = TestPosts.uniqueWord();
        TestPosts.create(signedInUser("cookieless"), word, "Searched by a visitor.");

        TestResponse response = search(word);

        assertThat(resultIds(response)).hasSize(1);
        assertThat(response.hasHeader("Set-Cookie")).isFalse();
    }

    private TestResponse search(String query) {
        return browser().get("/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    private static List<Long> resultIds(TestResponse response) {
        List<Long> ids = new ArrayList<>();
        Matcher matcher = RESULT_LINK.matcher(response.body());
        while (matcher.find()) {
            ids.add(Long.parseLong(matcher.group(1)));
        }
        return ids;
    }
}
