package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A first start: the sample project carries its dataset (imported in the background; its tab shows
 * the statistics), and after a backend is saved in the Backends folder, New experiment... lists it and
 * writes it by name. The sample dataset is the shared ml-latest-small when present, else a small
 * fixture (recprompt.sample-dataset). Screenshots: sample-dataset-tab.png, new-experiment-saved-backend.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleAndSavedBackendBrowserIT {

    final WorkbenchBrowserIT workbench = new WorkbenchBrowserIT();
    Path sample;

    @BeforeAll
    void start() throws Exception {
        workbench.home = Files.createTempDirectory("recprompt-it-home");
        workbench.workspace = workbench.home.resolve("workspace");
        workbench.port = WorkbenchBrowserIT.freePort();
        workbench.appLog = workbench.home.resolve("app.log");
        Path shared = Path.of("../shared/datasets/ml-latest-small").toAbsolutePath().normalize();
        sample = Files.isRegularFile(shared.resolve("ratings.csv")) ? shared : fixture(workbench.home.resolve("sample-movies"));
        workbench.app = workbench.java(List.of("--server.port=" + workbench.port, "--recprompt.sample-dataset=" + sample))
                .redirectErrorStream(true).redirectOutput(workbench.appLog.toFile()).start();
        workbench.waitForPage(Duration.ofSeconds(120));
    }

    @AfterAll
    void stop() throws Exception {
        workbench.stopWorkbench();
    }

    static Path fixture(Path d) throws Exception {
        Files.createDirectories(d);
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int m = 1; m <= 40; m++) {
            movies.append(m).append(",Movie ").append(m).append(" (2000),").append(m % 2 == 0 ? "Drama" : "Comedy").append('\n');
        }
        for (int u = 1; u <= 12; u++) {
            for (int k = 0; k < 6; k++) {
                ratings.append(u).append(',').append(1 + (u * 3 + k * 5) % 40).append(",4.0,").append(100 * (k + 1)).append('\n');
            }
        }
        Files.writeString(d.resolve("movies.csv"), movies);
        Files.writeString(d.resolve("ratings.csv"), ratings);
        return d;
    }

    /** Expands explorer rows until {@code target} shows (the tree re-renders as the background import lands). */
    static WebElement expandUntil(ChromeDriver driver, By target, String... parents) throws InterruptedException {
        for (int attempt = 0; attempt < 60 && driver.findElements(target).isEmpty(); attempt++) {
            for (String parent : parents) {
                List<WebElement> toggles = driver.findElements(By.xpath("//vaadin-grid-cell-content[.//span[starts-with(text(), '"
                        + parent + "')]]//vaadin-grid-tree-toggle[not(@expanded)]"));
                if (!toggles.isEmpty()) {
                    try {
                        toggles.get(0).click();
                    } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
                        // the next attempt finds it again
                    }
                    Thread.sleep(400);
                }
            }
            Thread.sleep(500);
        }
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(target));
    }

    static void menu(ChromeDriver driver, WebDriverWait wait, String folder, String item) throws InterruptedException {
        Thread.sleep(800);
        new Actions(driver).contextClick(driver.findElement(By.xpath("//vaadin-grid-cell-content[.//span[text()='" + folder
                + "']]"))).perform();
        By menuItem = By.xpath("//vaadin-context-menu-item[contains(., '" + item + "')]");
        wait.until(ExpectedConditions.elementToBeClickable(menuItem));
        Thread.sleep(300);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(menuItem).click();
            return true;
        });
    }

    @Test
    void the_sample_project_has_its_dataset_and_new_experiment_offers_a_saved_backend() throws Exception {
        assumeTrue(WorkbenchBrowserIT.CHROMIUM.canExecute() && WorkbenchBrowserIT.CHROMEDRIVER.canExecute(),
                "Browser test skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        ChromeDriver driver = WorkbenchBrowserIT.browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(workbench.url());
            By project = By.xpath("//vaadin-grid-cell-content[.//span[starts-with(text(), 'Sample: candidate ranking')]]");
            wait.until(ExpectedConditions.visibilityOfElementLocated(project));
            By dataset = By.xpath("//vaadin-grid-cell-content[.//span[text()='ml-latest-small']]");
            new Actions(driver).doubleClick(expandUntil(driver, dataset, "Sample: candidate ranking", "Datasets")).perform();
            WebDriverWait slow = new WebDriverWait(driver, Duration.ofSeconds(90));
            slow.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".rp-cards")));
            String cards = driver.findElement(By.cssSelector(".rp-cards")).getText();
            assertThat(cards).contains("users", "items", "interactions");
            if (sample.getFileName().toString().equals("ml-latest-small")) {
                assertThat(cards).contains("610", "9,742", "100,836");
            } else {
                assertThat(cards).contains("12", "40", "72");
            }
            By experiment = By.xpath("//vaadin-grid-cell-content[.//span[text()='ranking-baselines']]");
            expandUntil(driver, experiment, "Experiments");
            Thread.sleep(800);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "sample-dataset-tab.png"))).isGreaterThan(20_000);

            menu(driver, wait, "Backends", "New backend...");
            WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#new-backend-name input")));
            name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "local-vllm");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("new-backend-create"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"), "Added backend local-vllm"));

            menu(driver, wait, "Experiments", "New experiment...");
            WebElement offered = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-experiment-backends")));
            assertThat(offered.getText()).contains("local-vllm (openai");
            offered.findElement(By.xpath(".//vaadin-checkbox[contains(., 'local-vllm')]")).click();
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "new-experiment-saved-backend.png");
            driver.findElement(By.id("new-experiment-create")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"), "Added experiment"));
            wait.until(d -> String.valueOf(d.findElement(By.cssSelector("#experiment-yaml textarea, #experiment-yaml"))
                    .getDomProperty("value")).contains("backend: \"local-vllm\"")
                    || d.findElement(By.id("experiment-yaml")).getText().contains("backend: \"local-vllm\""));
            Thread.sleep(800);
            WorkbenchBrowserIT.screenshot(driver, "new-experiment-saved-backend-written.png");
        } catch (RuntimeException | AssertionError e) {
            WorkbenchBrowserIT.screenshot(driver, "failure-sample-saved-backend.png");
            throw e;
        } finally {
            driver.quit();
        }
    }
}
