package dev.rampart.board.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import dev.rampart.board.account.AccountService;
import dev.rampart.board.account.Registration;
import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.HeadlessChromium;
import dev.rampart.hardening.audit.SecurityEventType;

/**
 * End-to-end tests in headless Chromium: a person's way through the board, with the browser's own CSP and
 * escaping checks as the judge of whether injected script can run.
 */
class BoardBrowserTest extends BoardIntegrationTest {

    private static Path downloads;
    private static ChromeDriver chrome;

    @Autowired
    private AccountService accounts;

    @BeforeAll
    static void startBrowser() {
        downloads = HeadlessChromium.temporaryFolder("rampart-downloads-");
        chrome = HeadlessChromium.start(downloads);
    }

    @AfterAll
    static void stopBrowser() {
        if (chrome != null) {
            chrome.quit();
        }
    }

    @Test
    void registerLogInAndSeeDashboard() {
        String name = uniqueName("Browser");

        registerAndLogIn(name);

        assertThat(chrome.getCurrentUrl()).endsWith("/dashboard");
        assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Welcome, " + name);
        logOut();
    }

    @Test
    void nonAdminGetsAccessDeniedOnAdminConsole() {
        registerAndLogIn(uniqueName("notadmin"));

        open("/admin");

        assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Access denied");
        assertThat(chrome.getPageSource()).doesNotContain("Security events");
        logOut();
    }

    @Test
    void securityOverviewDrawsStyledCharts() {
        String name = uniqueName("chartadmin");
        accounts.createAdmin(Registration.of(name, PASSWORD, PASSWORD));
        logIn(name);

        open("/admin/security");

        List<WebElement> typeBars = chrome.findElements(By.cssSelector("#types-chart svg rect"));
        List<WebElement> hourBars = chrome.findElements(By.cssSelector("#hours-chart svg rect"));
        assertThat(typeBars).hasSize(SecurityEventType.values().length);
        assertThat(hourBars).hasSize(24);
        // The first bar counts LOGIN_SUCCESS, which this test's own login has just recorded.
        WebElement loginSuccess = typeBars.getFirst();
        assertThat(loginSuccess.getSize().getWidth()).isPositive();
        assertThat(loginSuccess.getCssValue("fill")).isEqualTo("rgb(31, 95, 191)");
        assertThat(chrome.findElement(By.cssSelector("#types-chart svg")).getSize().getHeight()).isPositive();
        logOut();
    }

    @Test
    void registrationErrorsAppearBesideFields() {
        open("/register");
        chrome.findElement(By.id("username")).sendKeys("ok_" + System.nanoTime() % 100000);
        chrome.findElement(By.id("password")).sendKeys("short");
        chrome.findElement(By.id("confirmation")).sendKeys("different");
        chrome.findElement(By.cssSelector("form[action='/register'] button")).click();

        assertThat(chrome.findElement(By.id("password-error")).getText()).contains("at least 10 characters");
        assertThat(chrome.findElement(By.id("confirmation-error")).getText()).contains("do not match");
        assertThat(chrome.findElements(By.id("username-error"))).isEmpty();
    }

    @Test
    void profileEditIsSavedAndShown() {
        registerAndLogIn(uniqueName("profiled"));

        open("/profile");
        chrome.findElement(By.id("displayName")).clear();
        chrome.findElement(By.id("displayName")).sendKeys("Zoë ☂ Keeper");
        chrome.findElement(By.id("email")).clear();
        chrome.findElement(By.id("email")).sendKeys("zoe@example.org");
        chrome.findElement(By.id("bio")).clear();
        chrome.findElement(By.id("bio")).sendKeys("Keeps the <b>gate</b>.");
        chrome.findElement(By.cssSelector("form[action='/profile'] button")).click();
        waitForPath("/profile");

        assertThat(chrome.findElement(By.className("notice")).getText()).contains("saved");
        assertThat(chrome.findElement(By.id("displayName")).getDomProperty("value")).isEqualTo("Zoë ☂ Keeper");
        assertThat(chrome.findElement(By.id("bio")).getDomProperty("value")).isEqualTo("Keeps the <b>gate</b>.");
        open("/dashboard");
        assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Welcome, Zoë ☂ Keeper");
        logOut();
    }

