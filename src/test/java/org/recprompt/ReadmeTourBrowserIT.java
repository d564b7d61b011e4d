package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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
 * The README's tour on a fresh workspace, as a newcomer walks it in Chromium: the sample project
 * opens with its dataset (statistics) and its template (a preview for a real user); a backend saved
 * in the Backends folder against a local OpenAI-compatible fake passes Test connection; New
 * experiment... offers it and writes {@code backend: NAME}; the run calls the fake through it; the run
 * tab exports an HTML report with a link; a browser reload brings back the open tabs, the active tab
 * and the expanded explorer. Screenshots: tour-1-dataset.png ... tour-6-reloaded.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeTourBrowserIT {

    final WorkbenchBrowserIT workbench = new WorkbenchBrowserIT();
    com.sun.net.httpserver.HttpServer fake;
    final AtomicInteger chats = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        workbench.startWorkbench();
        fake = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/v1/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String body;
            if (exchange.getRequestURI().getPath().endsWith("/models")) {
                body = "{\"object\":\"list\",\"data\":[{\"id\":\"tour-model\",\"object\":\"model\"}]}";
            } else {
                chats.incrementAndGet();
                body = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"tour-model\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"1. Toy Story (1995)\\n2. Heat (1995)\\n3. Jumanji (1995)\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":20,\"total_tokens\":320}}";
            }
            WorkbenchBrowserIT.json(exchange, body);
        });
        fake.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (fake != null) {
            fake.stop(0);
        }
        workbench.stopWorkbench();
    }

    @Test
    void a_newcomer_walks_the_readme_tour_and_a_reload_keeps_the_layout() throws Exception {
        BrowserTestBase.assumeBrowser();
        assumeTrue(Files.isRegularFile(Path.of("../shared/datasets/ml-latest-small/ratings.csv")),
                "README tour skipped: ../shared/datasets/ml-latest-small is absent, so the workbench creates no sample project");
        ChromeDriver driver = WorkbenchBrowserIT.browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            WebDriverWait slow = new WebDriverWait(driver, Duration.ofSeconds(180));
            driver.get(workbench.url());
            String project = "Sample: candidate ranking";
            wait.until(ExpectedConditions.visibilityOfElementLocated(row(project)));

            // 1. The sample project carries its dataset: its tab has the statistics.
            new Actions(driver).doubleClick(expandUntil(driver, row("ml-latest-small"), project,
                    "Datasets")).perform();
            slow.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".rp-cards")));
            assertThat(driver.findElement(By.cssSelector(".rp-cards")).getText()).contains("610", "9,742", "100,836");
            Thread.sleep(800);
            WorkbenchBrowserIT.screenshot(driver, "tour-1-dataset.png");

            // 2. Its template previews the prompt for a real user of that dataset.
            new Actions(driver).doubleClick(expandUntil(driver, row("candidate-ranking"),
                    "Prompt templates")).perform();
            slow.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//pre[contains(@class, 'rp-preview-text')][contains(., 'Rank all 20 candidates')]")));
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "tour-2-template.png");

            // 3. A backend saved in the Backends folder, against the local fake, passes Test connection.
            menu(driver, wait, "Backends", "New backend...");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("new-backend-type"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//vaadin-select-item[contains(., 'OpenAI-compatible server')]"))).click();
            WebElement name = driver.findElement(By.cssSelector("#new-backend-name input"));
            name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "local-llm");
            driver.findElement(By.id("new-backend-create")).click();
            WebElement url = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//vaadin-text-area[.//label[text()='Base URL']]//textarea")));
            url.sendKeys(Keys.chord(Keys.CONTROL, "a"), "http://127.0.0.1:" + fake.getAddress().getPort() + "/v1", Keys.TAB);
            WorkbenchBrowserIT.reveal(driver, driver.findElement(By.xpath("//vaadin-button[contains(., 'List models')]"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[contains(text(), '1 model listed')]")));
            WebElement model = WorkbenchBrowserIT.reveal(driver,
                    driver.findElement(By.xpath("//vaadin-combo-box[.//label[text()='Model']]//input")));
            model.click();
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//vaadin-combo-box-item[contains(., 'tour-model')]"))).click();
            wait.until(d -> "tour-model".equals(model.getDomProperty("value")));
            Thread.sleep(300);
            new Actions(driver).keyDown(Keys.CONTROL).sendKeys("s").keyUp(Keys.CONTROL).perform();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"), "Saved backend local-llm"));
            WorkbenchBrowserIT.reveal(driver, wait.until(ExpectedConditions.elementToBeClickable(By.id("backend-test-connection"))))
                    .click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#backend-test-result .rp-ok")));
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "tour-3-backend.png");

            // 4. New experiment... offers the saved backend and writes it by name; the run calls the fake through it.
            menu(driver, wait, "Experiments", "New experiment...");
            WebElement offered = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-experiment-backends")));
            offered.findElement(By.xpath(".//vaadin-checkbox[contains(., 'local-llm')]")).click();
            WebElement experimentName = driver.findElement(By.cssSelector("#new-experiment-name input"));
            experimentName.sendKeys(Keys.chord(Keys.CONTROL, "a"), "tour");
            driver.findElement(By.id("new-experiment-create")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-status"), "Valid."));
            assertThat(editorText(driver)).contains("backend: \"local-llm\"");
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "tour-4-experiment.png");
            WorkbenchBrowserIT.reveal(driver, driver.findElement(By.id("experiment-run"))).click();
            slow.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "complete"));
            assertThat(driver.findElement(By.id("experiment-variants")).getText()).contains("local-llm");
            assertThat(chats.get()).as("the run asked the saved backend's server").isGreaterThanOrEqualTo(100);

            // 5. The run tab exports a report in the background and links to it.
            By run = By.xpath("//vaadin-grid-cell-content[.//span[starts-with(text(), 'tour-')]]");
            new Actions(driver).doubleClick(expandUntil(driver, run, "Runs")).perform();
            slow.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table")));
            WorkbenchBrowserIT.reveal(driver, wait.until(ExpectedConditions.elementToBeClickable(By.id("run-export-report")))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("export-start"))).click();
            WebElement link = slow.until(ExpectedConditions.visibilityOfElementLocated(By.id("export-link")));
            assertThat(link.getDomAttribute("href")).isNotBlank();
            Path report;
            try (Stream<Path> files = Files.walk(workbench.workspace.resolve("projects"))) {
                report = files.filter(f -> f.toString().contains("tour-") && f.getFileName().toString().endsWith(".html"))
                        .findFirst().orElseThrow(() -> new AssertionError("no HTML report in the run folder"));
            }
            assertThat(Files.readString(report)).contains("local-llm", "NDCG");
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "tour-5-report.png");
            driver.findElement(By.id("export-close")).click();

            // 6. A reload brings back the open tabs, the active one and the expanded explorer.
            List<String> tabs = tabTitles(driver);
            String active = driver.findElement(By.cssSelector("vaadin-tab[selected]")).getText();
            assertThat(tabs).hasSizeGreaterThanOrEqualTo(5);
            driver.navigate().refresh();
            wait.until(d -> tabTitles(driver).equals(tabs));
            assertThat(driver.findElement(By.cssSelector("vaadin-tab[selected]")).getText()).isEqualTo(active);
            slow.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table")));
            for (String shown : List.of("ml-latest-small", "candidate-ranking", "local-llm", "tour")) {
                assertThat(driver.findElements(row(shown))).as("explorer row %s after the reload", shown).isNotEmpty();
            }
            Thread.sleep(800);
            WorkbenchBrowserIT.screenshot(driver, "tour-6-reloaded.png");
        } catch (RuntimeException | AssertionError e) {
            WorkbenchBrowserIT.screenshot(driver, "failure-tour.png");
            throw e;
        } finally {
            driver.quit();
        }
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

    static By row(String startOfName) {
        return By.xpath("//vaadin-grid-cell-content[.//span[starts-with(text(), '" + startOfName + "')]]");
    }

    static List<String> tabTitles(ChromeDriver driver) {
        return driver.findElements(By.cssSelector("vaadin-tabs vaadin-tab")).stream().map(WebElement::getText).toList();
    }

    /** The text of the experiment's code editor. */
    static String editorText(ChromeDriver driver) {
        return String.valueOf(driver.findElement(By.id("experiment-yaml")).getDomProperty("value"));
    }
}
