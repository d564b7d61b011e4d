package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The workbench served to a group, in Debian's Chromium: the packaged jar started with an
 * administrator password (which asks for a login on loopback too; this machine allows no other
 * traffic), then a failed login, the administrator's login, the accounts dialog adding a user,
 * log out, and the new user's login. No Content-Security-Policy violation in the console.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginBrowserIT {

    static final String ADMIN_PASSWORD = "it-admin-password-1";

    Path home;
    int port;
    Process app;
    Path appLog;

    @BeforeAll
    void startWorkbench() throws Exception {
        home = Files.createTempDirectory("recprompt-login-it");
        port = WorkbenchBrowserIT.freePort();
        appLog = home.resolve("app.log");
        String jar = System.getProperty("recprompt.jar", "target/recprompt.jar");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar, "--server.port=" + port));
        pb.environment().put("RECPROMPT_WORKSPACE", home.resolve("workspace").toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("RECPROMPT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().remove("SERVER_PORT");
        pb.environment().remove("SERVER_ADDRESS");
        app = pb.redirectErrorStream(true).redirectOutput(appLog.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            assertThat(app.isAlive()).as("the workbench exited: %s", Files.readString(appLog)).isTrue();
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url("login")).toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            assertThat(System.nanoTime()).as("no login page after 180 s").isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    @AfterAll
    void stopWorkbench() throws Exception {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + "/" + path;
    }

    static void type(ChromeDriver driver, WebDriverWait wait, String fieldId, String text) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#" + fieldId + " input")));
        input.clear();
        input.sendKeys(text);
    }

    static void login(ChromeDriver driver, WebDriverWait wait, String name, String password) {
        type(driver, wait, "vaadinLoginUsername", name);
        type(driver, wait, "vaadinLoginPassword", password);
        driver.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot='submit'], vaadin-login-form vaadin-button")).click();
    }

    @Test
    void a_group_member_signs_in_the_administrator_adds_an_account_and_it_signs_in() throws Exception {
        assumeTrue(WorkbenchBrowserIT.CHROMIUM.canExecute() && WorkbenchBrowserIT.CHROMEDRIVER.canExecute(),
                "Browser test skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(WorkbenchBrowserIT.CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1440,900", "--user-data-dir=" + Files.createTempDirectory("recprompt-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(WorkbenchBrowserIT.CHROMEDRIVER).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        List<String> console = new ArrayList<>();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(40));
            driver.get(url(""));
            wait.until(ExpectedConditions.urlContains("/login"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#vaadinLoginUsername input")));
            assertThat(driver.findElements(By.id("toolbar"))).isEmpty();
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "login-page.png");

            login(driver, wait, "admin", "not-the-password");
            wait.until(ExpectedConditions.urlContains("error"));
            wait.until(d -> Boolean.TRUE.equals(driver.executeScript(
                    "const form = document.getElementById('login-form'); return !!form && form.error === true;")));
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "login-failed.png");

            login(driver, wait, "admin", ADMIN_PASSWORD);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-logout")));
            assertThat(driver.findElement(By.id("account-name")).getText()).isEqualTo("admin");
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "workbench-signed-in.png");

            driver.findElement(By.id("toolbar-accounts")).click();
            type(driver, wait, "users-name", "dana");
            type(driver, wait, "users-password", "dana-password-1");
            driver.findElement(By.id("users-add")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//vaadin-grid-cell-content[normalize-space(.)='dana']")));
            Thread.sleep(800);
            WorkbenchBrowserIT.screenshot(driver, "accounts-dialog.png");
            driver.findElement(By.id("users-close")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("users-grid")));

            driver.findElement(By.id("toolbar-logout")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#vaadinLoginUsername input")));
            login(driver, wait, "dana", "dana-password-1");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-logout")));
            assertThat(driver.findElement(By.id("account-name")).getText()).isEqualTo("dana");
            assertThat(driver.findElements(By.id("toolbar-accounts"))).as("a user has no accounts dialog").isEmpty();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(entry.getMessage());
            }
            assertThat(console).as("browser console").noneMatch(line -> line.contains("Content Security Policy")
                    || line.contains("Refused to"));
        } catch (Exception | AssertionError e) {
            WorkbenchBrowserIT.screenshot(driver, "failure-login.png");
            throw e;
        } finally {
            driver.quit();
        }
    }
}