    @Test
    void postWithScriptIsShownAsTextAndNeverRuns() {
        registerAndLogIn(uniqueName("poster"));
        String script = "<script>window.rampartInjected = true;</script>"
                + "<img src=x onerror=\"window.rampartInjected = true\">";
        String title = "Browser post " + System.nanoTime();

        open("/posts");
        chrome.findElement(By.id("title")).sendKeys(title);
        chrome.findElement(By.id("body")).sendKeys("Hello " + script);
        chrome.findElement(By.cssSelector("form[action='/posts'] button")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(driver -> currentPath(driver).startsWith("/posts/"));

        assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo(title);
        assertThat(chrome.findElement(By.className("post-body")).getText()).contains(script);
        assertThat(injectedScriptRan(chrome)).isFalse();
        open("/");
        assertThat(chrome.getPageSource()).contains(title);
        assertThat(injectedScriptRan(chrome)).isFalse();
        logOut();
    }

    @Test
    void postSentAgainAfterBackCreatesOnePost(CapturedOutput output) {
        registerAndLogIn(uniqueName("returner"));
        String title = "Sent again " + System.nanoTime();

        open("/posts");
        chrome.findElement(By.id("title")).sendKeys(title);
        chrome.findElement(By.id("body")).sendKeys("Submitted, then back, then submitted again.");
        chrome.findElement(By.cssSelector("form[action='/posts'] button")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(driver -> currentPath(driver).startsWith("/posts/"));
        String created = currentPath(chrome);
        // Chromium 156 restores the form from its back/forward cache, with the key that the first submission
        // carried, although pages are sent with Cache-Control: no-store.
        chrome.navigate().back();
        waitForPath("/posts");
        String titleAfterBack = chrome.findElement(By.id("title")).getDomProperty("value");
        chrome.findElement(By.cssSelector("form[action='/posts'] button")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(driver -> currentPath(driver).startsWith("/posts/"));

        assertThat(titleAfterBack).isEqualTo(title);
        assertThat(currentPath(chrome)).isEqualTo(created);
        assertThat(jdbc.sql("select count(*) from posts where title = ?").param(title).query(Long.class).single())
                .isEqualTo(1);
        assertThat(output.getOut()).contains("Repeated post submission by account");
        logOut();
    }

    @Test
    void searchFindsNewPost() {
        registerAndLogIn(uniqueName("searcher"));
        String word = "zebrafinch" + System.nanoTime() % 100000;
        open("/posts");
        chrome.findElement(By.id("title")).sendKeys("About " + word);
        chrome.findElement(By.id("body")).sendKeys("A post to search for.");
        chrome.findElement(By.cssSelector("form[action='/posts'] button")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(driver -> currentPath(driver).startsWith("/posts/"));

        open("/search");
        chrome.findElement(By.id("q")).sendKeys(word + "\n");
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(driver -> driver.getCurrentUrl().contains("q="));

        assertThat(chrome.findElement(By.tagName("main")).getText()).contains("About " + word);
        logOut();
    }

    @Test
    void uploadAndDownloadReturnSameBytes() throws Exception {
        registerAndLogIn(uniqueName("uploader"));
        String content = "plain notes " + System.nanoTime() + "\n";
        Path file = Files.writeString(HeadlessChromium.temporaryFolder("rampart-upload-").resolve("notes.txt"),
                content);

        open("/uploads");
        chrome.findElement(By.id("file")).sendKeys(file.toString());
        chrome.findElement(By.cssSelector("form[action='/uploads'] button")).click();
        // The form posts from /uploads back to /uploads, so wait for the new list rather than for the path.
        new WebDriverWait(chrome, Duration.ofSeconds(10))
                .until(driver -> !driver.findElements(By.linkText("notes.txt")).isEmpty());
        chrome.findElement(By.linkText("notes.txt")).click();
        Path downloaded = downloads.resolve("notes.txt");
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(driver -> Files.exists(downloaded));

        assertThat(Files.readString(downloaded)).isEqualTo(content);
        assertThat(injectedScriptRan(chrome)).isFalse();
        logOut();
    }

    @Test
    void uploadedSvgIsRejectedAndHtmlNeverRuns() throws Exception {
        registerAndLogIn(uniqueName("svg"));
        Path folder = HeadlessChromium.temporaryFolder("rampart-upload-");
        Path svg = Files.writeString(folder.resolve("picture.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "onload=\"window.rampartInjected = true\"><script>window.rampartInjected = true;</script></svg>");
        Path html = Files.writeString(folder.resolve("page.html"),
                "<p>note</p><script>window.rampartInjected = true;</script>\n");

        open("/uploads");
        chrome.findElement(By.id("file")).sendKeys(svg.toString());
        chrome.findElement(By.cssSelector("form[action='/uploads'] button")).click();
        String rejection = new WebDriverWait(chrome, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.id("file-error"))).getText();
        open("/uploads");
        chrome.findElement(By.id("file")).sendKeys(html.toString());
        chrome.findElement(By.cssSelector("form[action='/uploads'] button")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(driver -> !driver.findElements(By.linkText("page.html"))
                .isEmpty() || !driver.findElements(By.id("file-error")).isEmpty());
        List<WebElement> stored = chrome.findElements(By.linkText("page.html"));
        if (!stored.isEmpty()) {
            open(stored.getFirst().getDomAttribute("href"));
        }

        assertThat(rejection).contains("image/svg+xml");
        assertThat(injectedScriptRan(chrome)).isFalse();
        logOut();
    }

    private void registerAndLogIn(String name) {
        open("/register");
        chrome.findElement(By.id("username")).sendKeys(name);
        chrome.findElement(By.id("password")).sendKeys(PASSWORD);
        chrome.findElement(By.id("confirmation")).sendKeys(PASSWORD);
        chrome.findElement(By.cssSelector("form[action='/register'] button")).click();
        waitForPath("/login");
        logIn(name);
    }

    private void logIn(String name) {
        open("/login");
        chrome.findElement(By.id("username")).sendKeys(name);
        chrome.findElement(By.id("password")).sendKeys(PASSWORD);
        chrome.findElement(By.cssSelector("form[action='/login'] button")).click();
        waitForPath("/dashboard");
    }

    private void logOut() {
        chrome.findElement(By.cssSelector("form[action='/logout'] button")).click();
        waitForPath("/");
    }

    private void open(String path) {
        // localhost rather than 127.0.0.1: browsers treat it as a secure context, so Secure cookies are kept.
        chrome.get("http://localhost:" + port + path);
    }

    private void waitForPath(String path) {
        new WebDriverWait(chrome, Duration.ofSeconds(10))
                .until(driver -> currentPath(driver).equals(path));
    }

    private static String currentPath(WebDriver driver) {
        String url = driver.getCurrentUrl();
        String afterHost = url.replaceFirst("^https?://[^/]+", "");
        return afterHost.replaceFirst("\\?.*$", "");
    }

    static boolean injectedScriptRan(JavascriptExecutor browser) {
        return Boolean.TRUE.equals(browser.executeScript("return window.rampartInjected === true;"));
    }

}
