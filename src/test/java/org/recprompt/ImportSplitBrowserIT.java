package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person imports a small dataset, then a paper's split beside it by uploading its files: a file
 * naming a user the dataset lacks is refused in the dialog (file and line named), the corrected one is
 * kept and listed with the experiment line. Screenshots: import-split-error.png, dataset-split-imported.png.
 */
class ImportSplitBrowserIT extends BrowserTestBase {

    @Test
    void a_person_imports_a_split_beside_a_dataset_and_sees_it_listed() throws Exception {
        assumeBrowser();
        Path data = Files.createDirectories(workbench.home.resolve("tiny-movies"));
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int m = 1; m <= 30; m++) {
            movies.append(m).append(",Movie ").append(m).append(" (2000),").append(m % 2 == 0 ? "Drama" : "Comedy").append('\n');
        }
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int u = 1; u <= 10; u++) {
            for (int k = 0; k < 6; k++) {
                int m = 1 + (u * 7 + k * 3) % 30;
                ratings.append(u).append(',').append(m).append(",4.0,").append(1000 + k).append('\n');
                (k < 5 ? train : test).append(u).append('\t').append(m).append('\t').append("4.0\t").append(1000 + k).append('\n');
            }
        }
        Files.writeString(data.resolve("movies.csv"), movies);
        Files.writeString(data.resolve("ratings.csv"), ratings);
        Path uploads = Files.createDirectories(workbench.home.resolve("uploads"));
        Path trainFile = Files.writeString(uploads.resolve("paper.train.tsv"), train);
        Path badTest = Files.writeString(Files.createDirectories(uploads.resolve("bad")).resolve("paper.test.tsv"),
                test + "99\t1\t4.0\t2000\n");
        Path testFile = Files.writeString(uploads.resolve("paper.test.tsv"), test);

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
            wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-new-project"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#project-name input"))).sendKeys("Paper split");
            driver.findElement(By.id("project-dialog-confirm")).click();
            By datasetsFolder = By.xpath("//vaadin-grid-cell-content[.//span[text()='Datasets']]");
            wait.until(ExpectedConditions.visibilityOfElementLocated(datasetsFolder));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"), "Created project Paper split"));
            By importItem = By.xpath("//vaadin-context-menu-item[contains(., 'Import dataset')]");
            Thread.sleep(1000); // the explorer re-renders as the project appears: open its menu once it has settled
            new Actions(driver).contextClick(driver.findElement(datasetsFolder)).perform();
            wait.until(ExpectedConditions.elementToBeClickable(importItem));
            Thread.sleep(500);
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                d.findElement(importItem).click();
                return true;
            });
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#import-path input"))).sendKeys(data.toString(), org.openqa.selenium.Keys.TAB);
            wait.until(d -> "tiny-movies".equals(d.findElement(By.cssSelector("#import-name input")).getDomProperty("value")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".rp-licence-text"), "No licence"));
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});",
                    driver.findElement(By.id("licence-acknowledged")));
            Thread.sleep(2000); // the typed path's last change redraws the licence panel (and clears its box)
            for (int attempt = 0; attempt < 5 && !Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                    "return document.getElementById('licence-acknowledged').checked;")); attempt++) {
                // the licence panel is redrawn once the typed path settles: tick the box again until it stays ticked
                wait.until(ExpectedConditions.elementToBeClickable(By.id("licence-acknowledged"))).click();
                Thread.sleep(1500);
            }
            driver.findElement(By.id("import-confirm")).click();

            wait.until(ExpectedConditions.elementToBeClickable(By.id("import-split")));
            assertThat(driver.findElement(By.id("dataset-splits")).getText()).contains("No split imported yet");
            driver.findElement(By.id("import-split")).click();
            upload(driver, wait, "import-split-train", trainFile);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-split-train-status"), "Received paper.train.tsv"));
            upload(driver, wait, "import-split-test", badTest);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-split-test-status"), "Received paper.test.tsv"));
            assertThat(driver.findElement(By.cssSelector("#import-split-name input")).getDomProperty("value")).isEqualTo("paper");
            driver.findElement(By.id("import-split-confirm")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-split-error"),
                    "paper.test.tsv line 11: user 99 is not in the dataset"));
            Thread.sleep(500);
            WorkbenchBrowserIT.screenshot(driver, "import-split-error.png");

            WebElement testUpload = driver.findElement(By.id("import-split-test"));
            // the person removes the refused file from the list (its remove button), then chooses the corrected one
            ((JavascriptExecutor) driver).executeScript("const up = arguments[0];"
                    + "const f = up.querySelector('vaadin-upload-file') || up.shadowRoot.querySelector('vaadin-upload-file');"
                    + "(f.shadowRoot.querySelector('[part=remove-button]') || f.querySelector('[part=remove-button]')).click();",
                    testUpload);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-split-test-status"), "No file yet."));
            upload(driver, wait, "import-split-test", testFile);
            wait.until(d -> d.findElement(By.id("import-split-error")).getText().isEmpty());
            driver.findElement(By.id("import-split-confirm")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("split-paper")));
            String listed = driver.findElement(By.id("split-paper")).getText();
            assertThat(listed).contains("train: paper.train.tsv", "50 training, 10 test interactions of 10 users",
                    "split: { method: predefined, train: ../datasets/tiny-movies/splits/paper/train.tsv, "
                            + "test: ../datasets/tiny-movies/splits/paper/test.tsv }");
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});",
                    driver.findElement(By.id("dataset-splits")));
            Thread.sleep(800);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "dataset-split-imported.png"))).isGreaterThan(20_000);
        } catch (RuntimeException | AssertionError e) {
            WorkbenchBrowserIT.screenshot(driver, "failure-import-split.png");
            throw e;
        } finally {
            driver.quit();
        }
    }

    /** Gives a file to a vaadin-upload as a person choosing it would: through its file input. */
    static void upload(ChromeDriver driver, WebDriverWait wait, String id, Path file) {
        WebElement upload = wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
        WebElement input = upload.getShadowRoot().findElement(By.cssSelector("input[type=file]"));
        input.sendKeys(file.toAbsolutePath().toString());
    }
}
