package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person opens a finished run of five baselines (made by the {@code run} command into the
 * project's Runs folder): the comparison uses the tab's whole width, a click on a value brings
 * its users into view, and Export report... (on the tab and in the run's menu) writes a report
 * into the run folder and links to it. Screenshots: run-grid-full-width.png,
 * run-drill-scrolled.png, run-sparsity.png, run-group-gaps.png, export-report-dialog.png, export-report-opened.png, export-report-menu.png.
 */
class ExportReportBrowserIT extends BrowserTestBase {

    @Test
    void a_person_exports_a_report_of_a_run_and_reads_its_full_width_comparison() throws Exception {
        assumeBrowser();
        Path experiment = tinyExperiment(workbench.home);
        ChromeDriver driver = WorkbenchBrowserIT.browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(workbench.url());
            wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-new-project"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#project-name input"))).sendKeys("Export study");
            driver.findElement(By.id("project-dialog-confirm")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"), "Created project Export study"));

            // The run command writes a finished run into the project's Runs folder (baselines only: no workspace needed).
            Path project;
            try (var dirs = Files.list(workbench.workspace.resolve("projects"))) {
                project = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            Path run = project.resolve("runs").resolve("export-study-1");
            Process cli = workbench.java(List.of("run", experiment.toString(), "--out", run.toString(), "--no-cache"))
                    .redirectErrorStream(true).redirectOutput(workbench.home.resolve("run.log").toFile()).start();
            assertThat(cli.waitFor(240, TimeUnit.SECONDS)).as("the run finishes").isTrue();
            assertThat(cli.exitValue()).as("run: %s", Files.readString(workbench.home.resolve("run.log"))).isZero();

            driver.navigate().refresh(); // a fresh explorer lists the new run
            By runRow = By.xpath("//vaadin-grid-cell-content[.//span[text()='export-study-1']]");
            for (int attempt = 0; attempt < 8 && driver.findElements(runRow).isEmpty(); attempt++) {
                List<WebElement> toggles = driver.findElements(By.xpath(
                        "//vaadin-grid-cell-content[.//span[text()='Export study'] or .//span[text()='Runs']]"
                                + "//vaadin-grid-tree-toggle[not(@expanded)]"));
                if (!toggles.isEmpty()) {
                    toggles.get(0).click();
                }
                Thread.sleep(800);
            }
            new Actions(driver).doubleClick(wait.until(ExpectedConditions.visibilityOfElementLocated(runRow))).perform();
            WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table")));
            Thread.sleep(1500);

            // The comparison takes the tab's width: every variant's column is in view, none behind a scrollbar.
            @SuppressWarnings("unchecked")
            Map<String, Object> widths = (Map<String, Object>) driver.executeScript(
                    "const t = arguments[0]; const area = t.closest('.rp-run-editor');"
                            + "return {grid: t.getBoundingClientRect().width, area: area.getBoundingClientRect().width,"
                            + " scroll: t.$.table.scrollWidth, client: t.$.table.clientWidth};", table);
            double grid = ((Number) widths.get("grid")).doubleValue();
            double area = ((Number) widths.get("area")).doubleValue();
            assertThat(grid).as("grid %s px in a %s px tab", grid, area).isGreaterThan(area - 80);
            // the case: four variants were in a 1277 px panel with the fourth behind a scrollbar
            for (String v : List.of("random", "pop", "itemknn", "ease")) {
                WebElement sorter = driver.findElement(By.xpath("//vaadin-grid[@id='results-table']//vaadin-grid-sorter[normalize-space()='"
                        + v + "']"));
                double right = ((Number) driver.executeScript("return arguments[0].getBoundingClientRect().right;", sorter)).doubleValue();
                double gridRight = ((Number) driver.executeScript("return arguments[0].getBoundingClientRect().right;", table)).doubleValue();
                assertThat(right).as("column %s in view without scrolling", v).isLessThanOrEqualTo(gridRight);
            }
            for (String v : List.of("random", "pop", "itemknn", "ease", "random-2")) {
                assertThat(driver.findElements(By.xpath("//vaadin-grid[@id='results-table']//vaadin-grid-sorter[normalize-space()='" + v + "']")))
                        .as("column %s", v).isNotEmpty();
            }
            assertThat(WorkbenchBrowserIT.screenshot(driver, "run-grid-full-width.png")).isNotEmptyFile();

            // A click on a value lists its users and scrolls them into view.
            List<WebElement> values = driver.findElements(By.xpath("//vaadin-grid[@id='results-table']//vaadin-grid-cell-content[contains(., '[')]"))
                    .stream().filter(WebElement::isDisplayed).toList();
            WebElement value = values.get(values.size() / 2);
            WorkbenchBrowserIT.reveal(driver, table);
            value.click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-drill"), "users, lowest first"));
            Thread.sleep(1200);
            @SuppressWarnings("unchecked")
            Map<String, Object> drill = (Map<String, Object>) driver.executeScript(
                    "const r = document.getElementById('results-users').getBoundingClientRect();"
                            + "return {top: r.top, bottom: r.bottom, height: window.innerHeight};");
            assertThat(((Number) drill.get("top")).doubleValue()).as("the users' list is in view: %s", drill).isBetween(0.0,
                    ((Number) drill.get("height")).doubleValue() - 100);
            WorkbenchBrowserIT.screenshot(driver, "run-drill-scrolled.png");

            // One Sparsity heading; its first activity bucket is the cold users, named as the dataset tab names them.
            new WebDriverWait(driver, Duration.ofSeconds(90)).until(ExpectedConditions.visibilityOfElementLocated(By.id("sparsity-table")));
            assertThat(driver.findElements(By.xpath("//*[self::h3 or self::h4][starts-with(normalize-space(), 'Sparsity')]")))
                    .as("one Sparsity heading").hasSize(1);
            assertThat((String) driver.executeScript("return arguments[0].textContent;", driver.findElement(By.id("sparsity-table"))))
                    .contains("cold: 0-5");
            WorkbenchBrowserIT.reveal(driver, driver.findElement(By.id("results-sparsity")));
            driver.executeScript("arguments[0].scrollIntoView({block: 'start'})",
                    driver.findElement(By.xpath("//h3[starts-with(normalize-space(), 'Sparsity')]")));
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "run-sparsity.png");
            WebElement gaps = driver.findElement(By.id("study-group-gaps"));
            assertThat((String) driver.executeScript("return arguments[0].textContent;", gaps)).as("the median split is not 'cold'")
                    .contains("light (<= ").doesNotContain("cold");
            WorkbenchBrowserIT.reveal(driver, gaps);
            WorkbenchBrowserIT.screenshot(driver, "run-group-gaps.png");

            // Export report... on the run tab: HTML, in the background, then a link that opens it in a new tab.
            WebElement export = driver.findElement(By.id("run-export-report"));
            WorkbenchBrowserIT.reveal(driver, export).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("export-start"))).click();
            WebElement link = new WebDriverWait(driver, Duration.ofSeconds(120))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("export-link")));
            assertThat(link.getText()).isEqualTo("Open report.html");
            assertThat(link.getDomAttribute("target")).isEqualTo("_blank");
            Path html = run.resolve("reports").resolve("report.html");
            assertThat(Files.readString(html, StandardCharsets.UTF_8)).contains("<svg ", "random-2");
            Thread.sleep(400);
            WorkbenchBrowserIT.screenshot(driver, "export-report-dialog.png");

            String workbenchWindow = driver.getWindowHandle();
            link.click();
            wait.until(d -> d.getWindowHandles().size() == 2);
            for (String w : new ArrayList<>(driver.getWindowHandles())) {
                if (!w.equals(workbenchWindow)) {
                    driver.switchTo().window(w);
                }
            }
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg")));
            assertThat(driver.getPageSource()).contains("Sparsity", "random-2");
            WorkbenchBrowserIT.screenshot(driver, "export-report-opened.png");
            driver.close();
            driver.switchTo().window(workbenchWindow);
            driver.findElement(By.id("export-close")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("export-start")));

            // The run's context menu in the explorer offers the same dialog: CSV, downloaded.
            new Actions(driver).contextClick(driver.findElement(runRow)).perform();
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//vaadin-context-menu-item[contains(., 'Export report')]"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//vaadin-radio-button[contains(., 'CSV')]"))).click();
            driver.findElement(By.id("export-start")).click();
            WebElement csvLink = new WebDriverWait(driver, Duration.ofSeconds(120))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("export-link")));
            assertThat(csvLink.getText()).isEqualTo("Download report.csv");
            assertThat(csvLink.getDomAttribute("download")).isNotNull();
            assertThat(Files.readAllLines(run.resolve("reports").resolve("report.csv"))).isNotEmpty();
            Thread.sleep(400);
            WorkbenchBrowserIT.screenshot(driver, "export-report-menu.png");
        } catch (RuntimeException | AssertionError e) {
            try {
                driver.switchTo().window(driver.getWindowHandles().iterator().next());
                WorkbenchBrowserIT.screenshot(driver, "failure-export-report.png");
            } catch (RuntimeException shot) {
                e.addSuppressed(shot);
            }
            throw e;
        } finally {
            driver.quit();
        }
    }

    /** A small MovieLens-style dataset (40 users of 3 to 40 ratings) and an experiment of five offline baselines on it. */
    static Path tinyExperiment(Path home) throws Exception {
        Path data = Files.createDirectories(home.resolve("tiny-movies"));
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        for (int m = 1; m <= 60; m++) {
            movies.append(m).append(",Movie ").append(m).append(" (2000),").append(m % 3 == 0 ? "Comedy|Drama" : "Drama").append('\n');
        }
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        Random random = new Random(3);
        int[] sizes = {3, 8, 12, 25, 40};
        for (int u = 1; u <= 40; u++) {
            List<Integer> items = new ArrayList<>();
            for (int m = 1; m <= 60; m++) {
                items.add(m);
            }
            java.util.Collections.shuffle(items, random);
            for (int k = 0; k < sizes[u % sizes.length]; k++) {
                ratings.append(u).append(',').append(items.get(k)).append(",4.0,").append(1000 + k).append('\n');
            }
        }
        Files.writeString(data.resolve("movies.csv"), movies);
        Files.writeString(data.resolve("ratings.csv"), ratings);
        Path template = Path.of("prompt-templates", "candidate-ranking.mustache").toAbsolutePath();
        Path experiment = home.resolve("export-study.yaml");
        Files.writeString(experiment, "name: export-study\n"
                + "dataset: { path: \"" + data + "\" }\n"
                + "split: { method: leave-last-out }\n"
                + "users: { sample: all, seed: 7 }\n"
                + "candidates: { size: 10, negatives: random, seed: 7 }\n"
                + "templates: [ \"" + template + "\" ]\n"
                + "backends:\n"
                + "  - { id: random, type: random, seed: 7 }\n"
                + "  - { id: pop, type: most-popular }\n"
                + "  - { id: itemknn, type: item-knn }\n"
                + "  - { id: ease, type: ease }\n"
                + "  - { id: random-2, type: random, seed: 11 }\n"
                + "k: [1, 5, 10]\n");
        return experiment;
    }
}
