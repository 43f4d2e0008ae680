package dev.rampart.board.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.RawHttp;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;

class AccountIntegrationTest extends BoardIntegrationTest {

    @Test
    void registerThenLoginReachesDashboard() {
        String name = uniqueName("Reader");
        TestBrowser browser = browser();

        TestResponse registered = browser.register(name, PASSWORD);
        TestResponse loggedIn = browser.login(name, PASSWORD);
        TestResponse dashboard = browser.get("/dashboard");

        assertThat(registered.status()).isEqualTo(303);
        assertThat(registered.header("Location")).isEqualTo("/login?registered");
        assertThat(loggedIn.status()).isEqualTo(303);
        assertThat(loggedIn.header("Location")).isEqualTo("/dashboard");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Welcome, " + name);
    }

    @Test
    void passwordIsStoredAsArgon2idHash() {
        String name = uniqueName("hashed");
        browser().register(name, PASSWORD);

        String hash = jdbc.sql("select password_hash from accounts where username = ?").param(name)
                .query(String.class).single();

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hash).doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s", "%S", "Ｘ%s"})
    void usernameInAnotherFormIsTaken(String pattern) {
        String name = uniqueName("dup");
        browser().register(name, PASSWORD);
        String variant = pattern.startsWith("Ｘ")
                ? toFullWidth(name)
                : String.format(pattern, name);

        TestResponse second = browser().register(variant, PASSWORD);

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body()).contains("This username is taken");
        long count = jdbc.sql("select count(*) from accounts where username_key = ?")
                .param(UsernameKey.of(name)).query(Long.class).single();
        assertThat(count).isEqualTo(1);
    }

    @Test
    void fullWidthAndCaseVariantsShareOneKey() {
        assertThat(UsernameKey.of("Alice")).isEqualTo("alice");
        assertThat(UsernameKey.of("ＡＬＩＣＥ")).isEqualTo("alice");
        assertThat(UsernameKey.of("Straße")).isEqualTo(UsernameKey.of("STRASSE"));
        assertThat(UsernameKey.of("\u212Aelvin")).isEqualTo("kelvin");
    }

    @Test
    void loginWithFullWidthNameFindsAccount() {
        String name = uniqueName("wide");
        browser().register(name, PASSWORD);

        TestResponse loggedIn = browser().login(toFullWidth(name), PASSWORD);

        assertThat(loggedIn.header("Location")).isEqualTo("/dashboard");
    }

    @Test
    void invalidRegistrationKeepsUsernameAndNamesEachField() {
        TestResponse response = browser().post("/register", TestBrowser.withNewIdempotencyKey(
                Map.of("username", "ok_name_" + System.nanoTime() % 1000, "password", "short", "confirmation", "x")));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"password-error\">Password must be at least 10 characters");
        assertThat(response.body()).contains("id=\"confirmation-error\">The two passwords do not match");
        assertThat(response.body()).doesNotContain("id=\"username-error\"");
        assertThat(response.body()).contains("value=\"ok_name_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password123", "Password2024!", "qwertyuiop", "1234567890", "iloveyou!!!"})
    void commonPasswordIsRejected(String password) {
        String name = uniqueName("common");

        TestResponse response = browser().register(name, password);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("This password is too common");
        assertThat(jdbc.sql("select count(*) from accounts where username = ?").param(name)
                .query(Long.class).single()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a b c", "<script>", "name\nnext", "${jndi:ldap://x}", "_leading",
            "a_very_long_username_that_goes_past_thirty"})
    void invalidUsernameIsRejected(String username) {
        TestResponse response = browser().register(username, PASSWORD);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"username-error\"");
        assertThat(response.body()).doesNotContain("<script>");
    }

    @Test
    void unknownUserAndWrongPasswordGetSameAnswer(CapturedOutput output) {
        String name = uniqueName("known");
        browser().register(name, PASSWORD);

        TestResponse wrongPassword = browser().login(name, "not the password at all");
        TestResponse unknownUser = browser().login(uniqueName("ghost"), "not the password at all");

        assertThat(wrongPassword.status()).isEqualTo(unknownUser.status()).isEqualTo(303);
        assertThat(wrongPassword.header("Location")).isEqualTo(unknownUser.header("Location"))
                .isEqualTo("/login?error");
        assertThat(output.getOut()).contains("LOGIN_FAILURE");
    }

    @Test
    void sessionIdChangesAtLogin() {
        String name = uniqueName("rotate");
        TestBrowser browser = browser();
        browser.register(name, PASSWORD);
        browser.get("/login");
        String before = browser.cookies().get("__Host-rampart-session");

        browser.login(name, PASSWORD);
        String after = browser.cookies().get("__Host-rampart-session");

        assertThat(before).isNotNull();
        assertThat(after).isNotNull().isNotEqualTo(before);
    }

    @Test
    void logoutInvalidatesSessionAndClearsSiteData() {
        TestBrowser browser = signedInUser("leaver");
        String sessionCookie = "__Host-rampart-session=" + browser.cookies().get("__Host-rampart-session");

        TestResponse logout = browser.post("/logout", Map.of());
        TestResponse replayed = browser().get("/dashboard", "Cookie", sessionCookie);

        assertThat(logout.status()).isEqualTo(303);
        assertThat(logout.header("Clear-Site-Data")).contains("\"cookies\"");
        assertThat(replayed.status()).isEqualTo(302);
        assertThat(replayed.header("Location")).isEqualTo("/login");
    }

    @Test
    void sessionCookieIsHostPrefixedSecureHttpOnlyLax() {
        TestResponse login = browser().get("/login");

        String cookie = login.header("Set-Cookie");

        assertThat(cookie).startsWith("__Host-rampart-session=");
        assertThat(cookie).contains("Path=/").contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
        assertThat(cookie).doesNotContain("Domain=");
    }

    @Test
    void disabledAccountGetsSameAnswerAsWrongPassword() {
        String name = uniqueName("disabled");
        browser().register(name, PASSWORD);
        jdbc.sql("update accounts set enabled = ? where username = ?").params(false, name).update();

        TestResponse response = browser().login(name, PASSWORD);

        assertThat(response.header("Location")).isEqualTo("/login?error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:443", "127.0.0.1@evil.example"})
    void loginNeverRedirectsToForgedHost(String host) {
        String name = uniqueName("redirect");
        TestBrowser browser = browser();
        browser.register(name, PASSWORD);
        browser.get("/login");
        String cookie = "Cookie: __Host-rampart-session=" + browser.cookies().get("__Host-rampart-session");
        RawHttp.RawResponse saved = RawHttp.send(port, "GET", "/users?page=3", "Host: " + host, cookie);

        TestResponse login = browser.login(name, PASSWORD);

        assertThat(saved.status()).isIn(302, 400);
        assertThat(login.header("Location")).startsWith("/").doesNotStartWith("//");
        assertThat(login.header("Location")).doesNotContain("evil.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/", "/\\evil.example", "/%2F%2Fevil.example", "/%0d%0aSet-Cookie:x=1"})
    void offSitePathsAreNeverRedirectTargets(String target) {
        String name = uniqueName("offsite");
        TestBrowser browser = browser();
        browser.register(name, PASSWORD);
        browser.get("/login");
        String cookie = "Cookie: __Host-rampart-session=" + browser.cookies().get("__Host-rampart-session");
        RawHttp.send(port, "GET", target, cookie);

        TestResponse login = browser.login(name, PASSWORD);

        assertThat(login.header("Location")).isEqualTo("/dashboard");
    }

    @Test
    void loginReturnsToRequestedLocalPage() {
        String name = uniqueName("returning");
        TestBrowser browser = browser();
        browser.register(name, PASSWORD);
        TestResponse protectedPage = browser.get("/users?page=2");

        TestResponse login = browser.login(name, PASSWORD);

        assertThat(protectedPage.status()).isEqualTo(302);
        assertThat(login.header("Location")).isEqualTo("/users?page=2");
    }

    @Test
    void loginWithoutCsrfTokenIsRejectedAndRecorded(CapturedOutput output) {
        TestResponse response = browser().postWithoutToken("/login",
                Map.of("username", "anyone", "password", PASSWORD));

        assertThat(response.status()).isEqualTo(403);
        assertThat(output.getOut()).contains("CSRF_REJECTED");
    }

    private static String toFullWidth(String ascii) {
        StringBuilder wide = new StringBuilder();
        ascii.chars().forEach(c -> wide.appendCodePoint(c >= '!' && c <= '~' ? c - '!' + 0xFF01 : c));
        return wide.toString();
    }
}
