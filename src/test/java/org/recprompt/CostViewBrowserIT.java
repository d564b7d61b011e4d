package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.recprompt.experiment.ExperimentFixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A person runs an experiment against a provider that reports cached prompt tokens (a local fake
 * of OpenAI's chat completions with {@code usage.prompt_tokens_details.cached_tokens}) and opens
 * the run: its cost view shows input, cached input and output tokens per variant, the cost at
 * gpt-4o's cached rate and the price basis. Screenshots: cost-estimate.png, cost-view.png.
 */
class CostViewBrowserIT extends BrowserTestBase {

    @Test
    void the_run_tab_shows_input_cached_and_output_tokens_and_the_cost_at_the_cached_rate() throws Exception {
        assumeBrowser();
        Path fixtures = Files.createDirectories(workbench.home.resolve("fixtures"));
        Path data = ExperimentFixtures.dataset(fixtures, 20);
        Path template = ExperimentFixtures.template(fixtures, "ranking");
        try (ExperimentFixtures.FakeOpenAi llm = new ExperimentFixtures.FakeOpenAi(0)) {
            llm.cachedTokens = 64;
            ChromeDriver driver = WorkbenchBrowserIT.browser();
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                driver.get(workbench.url());
                Path project = WorkbenchBrowserIT.createProject(driver, wait, workbench.workspace, "Cost study");
                Files.createDirectories(project.resolve("experiments"));
                Files.writeString(project.resolve("experiments").resolve("cost-study.yaml"), """
                        name: cost-study
                        dataset: { path: %s }
                        split: { method: leave-last-out }
                        users: { sample: 20, seed: 3 }
                        candidates: { size: 10, negatives: random, seed: 3 }
                        templates: [ %s ]
                        backends:
                          - { id: pop, type: most-popular }
                          - { id: gpt, type: openai, baseUrl: "%s", model: gpt-4o, concurrency: 2 }
                        k: [1, 5]
                        """.formatted(data.toAbsolutePath(), template.toAbsolutePath(), llm.baseUrl()));

                driver.navigate().refresh(); // the explorer reads the project's files again
                ProgressBrowserIT.toggle(driver, wait, "Cost study");
                ProgressBrowserIT.toggle(driver, wait, "Experiments");
                By entry = By.xpath("//vaadin-grid-cell-content[.//span[text()='cost-study']]");
                wait.until(ExpectedConditions.visibilityOfElementLocated(entry));
                new Actions(driver).doubleClick(driver.findElement(entry)).perform();
                wait.until(ExpectedConditions.elementToBeClickable(By.id("experiment-run"))).click();
                WebDriverWait long_ = new WebDriverWait(driver, Duration.ofSeconds(180));
                long_.until(ExpectedConditions.visibilityOfElementLocated(By.id("experiment-estimate")));
                String estimate = driver.findElement(By.id("experiment-estimate")).getText();
                assertThat(estimate).as("the estimate says what prompt caching saves").contains("Prompt caching (est.)")
                        .contains("saves nothing").contains("at least 1,024 tokens");
                WorkbenchBrowserIT.reveal(driver, driver.findElement(By.id("experiment-estimate")));
                WorkbenchBrowserIT.screenshot(driver, "cost-estimate.png");
                long_.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "complete"));

                ProgressBrowserIT.toggle(driver, wait, "Runs");
                By run = By.xpath("//vaadin-grid-cell-content[.//span[starts-with(text(), 'cost-study-')]]");
                wait.until(ExpectedConditions.visibilityOfElementLocated(run));
                new Actions(driver).doubleClick(driver.findElement(run)).perform();
                long_.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-cost")));

                Path runDir;
                try (Stream<Path> dirs = Files.list(project.resolve("runs"))) {
                    runDir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
                }
                JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
                JsonNode gpt = null;
                for (JsonNode v : summary.path("variants")) {
                    if (v.path("id").asText().startsWith("gpt")) {
                        gpt = v;
                    }
                }
                assertThat(gpt).isNotNull();
                long in = gpt.path("usage").path("input_tokens").asLong();
                long out = gpt.path("usage").path("output_tokens").asLong();
                long cached = gpt.path("usage").path("cached_input_tokens").asLong();
                assertThat(cached).as("20 calls, 64 cached tokens each").isEqualTo(20 * 64);
                // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million tokens
                double cost = ((in - cached) * 2.50 + cached * 1.25 + out * 10.0) / 1e6;
                assertThat(gpt.path("cost").asDouble()).isCloseTo(cost, org.assertj.core.api.Assertions.within(1e-6));

                WorkbenchBrowserIT.reveal(driver, driver.findElement(By.id("results-cost")));
                String view = wait.until(d -> {
                    String t = d.findElement(By.id("results-cost")).getText();
                    return t.contains("1,280") ? t : null;
                });
                assertThat(view).contains("Tokens and cost", "Input tokens", "Cached input tokens", "Output tokens", "Price basis",
                        String.format(Locale.ROOT, "%,d", in), "1,280", String.format(Locale.ROOT, "%,d", out),
                        String.format(Locale.ROOT, "$%.6f", gpt.path("cost").asDouble()),
                        "list price: $2.50 in, $1.25 cached, $2.50 cache write, $10.00 out per M");
                Thread.sleep(500);
                assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "cost-view.png"))).isGreaterThan(20_000);
            } catch (RuntimeException | AssertionError e) {
                WorkbenchBrowserIT.screenshot(driver, "failure-cost-view.png");
                throw e;
            } finally {
                driver.quit();
            }
        }
    }
}
