package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 21's editors in a browser: the experiment YAML in the code editor (highlighting, line
 * numbers, a key and a value completed from the schema, a syntax error marked on its own line with
 * the parser's whole reason), the template editor asking before it saves lint errors (and its
 * version box whole), and the few-shot editor naming each item with its title. Screenshots:
 * experiment-completion-key.png, experiment-completion-value.png, experiment-problem.png,
 * template-save-errors.png, fewshot-titles.png.
 */
class EditorsBrowserIT extends BrowserTestBase {

    @Test
    void a_person_edits_an_experiment_a_template_and_a_few_shot_set() throws Exception {
        assumeBrowser();
        Path data = Files.createDirectories(workbench.home.resolve("tiny-movies"));
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int m = 1; m <= 30; m++) {
            movies.append(m).append(",Movie ").append(m).append(" (2000),").append(m % 2 == 0 ? "Drama" : "Comedy").append('\n');
        }
        for (int u = 1; u <= 10; u++) {
            for (int k = 0; k < 6; k++) {
                ratings.append(u).append(',').append(1 + (u * 7 + k * 3) % 30).append(",4.0,").append(1000 + k).append('\n');
            }
        }
        Files.writeString(data.resolve("movies.csv"), movies);
        Files.writeString(data.resolve("ratings.csv"), ratings);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(WorkbenchBrowserIT.CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1440,1000", "--user-data-dir=" + Files.createTempDirectory("recprompt-chromium"));
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(WorkbenchBrowserIT.CHROMEDRIVER).build(), options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(workbench.url());
            importDataset(driver, wait, data);

            // The experiment: New experiment... opens its YAML in the code editor.
            folderAction(driver, wait, "Experiments", "New experiment");
            WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#new-experiment-name input")));
            name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "editing", Keys.TAB);
            Thread.sleep(800);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("new-experiment-create"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-status"), "Valid."));
            WebElement yaml = driver.findElement(By.id("experiment-yaml"));
            assertThat(yaml.getTagName()).isEqualTo("prompt-editor");
            SearchContext shadow = yaml.getShadowRoot();
            assertThat(shadow.findElements(By.cssSelector(".cm-lineNumbers .cm-gutterElement"))).as("line numbers").isNotEmpty();
            assertThat(shadow.findElements(By.cssSelector(".cm-line span[class]"))).as("highlighted tokens").isNotEmpty();
            WebElement content = shadow.findElement(By.cssSelector(".cm-content"));
            content.click();
            content.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
            content.sendKeys(Keys.ENTER, "proto");
            wait.until(d -> completions(yaml).contains("protocol"));
            Thread.sleep(300);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "experiment-completion-key.png"))).isGreaterThan(30_000);
            content.sendKeys(Keys.ESCAPE);
            content.sendKeys("col: ");
            wait.until(d -> completions(yaml).contains("elliot"));
            assertThat(completions(yaml)).contains("recprompt", "recbole");
            Thread.sleep(300);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "experiment-completion-value.png"))).isGreaterThan(30_000);
            content.sendKeys(Keys.ESCAPE);
            content.sendKeys("recprompt");
            // A syntax error on the last line: marked on that line, with the parser's reason in full.
            content.sendKeys(Keys.ENTER, "extra: a: b");
            int lines = ((Number) driver.executeScript("return arguments[0].editorView.state.doc.lines;", yaml)).intValue();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-status"),
                    "editing.yaml, line " + lines + ": not valid YAML: mapping values are not allowed here (column 9)"));
            wait.until(d -> !shadow.findElements(By.cssSelector(".cm-lint-marker-error")).isEmpty());
            // the line number beside the marker (both gutters align their elements with the text's lines)
            String markedLine = (String) driver.executeScript("const root = arguments[0].shadowRoot;"
                    + "const top = root.querySelector('.cm-lint-marker-error').getBoundingClientRect().top;"
                    + "const n = [...root.querySelectorAll('.cm-lineNumbers .cm-gutterElement')].find(e => {"
                    + " const r = e.getBoundingClientRect(); return r.height > 0 && top >= r.top - 2 && top < r.bottom; });"
                    + "return n ? n.textContent : null;", yaml);
            assertThat(markedLine).as("the marker's line").isEqualTo(String.valueOf(lines));
            new Actions(driver).moveToElement(shadow.findElement(By.cssSelector(".cm-lint-marker-error"))).perform();
            Thread.sleep(800);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "experiment-problem.png"))).isGreaterThan(30_000);

            // The template the experiment uses: Save asks when lint finds an error.
            openInExplorer(driver, wait, "Prompt templates", "candidate-ranking");
            WebElement template = wait.until(d -> d.findElements(By.tagName("prompt-editor")).stream()
                    .filter(e -> "template-text".equals(e.getDomAttribute("id")) && e.isDisplayed()).findFirst().orElse(null));
            WebElement text = template.getShadowRoot().findElement(By.cssSelector(".cm-content"));
            text.click();
            text.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
            text.sendKeys(Keys.ENTER, "Also {{usr.id");
            text.sendKeys(Keys.ESCAPE);
            text.sendKeys("}}");
            Thread.sleep(600);
            text.sendKeys(Keys.chord(Keys.CONTROL, "s"));
            WebElement ask = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("template-save-errors")));
            wait.until(d -> Boolean.TRUE.equals(ask.getDomProperty("opened") == null ? null : Boolean.valueOf(ask.getDomProperty("opened"))));
            assertThat(ask.getDomProperty("header")).isEqualTo("Save with 1 error?");
            assertThat(ask.getDomProperty("message")).contains("unknown variable 'usr.id'");
            By keepEditing = By.xpath("//vaadin-button[contains(., 'Keep editing')]");
            wait.until(ExpectedConditions.visibilityOfElementLocated(keepEditing));
            Thread.sleep(500);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "template-save-errors.png"))).isGreaterThan(30_000);
            driver.findElement(keepEditing).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(keepEditing));
            WebElement versions = driver.findElement(By.id("template-versions"));
            Boolean whole = (Boolean) driver.executeScript("const v = arguments[0].querySelector('vaadin-select-value-button');"
                    + "return v ? v.scrollWidth <= v.clientWidth + 1 : null;", versions);
            assertThat(whole).as("the version box shows its whole label").isTrue();
            Thread.sleep(300);
            WorkbenchBrowserIT.screenshot(driver, "template-versions.png");

            // A few-shot set written by hand: every id with its title, an unknown id said so.
            folderAction(driver, wait, "Few-shot sets", "New few-shot set");
            WebElement fewShot = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#fewshot-yaml textarea")));
            ((JavascriptExecutor) driver).executeScript("const a = arguments[0]; a.value = arguments[1];"
                    + "a.dispatchEvent(new Event('input', {bubbles: true})); a.dispatchEvent(new Event('change', {bubbles: true}));",
                    fewShot, """
                    name: examples-1
                    strategy: manual
                    seed: 0
                    examples:
                      - user: "3"
                        history: ["1", "4", "7"]
                        candidates: ["2", "9", "999"]
                        answer: ["9"]
                    """);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fewshot-items"), "9 Movie 9 (2000)"));
            assertThat(driver.findElement(By.id("fewshot-items")).getText()).contains("1 Movie 1 (2000)", "999 (not in the catalog)");
            assertThat(driver.findElement(By.id("fewshot-items-status")).getText())
                    .isEqualTo("Titles from tiny-movies. 1 id is not in its catalog: 999 (a run with this dataset refuses the set).");
            WorkbenchBrowserIT.reveal(driver, driver.findElement(By.id("fewshot-items")));
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "fewshot-titles.png"))).isGreaterThan(30_000);
        } catch (RuntimeException | AssertionError e) {
            WorkbenchBrowserIT.screenshot(driver, "editors-failure.png");
            throw e;
        } finally {
            driver.quit();
        }
    }

    /** The labels in the code editor's open completion list. */
    static java.util.List<String> completions(WebElement editor) {
        return editor.getShadowRoot().findElements(By.cssSelector(".cm-tooltip-autocomplete li .cm-completionLabel")).stream()
                .map(WebElement::getText).toList();
    }

    static void folderAction(ChromeDriver driver, WebDriverWait wait, String folderLabel, String action) throws InterruptedException {
        By folder = By.xpath("(//vaadin-grid-cell-content[.//span[text()='" + folderLabel + "']])[last()]");
        By item = By.xpath("//vaadin-context-menu-item[contains(., '" + action + "')]");
        // the explorer re-renders as entries appear: open the menu again until it is the folder's
        for (int attempt = 0; attempt < 5; attempt++) {
            wait.until(ExpectedConditions.visibilityOfElementLocated(folder));
            Thread.sleep(1000);
            new Actions(driver).contextClick(driver.findElement(folder)).perform();
            Thread.sleep(700);
            if (!driver.findElements(item).isEmpty()) {
                break;
            }
            new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        }
        wait.until(ExpectedConditions.elementToBeClickable(item));
        Thread.sleep(300);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(item).click();
            return true;
        });
    }

    static void openInExplorer(ChromeDriver driver, WebDriverWait wait, String folderLabel, String entry) throws InterruptedException {
        By entryCell = By.xpath("(//vaadin-grid-cell-content[.//span[text()='" + entry + "']])[last()]");
        if (driver.findElements(entryCell).isEmpty()) {
            By toggle = By.xpath("(//vaadin-grid-cell-content[.//span[text()='" + folderLabel + "']])[last()]"
                    + "//vaadin-grid-tree-toggle");
            wait.until(ExpectedConditions.elementToBeClickable(toggle)).click();
            Thread.sleep(700);
        }
        new Actions(driver).doubleClick(wait.until(ExpectedConditions.visibilityOfElementLocated(entryCell))).perform();
    }

    /** A new project "Editors" with the tiny dataset imported from a server path. */
    static void importDataset(ChromeDriver driver, WebDriverWait wait, Path data) throws InterruptedException {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-new-project"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#project-name input"))).sendKeys("Editors");
        driver.findElement(By.id("project-dialog-confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"), "Created project Editors"));
        folderAction(driver, wait, "Datasets", "Import dataset");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#import-path input"))).sendKeys(data.toString(), Keys.TAB);
        wait.until(d -> "tiny-movies".equals(d.findElement(By.cssSelector("#import-name input")).getDomProperty("value")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".rp-licence-text"), "No licence"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});",
                driver.findElement(By.id("licence-acknowledged")));
        Thread.sleep(2000); // the typed path's last change redraws the licence panel (and clears its box)
        for (int attempt = 0; attempt < 5 && !Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return document.getElementById('licence-acknowledged').checked;")); attempt++) {
            wait.until(ExpectedConditions.elementToBeClickable(By.id("licence-acknowledged"))).click();
            Thread.sleep(1500);
        }
        driver.findElement(By.id("import-confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"), "tiny-movies"));
    }
}
