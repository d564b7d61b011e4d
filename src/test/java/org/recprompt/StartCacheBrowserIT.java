package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The start cache (StartCache) as a person meets it: the first start of the packaged jar serves
 * the workbench from its own JVM and prepares the cache in the background; the next start runs the
 * workbench in a second JVM from the cache's archive, which serves the same screens in Chromium,
 * and stopping the {@code java -jar} process stops that JVM too.
 */
class StartCacheBrowserIT {

    @Test
    void theNextStartRunsFromTheCacheAndServesTheWorkbench() throws Exception {
        BrowserTestBase.assumeBrowser();
        Path cache = Files.createTempDirectory("recprompt-start-cache");
        WorkbenchBrowserIT first = new WorkbenchBrowserIT();
        first.environment.put("XDG_CACHE_HOME", cache.toString());
        first.startWorkbench();
        try {
            assertThat(first.app.children().filter(StartCacheBrowserIT::fromArchive).count())
                    .as("no cache yet: the workbench runs in the started process").isZero();
            waitForReadyCache(cache.resolve("recprompt"), first, Duration.ofMinutes(5));
        } finally {
            first.stopWorkbench();
        }

        WorkbenchBrowserIT next = new WorkbenchBrowserIT();
        next.environment.put("XDG_CACHE_HOME", cache.toString());
        next.startWorkbench();
        ProcessHandle workbench;
        try {
            List<ProcessHandle> children = next.app.children().toList();
            assertThat(children).as("the workbench's JVM, and nothing to prepare").hasSize(1);
            workbench = children.get(0);
            assertThat(fromArchive(workbench)).isTrue();
            assertThat(command(workbench)).contains("-jar " + cache.resolve("recprompt"));
            assertThat(command(workbench)).as("Spring's context as processed at build time").contains(StartCache.AOT_OPTION);
            showsTheWorkbench(next);
            assertThat(Files.readString(next.appLog)).contains("Starting AOT-processed Application");
        } finally {
            next.stopWorkbench();
        }
        try {
            assertThat(workbench.onExit().get(20, TimeUnit.SECONDS).isAlive()).as("stopped with the java -jar process").isFalse();
        } finally {
            StartCache.deleteTree(cache); // about 500 MB
        }
    }

    private static String command(ProcessHandle process) {
        return String.join(" ", process.info().arguments().map(List::of).orElse(List.of()));
    }

    /** Whether a JVM runs with a class-data archive of the start cache. */
    private static boolean fromArchive(ProcessHandle process) {
        return command(process).contains("-XX:SharedArchiveFile=");
    }

    private static void waitForReadyCache(Path root, WorkbenchBrowserIT running, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(running.app.isAlive()).as("the workbench exited: %s", Files.readString(running.appLog)).isTrue();
            if (Files.isDirectory(root)) {
                try (Stream<Path> caches = Files.list(root)) {
                    Optional<Path> ready = caches.map(c -> c.resolve(StartCache.READY)).filter(Files::isRegularFile).findFirst();
                    if (ready.isPresent()) {
                        return;
                    }
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the start cache in " + root + " was not ready after " + timeout + ": "
                + Files.readString(running.appLog));
    }

    private static void showsTheWorkbench(WorkbenchBrowserIT workbench) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(WorkbenchBrowserIT.CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1440,900",
                "--user-data-dir=" + Files.createTempDirectory("recprompt-chromium"));
        ChromeDriver driver = new ChromeDriver(
                new ChromeDriverService.Builder().usingDriverExecutable(WorkbenchBrowserIT.CHROMEDRIVER).build(), options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(workbench.url());
            WorkbenchBrowserIT.collapseExplorer(driver);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-new-project"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#project-name input")))
                    .sendKeys("Started from the cache");
            driver.findElement(By.id("project-dialog-confirm")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"),
                    "Created project Started from the cache"));
            Thread.sleep(500); // let the notification settle for the picture
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "start-cache-workbench.png"))).isGreaterThan(20_000);
        } finally {
            driver.quit();
        }
    }
}
