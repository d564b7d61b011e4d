package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.recprompt.experiment.ExperimentFixtures;

/**
 * A group's workbench on PostgreSQL starts a run "On workers" from the experiment tab; two
 * {@code worker} processes of the same jar execute its shards; the run completes in the workbench
 * and its run tab shows the shards (state, calls done, worker) and the workers. Skipped with a message
 * without PostgreSQL (RECPROMPT_TEST_DB_URL) or Chromium. Screenshots: workers-experiment-tab.png,
 * workers-run-tab.png.
 */
class WorkersBrowserIT {

    @Test
    void a_run_started_on_workers_from_the_experiment_tab_shows_its_shards_and_workers_in_the_run_tab() throws Exception {
        BrowserTestBase.assumeBrowser();
        try (PostgresTestDatabase pg = PostgresTestDatabase.create();
                ExperimentFixtures.FakeOpenAi llm = new ExperimentFixtures.FakeOpenAi(600)) {
            Path home = Files.createTempDirectory("recprompt-workers-it");
            Path workspace = home.resolve("workspace");
            int port = WorkbenchBrowserIT.freePort();
            // Hibernate's schema validation does not accept the PostgreSQL migrations' TEXT for @Lob columns yet (part 1 of
            // issue 23 maps them); this screen reads none of them, so the check is off here only.
            Process app = java(home, pg, List.of("--server.port=" + port, "--spring.jpa.hibernate.ddl-auto=none")).redirectErrorStream(true)
                    .redirectOutput(home.resolve("app.log").toFile()).start();
            List<Process> workers = new ArrayList<>();
            ChromeDriver driver = null;
            try {
                waitForPage(app, home.resolve("app.log"), "http://127.0.0.1:" + port + "/");
                Path fixtures = Files.createDirectories(home.resolve("fixtures"));
                Path data = ExperimentFixtures.dataset(fixtures, 60);
                Path template = ExperimentFixtures.template(fixtures, "ranking");
                driver = WorkbenchBrowserIT.browser();
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                driver.get("http://127.0.0.1:" + port + "/");
                Path project = WorkbenchBrowserIT.createProject(driver, wait, workspace, "Workers study");
                Files.createDirectories(project.resolve("experiments"));
                Files.writeString(project.resolve("experiments").resolve("workers-study.yaml"), """
                        name: workers-study
                        dataset: { path: %s }
                        split: { method: leave-last-out }
                        users: { sample: 60, seed: 3 }
                        candidates: { size: 10, negatives: random, seed: 3 }
                        templates: [ %s ]
                        backends:
                          - { id: gpt, type: openai, baseUrl: "%s", model: gpt-4o, concurrency: 2 }
                        k: [1, 5]
                        """.formatted(data.toAbsolutePath(), template.toAbsolutePath(), llm.baseUrl()));
                driver.navigate().refresh();
                org.recprompt.ProgressBrowserIT.toggle(driver, wait, "Workers study");
                org.recprompt.ProgressBrowserIT.toggle(driver, wait, "Experiments");
                By entry = By.xpath("//vaadin-grid-cell-content[.//span[text()='workers-study']]");
                wait.until(ExpectedConditions.visibilityOfElementLocated(entry));
                new Actions(driver).doubleClick(driver.findElement(entry)).perform();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("experiment-on-workers"))).click();
                driver.findElement(By.id("experiment-run")).click();
                WebDriverWait long_ = new WebDriverWait(driver, Duration.ofSeconds(240));
                long_.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "On workers"));
                workers.add(java(home, pg, List.of("worker", "--name", "w1", "--exit-when-idle")).redirectErrorStream(true)
                        .redirectOutput(home.resolve("w1.log").toFile()).start());
                workers.add(java(home, pg, List.of("worker", "--name", "w2", "--exit-when-idle")).redirectErrorStream(true)
                        .redirectOutput(home.resolve("w2.log").toFile()).start());
                long_.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "running"));
                WorkbenchBrowserIT.reveal(driver, driver.findElement(By.id("experiment-variants")));
                WorkbenchBrowserIT.screenshot(driver, "workers-experiment-tab.png");
                long_.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "complete"));

                org.recprompt.ProgressBrowserIT.toggle(driver, wait, "Runs");
                By run = By.xpath("//vaadin-grid-cell-content[.//span[starts-with(text(), 'workers-study-')]]");
                wait.until(ExpectedConditions.visibilityOfElementLocated(run));
                new Actions(driver).doubleClick(driver.findElement(run)).perform();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-shards")));
                String shards = wait.until(d -> {
                    String t = d.findElement(By.id("run-workers")).getText();
                    return t.contains("3 done") ? t : null;
                });
                assertThat(shards).contains("Run on workers: shards: 0 queued, 0 running, 3 done", "Calls done", "20 / 20");
                assertThat(shards).containsAnyOf("w1", "w2");
                WorkbenchBrowserIT.reveal(driver, driver.findElement(By.id("run-workers")));
                Thread.sleep(500);
                assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "workers-run-tab.png"))).isGreaterThan(20_000);
            } catch (RuntimeException | AssertionError e) {
                if (driver != null) {
                    WorkbenchBrowserIT.screenshot(driver, "failure-workers.png");
                }
                throw new AssertionError(e.getMessage() + "\napp: " + tail(home.resolve("app.log")) + "\nw1: " + tail(home.resolve("w1.log"))
                        + "\nw2: " + tail(home.resolve("w2.log")), e);
            } finally {
                if (driver != null) {
                    driver.quit();
                }
                workers.forEach(Process::destroyForcibly);
                app.destroy();
                if (!app.waitFor(20, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
        }
    }

    private static ProcessBuilder java(Path home, PostgresTestDatabase pg, List<String> args) {
        String jar = System.getProperty("recprompt.jar", "target/recprompt.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", jar));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("RECPROMPT_WORKSPACE", home.resolve("workspace").toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("SERVER_PORT");
        pb.environment().put("XDG_CACHE_HOME", WorkbenchBrowserIT.START_CACHE.toString());
        pb.environment().putAll(pg.environment());
        return pb;
    }

    private static void waitForPage(Process app, Path log, String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("the workbench exited: %s", Files.readString(log)).isTrue();
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no page at " + url + " after 240 s");
    }

    private static String tail(Path f) throws java.io.IOException {
        if (!Files.exists(f)) {
            return "";
        }
        String s = Files.readString(f);
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }
}
