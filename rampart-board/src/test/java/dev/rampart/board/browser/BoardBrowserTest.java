package dev.rampart.board.browser;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.HeadlessChromium;

/**
 * End-to-end tests in headless Chromium: a person's way through the board, with the browser's own CSP and
 * escaping checks as the judge of whether injected script can run.
 */
class BoardBrowserTest extends BoardIntegrationTest {

    private static Path downloads;
    private static ChromeDriver chrome;

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

    private void registerAndLogIn(String name) {
        open("/register");
        chrome.findElement(By.id("username")).sendKeys(name);
        chrome.findElement(By.id("password")).sendKeys(PASSWORD);
        chrome.findElement(By.id("confirmation")).sendKeys(PASSWORD);
        chrome.findElement(By.cssSelector("form[action='/register'] button")).click();
        waitForPath("/login");
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

    static List<LogEntry> consoleErrors() {
        return chrome.manage().logs().get("browser").getAll();
    }
}
