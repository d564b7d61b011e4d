package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.recprompt.experiment.ExperimentFixtures;

/**
 * A person runs an experiment against a slow LLM server and watches it in the Progress view: no ETA
 * ("estimating...") until the rate is known, then one; when it is done they move the re-ranking
 * control several times: no Progress row and no console line comes of it. Screenshots:
 * progress-estimating.png, progress-eta.png, progress-after-slider.png, console-after-slider.png.
 */
class ProgressBrowserIT extends BrowserTestBase {

    @Test
    void a_run_shows_its_eta_once_known_and_slider_moves_leave_no_rows_or_lines() throws Exception {
        assumeBrowser();
        Path fixtures = Files.createDirectories(workbench.home.resolve("fixtures"));
        Path data = ExperimentFixtures.dataset(fixtures, 60);
        Path template = ExperimentFixtures.template(fixtures, "ranking");
        try (ExperimentFixtures.FakeOpenAi llm = new ExperimentFixtures.FakeOpenAi(3000)) {
            ChromeDriver driver = WorkbenchBrowserIT.browser();
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                driver.get(workbench.url());
                Path project = WorkbenchBrowserIT.createProject(driver, wait, workbench.workspace, "Progress study");
                Files.createDirectories(project.resolve("experiments"));
                Files.writeString(project.resolve("experiments").resolve("progress-study.yaml"), """
                        name: progress-study
                        dataset: { path: %s }
                        split: { method: leave-last-out }
                        users: { sample: 60, seed: 3 }
                        candidates: { size: 10, negatives: random, seed: 3 }
                        templates: [ %s ]
                        backends:
                          - { id: pop, type: most-popular }
                          - { id: itemknn, type: item-knn }
                          - { id: llm, type: openai, baseUrl: "%s", model: fake, concurrency: 2 }
                        k: [1, 5]
                        """.formatted(data.toAbsolutePath(), template.toAbsolutePath(), llm.baseUrl()));

                driver.navigate().refresh(); // the explorer reads the project's files again
                toggle(driver, wait, "Progress study");
                toggle(driver, wait, "Experiments");
                By entry = By.xpath("//vaadin-grid-cell-content[.//span[text()='progress-study']]");
                wait.until(ExpectedConditions.visibilityOfElementLocated(entry));
                new Actions(driver).doubleClick(driver.findElement(entry)).perform();
                wait.until(ExpectedConditions.elementToBeClickable(By.id("experiment-run"))).click();

                WebElement progressTab = driver.findElement(By.xpath("//vaadin-tab[normalize-space(.)='Progress']"));
                progressTab.click();
                By runRow = By.xpath("//vaadin-grid[@id='progress-view']//vaadin-grid-cell-content[contains(., 'Run progress-study')]");
                wait.until(ExpectedConditions.visibilityOfElementLocated(runRow));
                By estimating = By.xpath("//vaadin-grid[@id='progress-view']//vaadin-grid-cell-content[contains(., 'estimating')]");
                wait.until(ExpectedConditions.visibilityOfElementLocated(estimating));
                WorkbenchBrowserIT.screenshot(driver, "progress-estimating.png");
                By cells = By.xpath("//vaadin-grid[@id='progress-view']/vaadin-grid-cell-content");
                String etaPattern = "\\d+h \\d\\dm|\\d+m \\d\\ds|\\d+s";
                String shown = wait.until(d -> d.findElements(cells).stream().map(WebElement::getText).map(String::strip)
                        .filter(t -> t.matches(etaPattern)).findFirst().orElse(null));
                WorkbenchBrowserIT.screenshot(driver, "progress-eta.png");
                assertThat(shown).as("an ETA once the rate is known").matches(etaPattern);

                // the run ends; its tab, from the Runs folder, has the results and the re-ranking control
                WebDriverWait long_ = new WebDriverWait(driver, Duration.ofSeconds(180));
                long_.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "complete:"));
                toggle(driver, wait, "Runs");
                By run = By.xpath("//vaadin-grid-cell-content[.//span[starts-with(text(), 'progress-study-')]]");
                wait.until(ExpectedConditions.visibilityOfElementLocated(run));
                new Actions(driver).doubleClick(driver.findElement(run)).perform();
                long_.until(ExpectedConditions.visibilityOfElementLocated(By.id("rerank-beta")));
                long_.until(d -> !d.findElement(By.id("rerank-control")).getAttribute("outerHTML").contains("disabled=\"\""));
                long_.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rerank-status"), "Re-ranked at beta 0.00"));
                WebElement consoleTab = driver.findElement(By.xpath("//vaadin-tab[normalize-space(.)='Console']"));
                consoleTab.click();
                Thread.sleep(700);
                String consoleBefore = driver.findElement(By.id("console-lines")).getText();
                assertThat(consoleBefore).as("the run: one line when it ended, none when it started").contains("complete")
                        .doesNotContain("Started Run").doesNotContain("Finished Run");
                WebElement beta = driver.findElement(By.cssSelector("#rerank-beta input"));
                WorkbenchBrowserIT.reveal(driver, beta);
                for (String b : new String[] {"0.1", "0.2", "0.3", "0.4", "0.5"}) {
                    beta.sendKeys(Keys.chord(Keys.CONTROL, "a"), b, Keys.ENTER);
                    Thread.sleep(150);
                }
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rerank-status"), "Re-ranked at beta 0.50"));
                Thread.sleep(1500);
                progressTab.click();
                Thread.sleep(700);
                WorkbenchBrowserIT.screenshot(driver, "progress-after-slider.png");
                String rows = driver.findElement(By.id("progress-view")).getText();
                assertThat(rows).as("no row for a slider's re-ranking").doesNotContain("Re-ranking");
                consoleTab.click();
                Thread.sleep(700);
                WorkbenchBrowserIT.screenshot(driver, "console-after-slider.png");
                String console = driver.findElement(By.id("console-lines")).getText();
                assertThat(console).doesNotContain("Cancelled").doesNotContain("Started Re-ranking").doesNotContain("Finished Re-ranking");
                assertThat(console.length()).as("no line from the five moves").isEqualTo(consoleBefore.length());
            } catch (RuntimeException | AssertionError e) {
                WorkbenchBrowserIT.screenshot(driver, "failure-progress.png");
                throw e;
            } finally {
                driver.quit();
            }
        }
    }

    /** Expands the explorer row with this label (its tree toggle). */
    static void toggle(ChromeDriver driver, WebDriverWait wait, String label) throws InterruptedException {
        By toggle = By.xpath("//vaadin-grid-tree-toggle[.//span[text()='" + label + "']]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(toggle));
        Thread.sleep(500);
        WebElement t = driver.findElement(toggle);
        if (t.getAttribute("expanded") == null || "false".equals(t.getAttribute("expanded"))) {
            t.getShadowRoot().findElement(By.cssSelector("[part=toggle]")).click();
        }
        Thread.sleep(500);
    }
}
