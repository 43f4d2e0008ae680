package dev.rampart.board.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;

class ProfileIntegrationTest extends BoardIntegrationTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void updateStoresValuesAndRedirects() {
        String name = uniqueName("profiled");
        TestBrowser browser = browser().signUp(name, PASSWORD);

        TestResponse saved = browser.post("/profile", form("Zoe\u0301 Quinn", " zoe@example.org ",
                "Line one\r\nLine two"));
        TestResponse page = browser.get(saved.header("Location"));

        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.header("Location")).isEqualTo("/profile?saved");
        StoredProfile stored = stored(name);
        assertThat(stored.displayName()).isEqualTo("Zo\u00e9 Quinn");
        assertThat(stored.email()).isEqualTo("zoe@example.org");
        assertThat(stored.bio()).isEqualTo("Line one\nLine two");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Your profile was saved.");
        assertThat(page.body()).contains("value=\"Zo\u00e9 Quinn\"");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void emptyEmailIsStoredAsNone() {
        String name = uniqueName("noemail");
        TestBrowser browser = browser().signUp(name, PASSWORD);
        browser.post("/profile", form("With Email", "first@example.org", ""));

        TestResponse cleared = browser.post("/profile", form("With Email", "  ", ""));

        assertThat(cleared.status()).isEqualTo(303);
        assertThat(stored(name).email()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"500, 303", "501, 422"})
    void bioLengthCountsCodePoints(int emojiCount, int expectedStatus) {
        String name = uniqueName("bio");
        TestBrowser browser = browser().signUp(name, PASSWORD);
        String bio = EMOJI.repeat(emojiCount);

        TestResponse response = browser.post("/profile", form("Bio Writer", "", bio));

        assertThat(response.status()).isEqualTo(expectedStatus);
        if (expectedStatus == 303) {
            assertThat(stored(name).bio()).isEqualTo(bio);
            assertThat(stored(name).bio().codePointCount(0, stored(name).bio().length())).isEqualTo(500);
        }
        else {
            assertThat(response.body())
                    .contains("id=\"bio-error\">Bio must be at most 500 characters long; it has 501.");
            assertThat(stored(name).bio()).isEmpty();
            assertThat(stored(name).displayName()).isEqualTo(name);
        }
    }

    @ParameterizedTest
    @MethodSource("displayNamesOfWrongLength")
    void displayNameOfWrongLengthIsRejectedAndOtherFieldsKept(String displayName, int length) {
        String name = uniqueName("namelen");
        TestBrowser browser = browser().signUp(name, PASSWORD);

        TestResponse response = browser.post("/profile", form(displayName, "kept@example.org", "Kept <bio> text"));

        assertThat(response.status()).isEqualTo(422);
        String message = "Display name must be 2 to 50 characters long; it has " + length + ".";
        assertThat(response.body()).contains("id=\"displayName-error\">" + message);
        assertThat(response.body()).doesNotContain("id=\"email-error\"");
        assertThat(response.body()).doesNotContain("id=\"bio-error\"");
        assertThat(response.body()).contains("value=\"kept@example.org\"");
        assertThat(response.body()).contains("Kept &lt;bio&gt; text</textarea>");
        assertThat(stored(name)).isEqualTo(new StoredProfile(name, null, ""));
    }

    static Stream<Arguments> displayNamesOfWrongLength() {
        return Stream.of(
                arguments("A", 1),
                arguments(EMOJI, 1),
                arguments("  B  ", 1),
                arguments("", 0),
                arguments("x".repeat(51), 51),
                arguments(EMOJI.repeat(51), 51));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 50})
    void displayNameAtLimitIsAccepted(int emojiCount) {
        String name = uniqueName("namemax");
        TestBrowser browser = browser().signUp(name, PASSWORD);

        TestResponse response = browser.post("/profile", form(EMOJI.repeat(emojiCount), "", ""));

        assertThat(response.status()).isEqualTo(303);
        assertThat(stored(name).displayName()).isEqualTo(EMOJI.repeat(emojiCount));
    }

    @Test
    void everyInvalidFieldGetsItsOwnMessage() {
        String name = uniqueName("allbad");
        TestBrowser browser = browser().signUp(name, PASSWORD);

        TestResponse response = browser.post("/profile", form("x".repeat(51), "two@@example.org", "y".repeat(501)));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"displayName-error\">Display name must be 2 to 50");
        assertThat(response.body()).contains("id=\"email-error\">Email must contain exactly one @");
        assertThat(response.body()).contains("id=\"bio-error\">Bio must be at most 500");
        assertThat(response.body()).contains("aria-invalid=\"true\" aria-describedby=\"displayName-help");
        assertThat(response.body()).contains("aria-invalid=\"true\" aria-describedby=\"email-help");
        assertThat(response.body()).contains("aria-invalid=\"true\" aria-describedby=\"bio-help");
        assertThat(stored(name)).isEqualTo(new StoredProfile(name, null, ""));
    }

    @ParameterizedTest
    @MethodSource("controlCharacters")
    void controlCharacterIsRejected(String field, String value, String message) {
        String name = uniqueName("control");
        TestBrowser browser = browser().signUp(name, PASSWORD);
        Map<String, String> fields = form("Valid Name", "", "Valid bio");
        fields.put(field, value);

        TestResponse response = browser.post("/profile", fields);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"" + field + "-error\">" + message);
        assertThat(stored(name)).isEqualTo(new StoredProfile(name, null, ""));
    }

    static Stream<Arguments> controlCharacters() {
        String nameMessage = "Display name must be one line without control characters";
        String bioMessage = "Bio must not contain control characters";
        String emailMessage = "Email must not contain spaces or control characters.";
        return Stream.of(
                arguments("displayName", "Null\u0000Name", nameMessage),
                arguments("displayName", "Two\nLines", nameMessage),
                arguments("displayName", "Tab\tName", nameMessage),
                arguments("displayName", "Red\u001b[31mName", nameMessage),
                arguments("displayName", "Del\u007fName", nameMessage),
                arguments("displayName", "Next\u0085Line", nameMessage),
                arguments("displayName", "Line\u2028Separator", nameMessage),
                arguments("displayName", "admin\u202Egnp.exe", nameMessage),
                arguments("displayName", "Isolate\u2066Name", nameMessage),
                arguments("bio", "nul\u0000byte", bioMessage),
                arguments("bio", "tab\tbetween", bioMessage),
                arguments("bio", "\u001b[2Jclear screen", bioMessage),
                arguments("bio", "bell\u0007", bioMessage),
                arguments("bio", "next\u0085line", bioMessage),
                arguments("email", "a\u0000b@example.org", emailMessage),
                arguments("email", "a b@example.org", emailMessage),
                arguments("email", "ab@exa\u0007mple.org", emailMessage),
                arguments("email", "a\u00a0b@example.org", emailMessage),
                arguments("email", "ab@example.org\nBcc: x@example.org", emailMessage));
    }

    @ParameterizedTest
    @MethodSource("invalidEmails")
    void invalidEmailSaysWhatIsWrong(String email, String message) {
        String name = uniqueName("email");
        TestBrowser browser = browser().signUp(name, PASSWORD);

        TestResponse response = browser.post("/profile", form("Mail User", email, ""));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"email-error\">" + message);
        assertThat(response.body()).doesNotContain("id=\"displayName-error\"");
        assertThat(stored(name).email()).isNull();
    }

    static Stream<Arguments> invalidEmails() {
        String oneAt = "Email must contain exactly one @, as in name@example.org.";
        String bothSides = "Email needs a name before the @ and a domain after it";
        String fullDomain = "The domain after the @ must be a full domain name";
        return Stream.of(
                arguments("no-at-sign.example.org", oneAt),
                arguments("two@@example.org", oneAt),
                arguments("a@b@example.org", oneAt),
                arguments("@example.org", bothSides),
                arguments("name@", bothSides),
                arguments("name@localhost", fullDomain),
                arguments("name@.example.org", fullDomain),
                arguments("name@example.org.", fullDomain),
                arguments("name@example..org", fullDomain),
                arguments("a".repeat(243) + "@example.org", "Email must be at most 254 characters long; it has 255."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"first.last+tag@example.co.uk", "o'brien@example.org",
            "\u7528\u6237@\u4f8b\u5b50.\u4e2d\u56fd"})
    void validEmailIsStoredAsTyped(String email) {
        String name = uniqueName("goodmail");
        TestBrowser browser = browser().signUp(name, PASSWORD);

        TestResponse response = browser.post("/profile", form("Mail User", email, ""));

        assertThat(response.status()).isEqualTo(303);
        assertThat(stored(name).email()).isEqualTo(email);
    }

    @Test
    void markupIsStoredAsTypedAndEscaped() {
        String name = uniqueName("markup");
        TestBrowser browser = browser().signUp(name, PASSWORD);
        String bio = "<script>alert(1)</script> & \"quotes\"";
        String displayName = "<b onmouseover=alert(1)>Bold</b>";

        TestResponse saved = browser.post("/profile", form(displayName, "", bio));
        TestResponse page = browser.get("/profile");

        assertThat(saved.status()).isEqualTo(303);
        assertThat(stored(name).bio()).isEqualTo(bio);
        assertThat(stored(name).displayName()).isEqualTo(displayName);
        assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quotes\"</textarea>");
        // Inside a quoted attribute only <, & and the quote need escaping, so jte leaves > as it is.
        assertThat(page.body()).contains("value=\"&lt;b onmouseover=alert(1)>Bold&lt;/b>\"");
        assertThat(page.body()).doesNotContain("<script>");
        assertThat(page.body()).doesNotContain("<b onmouseover");
    }

    @Test
    void bioStartingWithLineBreakSurvivesRerendering() {
        String name = uniqueName("blankline");
        TestBrowser browser = browser().signUp(name, PASSWORD);

        browser.post("/profile", form("Blank Line", "", "\nsecond line"));
        TestResponse page = browser.get("/profile");

        assertThat(stored(name).bio()).isEqualTo("\nsecond line");
        assertThat(page.body()).contains("aria-describedby=\"bio-help bio-error\">\n\nsecond line</textarea>");
    }

    @Test
    void postWithoutCsrfTokenIsRejected(CapturedOutput output) {
        String name = uniqueName("nocsrf");
        TestBrowser browser = browser().signUp(name, PASSWORD);

        TestResponse missing = browser.postWithoutToken("/profile", form("Forged Name", "x@example.org", "forged"));
        Map<String, String> forgedToken = form("Forged Name", "x@example.org", "forged");
        forgedToken.put("_csrf", "not-the-token");
        TestResponse wrong = browser.postWithoutToken("/profile", forgedToken);

        assertThat(missing.status()).isEqualTo(403);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(stored(name)).isEqualTo(new StoredProfile(name, null, ""));
        assertThat(output.getOut()).contains("CSRF_REJECTED");
        long recorded = jdbc.sql("select count(*) from security_events where type = 'CSRF_REJECTED' and username = ?")
                .param(name).query(Long.class).single();
        assertThat(recorded).isEqualTo(2);
    }

    @Test
    void anonymousVisitorIsSentToLogin() {
        TestResponse page = browser().get("/profile");

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).isEqualTo("/login");
    }

    private static Map<String, String> form(String displayName, String email, String bio) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("displayName", displayName);
        fields.put("email", email);
        fields.put("bio", bio);
        return fields;
    }

    private StoredProfile stored(String username) {
        return jdbc.sql("select display_name, email, bio from accounts where username = ?")
                .param(username)
                .query((rs, row) -> new StoredProfile(rs.getString("display_name"), rs.getString("email"),
                        rs.getString("bio")))
                .single();
    }

    private record StoredProfile(String displayName, String email, String bio) {
    }
}
