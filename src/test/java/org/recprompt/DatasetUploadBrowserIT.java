package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.recprompt.backend.FakeProviderServer;

/**
 * A person working from another machine brings a dataset in by uploading a zip (larger than a
 * megabyte, so the upload is streamed rather than refused by a servlet default), after browsing the
 * server's folders from {@code ~} in the path field; the dataset tab labels its per-user numbers; a
 * backend's Test connection result appears beside the button, without scrolling. Screenshots:
 * import-path-completion.png, import-upload-received.png, dataset-stats-labelled.png,
 * backend-test-result.png.
 */
class DatasetUploadBrowserIT extends BrowserTestBase {

    /** A MovieLens-like zip of about 1.5 MB (stored without compression): 500 users, 200 movies. */
    static Path movieLensZip(Path zip) throws Exception {
        Files.createDirectories(zip.getParent());
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.setLevel(Deflater.NO_COMPRESSION);
            out.putNextEntry(new ZipEntry("tiny-lens/movies.csv"));
            StringBuilder movies = new StringBuilder("movieId,title,genres\n");
            for (int m = 1; m <= 200; m++) {
                movies.append(m).append(",Movie number ").append(m).append(" (19").append(50 + m % 50).append("),")
                        .append(m % 3 == 0 ? "Drama" : m % 3 == 1 ? "Comedy|Romance" : "Action").append('\n');
            }
            out.write(movies.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("tiny-lens/ratings.csv"));
            StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
            for (int u = 1; u <= 500; u++) {
                int n = 20 + (u * 37) % 180;
                for (int k = 0; k < n; k++) {
                    int m = 1 + (u * 13 + k * 7) % 200;
                    ratings.append(u).append(',').append(m).append(',').append(1 + (u + k) % 5).append(".0,")
                            .append(964_982_703L + u * 1000L + k).append('\n');
                }
            }
            out.write(ratings.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return zip;
    }

    @Test
    void a_person_uploads_a_zip_browses_server_folders_and_tests_a_backend_beside_its_button() throws Exception {
        assumeBrowser();
        Path data = Files.createDirectories(workbench.home.resolve("data"));
        Files.createDirectories(data.resolve("ml-server-copy"));
        Files.createDirectories(data.resolve("goodbooks-10k"));
        Files.writeString(data.resolve("README.txt"), "datasets on this server\n");
        Path zip = movieLensZip(workbench.home.resolve("uploads/tiny-lens.zip"));
        assertThat(Files.size(zip)).isGreaterThan(1_100_000);
        int deadPort = FakeProviderServer.deadPort();

        ChromeDriver driver = WorkbenchBrowserIT.browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(workbench.url());
            WorkbenchBrowserIT.newProjectThen(driver, wait, "Upload study", "Datasets", "Import dataset");

            WebElement path = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#import-path input")));
            path.sendKeys("~/da");
            By items = By.xpath("//vaadin-list-box[@id='import-path-suggestions']/vaadin-item");
            // The field sends what is typed after a pause, so on a busy machine the list can first show the
            // completions of "~/" or "~/d" and be redrawn once "~/da" arrives; clicking a row of the older
            // list finds a removed element. Click once the list completes the whole typed text.
            wait.ignoring(StaleElementReferenceException.class).until(d -> {
                List<String> shown = d.findElements(items).stream().map(e -> e.getText().strip()).toList();
                return !shown.isEmpty() && shown.stream().allMatch(s -> s.startsWith("~/da")) ? shown : null;
            });
            By dataItem = By.xpath("//vaadin-list-box[@id='import-path-suggestions']/vaadin-item[normalize-space(.)='~/data/']");
            wait.ignoring(StaleElementReferenceException.class).until(d -> {
                d.findElement(dataItem).click();
                return true;
            });
            wait.until(d -> "~/data/".equals(d.findElement(By.cssSelector("#import-path input")).getDomProperty("value")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//vaadin-list-box[@id='import-path-suggestions']/vaadin-item[normalize-space(.)='~/data/ml-server-copy/']")));
            String listed = driver.findElement(By.id("import-path-suggestions")).getText();
            assertThat(listed).contains("~/data/goodbooks-10k/", "~/data/ml-server-copy/", "~/data/README.txt");
            assertThat(listed.indexOf("README.txt")).as("folders first").isGreaterThan(listed.indexOf("ml-server-copy"));
            Thread.sleep(500);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "import-path-completion.png"))).isGreaterThan(20_000);

            path = driver.findElement(By.cssSelector("#import-path input"));
            path.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, Keys.TAB);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("import-path-suggestions")));
            ImportSplitBrowserIT.upload(driver, wait, "import-upload", zip);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-upload-status"),
                    "These files are imported."));
            assertThat(driver.findElement(By.id("import-upload-status")).getText())
                    .matches("Uploaded: tiny-lens\\.zip \\([\\d,]+ bytes, unpacked: tiny-lens/\\)\\. These files are imported\\.");
            wait.until(d -> "tiny-lens".equals(d.findElement(By.cssSelector("#import-name input")).getDomProperty("value")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-detected"),
                    "Read as movielens-csv from tiny-lens."));
            assertThat(driver.findElement(By.cssSelector(".rp-licence")).getText())
                    .contains("No licence information ships with this data.", "When you tick the box, the dataset records:",
                            "I confirm that I may use this data for this research")
                    .doesNotStartWith("The researcher confirmed");
            Thread.sleep(500);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "import-upload-received.png"))).isGreaterThan(20_000);
            WebElement acknowledge = WorkbenchBrowserIT.reveal(driver, driver.findElement(By.id("licence-acknowledged")));
            wait.until(ExpectedConditions.elementToBeClickable(acknowledge)).click();
            driver.findElement(By.id("import-confirm")).click();

            WebDriverWait slow = new WebDriverWait(driver, Duration.ofSeconds(120));
            slow.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".rp-cards")));
            String cards = driver.findElement(By.cssSelector(".rp-cards")).getText();
            assertThat(cards).contains("500", "200", "interactions per user", "interactions per item")
                    .containsPattern("20\\s+min\\s+[\\d.]+\\s+median\\s+[\\d.]+\\s+mean\\s+199\\s+max\\s+interactions per user");
            wait.until(d -> { // the staging folder is gone once imported
                try (var staged = Files.list(workbench.workspace.resolve("tmp"))) {
                    return staged.noneMatch(p -> p.getFileName().toString().startsWith("upload-"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(800);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "dataset-stats-labelled.png"))).isGreaterThan(40_000);

            By backends = By.xpath("(//vaadin-grid-cell-content[.//span[text()='Backends']])[last()]");
            new Actions(driver).contextClick(driver.findElement(backends)).perform();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//vaadin-context-menu-item[contains(., 'New backend')]"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("new-backend-type"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//vaadin-select-item[contains(., 'OpenAI-compatible server')]"))).click();
            driver.findElement(By.cssSelector("#new-backend-name input")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "local-vllm");
            driver.findElement(By.id("new-backend-create")).click();
            By baseUrl = By.xpath("//vaadin-text-area[.//label[text()='Base URL']]//textarea");
            wait.until(ExpectedConditions.visibilityOfElementLocated(baseUrl))
                    .sendKeys(Keys.chord(Keys.CONTROL, "a"), "http://127.0.0.1:" + deadPort + "/v1", Keys.TAB);
            WebElement model = driver.findElement(By.xpath("//vaadin-combo-box[.//label[text()='Model']]//input"));
            model.click();
            model.sendKeys("served-model", Keys.ENTER);
            wait.until(d -> "served-model".equals(model.getDomProperty("value")));
            model.sendKeys(Keys.TAB);
            Thread.sleep(500);
            WebElement test = wait.until(ExpectedConditions.elementToBeClickable(By.id("backend-test-connection")));
            test.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#backend-test-result .rp-error")));
            String result = driver.findElement(By.id("backend-test-result")).getText();
            assertThat(result.split("connection refused", -1)).as("the refusal once: %s", result).hasSize(2);
            Object bottom = driver.executeScript("const r = document.getElementById('backend-test-result').getBoundingClientRect();"
                    + "return r.bottom <= window.innerHeight && r.top >= 0;");
            assertThat(bottom).as("the result is in view without scrolling").isEqualTo(Boolean.TRUE);
            Thread.sleep(500);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "backend-test-result.png"))).isGreaterThan(40_000);
        } catch (RuntimeException | AssertionError e) {
            WorkbenchBrowserIT.screenshot(driver, "failure-dataset-upload.png");
            throw e;
        } finally {
            driver.quit();
        }
    }
}
