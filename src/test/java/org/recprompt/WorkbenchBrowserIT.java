package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end, as a person would: the packaged jar started on a random port with a fresh
 * workspace, driven by Debian's Chromium. Runs in Maven's integration-test phase, after the jar
 * is built; the browser test is skipped with a message where Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchBrowserIT {

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    /** One start cache (StartCache) for the browser tests of a build: the first prepares it, the later ones start from it. */
    static final Path START_CACHE = Path.of("target", "start-cache").toAbsolutePath();

    Path home;
    Path workspace;
    int port;
    Process app;
    Path appLog;
    /** Extra environment of the started workbench (a subclass's database variables, for example). */
    final java.util.Map<String, String> environment = new java.util.HashMap<>();

    @BeforeAll
    void startWorkbench() throws Exception {
        home = Files.createTempDirectory("recprompt-it-home");
        workspace = home.resolve("workspace");
        port = freePort();
        appLog = home.resolve("app.log");
        app = java(List.of("--server.port=" + port)).redirectErrorStream(true).redirectOutput(appLog.toFile()).start();
        waitForPage(Duration.ofSeconds(120));
    }

    @AfterAll
    void stopWorkbench() throws Exception {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    ProcessBuilder java(List<String> args) {
        String jar = System.getProperty("recprompt.jar", "target/recprompt.jar");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", jar));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("RECPROMPT_WORKSPACE", workspace.toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("SERVER_PORT");
        pb.environment().put("XDG_CACHE_HOME", START_CACHE.toString());
        pb.environment().putAll(environment);
        return pb;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    void waitForPage(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("the workbench exited: %s", Files.readString(appLog)).isTrue();
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url()).toURL().openConnection();
                c.setConnectTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no page at " + url() + " after " + timeout);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    @Test
    void a_person_creates_a_project_imports_ml_latest_small_and_sees_its_statistics() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "Browser test skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1440,900", "--user-data-dir=" + Files.createTempDirectory("recprompt-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(url());
            collapseExplorer(driver);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-new-project"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#project-name input")))
                    .sendKeys("MovieLens ranking study");
            driver.findElement(By.id("project-dialog-confirm")).click();

            By explorerRow = By.xpath("//vaadin-grid-cell-content[contains(., 'MovieLens ranking study')]");
            wait.until(ExpectedConditions.visibilityOfElementLocated(explorerRow));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"),
                    "Created project MovieLens ranking study"));
            assertThat(driver.findElements(By.xpath("//vaadin-tab[contains(., 'MovieLens ranking study')]"))).isNotEmpty();
            assertThat(driver.findElements(By.xpath("//vaadin-grid-cell-content[contains(., 'Prompt templates')]")))
                    .isNotEmpty();
            Thread.sleep(500); // let the notification and tab animations settle for the picture
            assertThat(Files.size(screenshot(driver, "workbench-project-created.png"))).isGreaterThan(20_000);

            Path data = Path.of("../shared/datasets/ml-latest-small").toAbsolutePath().normalize();
            assumeTrue(Files.isDirectory(data), "Dataset import through the UI skipped: " + data + " is absent");
            new Actions(driver).contextClick(driver.findElement(
                    By.xpath("//vaadin-grid-cell-content[.//span[text()='Datasets']]"))).perform();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//vaadin-context-menu-item[contains(., 'Import dataset')]"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#import-path input")))
                    .sendKeys(data.toString());
            wait.until(d -> "ml-latest-small".equals(d.findElement(By.cssSelector("#import-name input")).getDomProperty("value")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".rp-licence-text"), "GroupLens"));
            // The dialog (format, domain, item file, licence) scrolls on a 900-pixel window: bring the box into view.
            WebElement acknowledge = driver.findElement(By.id("licence-acknowledged"));
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", acknowledge);
            wait.until(ExpectedConditions.elementToBeClickable(acknowledge)).click();
            driver.findElement(By.id("import-confirm")).click();

            WebDriverWait slow = new WebDriverWait(driver, Duration.ofSeconds(90));
            slow.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".rp-cards")));
            String cards = driver.findElement(By.cssSelector(".rp-cards")).getText();
            assertThat(cards).contains("610", "9,742", "100,836", "0.016968", "0.983032");
            // the charts of this tab: tabs the kept layout reopened hold charts of their own, hidden
            slow.until(d -> d.findElements(By.cssSelector("img.rp-chart")).stream().filter(WebElement::isDisplayed).count() == 4);
            assertThat(driver.findElements(By.xpath("//vaadin-grid-cell-content[contains(., '610 users, 9,742 items')]")))
                    .isNotEmpty();
            Thread.sleep(800);
            assertThat(Files.size(screenshot(driver, "dataset-ml-latest-small.png"))).isGreaterThan(50_000);

            // The template library: import it all, open the candidate-ranking template, see the preview.
            new Actions(driver).contextClick(driver.findElement(
                    By.xpath("//vaadin-grid-cell-content[.//span[text()='Prompt templates']]"))).perform();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//vaadin-context-menu-item[contains(., 'Import templates from the library')]"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//vaadin-dialog-overlay//vaadin-grid-cell-content[contains(., 'candidate-ranking')] | //vaadin-grid-cell-content[contains(., 'Candidate set in the prompt')]")));
            driver.findElement(By.cssSelector("vaadin-dialog-overlay vaadin-grid vaadin-checkbox[aria-label='Select All'], "
                    + "vaadin-grid-select-all-checkbox, vaadin-checkbox.vaadin-grid-select-all-checkbox")).click();
            driver.findElement(By.xpath("//vaadin-button[text()='Import']")).click();
            By ranking = By.xpath("//vaadin-grid-cell-content[.//span[text()='candidate-ranking']]");
            wait.until(ExpectedConditions.visibilityOfElementLocated(ranking));
            By rankingTab = By.xpath("//vaadin-tab[.//span[text()='candidate-ranking']]");
            for (int attempt = 0; attempt < 5 && driver.findElements(rankingTab).isEmpty(); attempt++) {
                // the explorer re-renders as the imported templates arrive: double-click once it has settled
                Thread.sleep(1000);
                new Actions(driver).doubleClick(driver.findElement(ranking)).perform();
            }
            wait.until(ExpectedConditions.visibilityOfElementLocated(rankingTab));
            By rankingPreview = By.xpath("//pre[contains(@class, 'rp-preview-text')][contains(., 'Rank all 20 candidates')]");
            slow.until(ExpectedConditions.visibilityOfElementLocated(rankingPreview));
            String preview = driver.findElement(rankingPreview).getText();
            assertThat(preview).contains("=== system ===", "=== user ===").doesNotContain("&amp;");
            Thread.sleep(500);
            assertThat(Files.size(screenshot(driver, "template-candidate-ranking.png"))).isGreaterThan(50_000);

            // Change the wording in the CodeMirror editor, save with Ctrl+S: a new version, written for the CLI.
            WebElement editor = driver.findElements(By.tagName("prompt-editor")).stream().filter(WebElement::isDisplayed)
                    .findFirst().orElseThrow();
            WebElement content = editor.getShadowRoot().findElement(By.cssSelector(".cm-content"));
            content.click();
            content.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
            content.sendKeys(Keys.ENTER, "Most recent first, please: {{last.ti");
            // the editor offers the variable; the rest is typed rather than accepted with Enter, which on a
            // loaded machine can land after a server round trip has closed the list and insert a line break
            wait.until(d -> editor.getShadowRoot().findElements(By.cssSelector(".cm-tooltip-autocomplete li")).stream()
                    .anyMatch(li -> li.getText().contains("last.title")));
            content.sendKeys(Keys.ESCAPE);
            content.sendKeys("tle}}");
            wait.until(d -> content.getText().contains("Most recent first, please: {{last.title}}"));
            Thread.sleep(400);
            content.sendKeys(Keys.chord(Keys.CONTROL, "s"));
            slow.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"),
                    "Saved template candidate-ranking as version"));
            // the console speaks once the file is written; poll anyway, so a slow machine is not a failure
            Path saved = slow.withMessage(() -> "the saved template is not on disk; the editor holds: "
                    + content.getText()).until(d -> savedTemplate(workspace, "Most recent first, please: {{last.title}}"));
            Process render = java(List.of("render", "--dataset", data.toString(), "--template", saved.toString(),
                    "--user", "278")).start();
            String rendered = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(render.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(render.exitValue()).isZero();
            assertThat(rendered).contains("Planes, Trains & Automobiles (1987)", "Schindler's List (1993)",
                    "Most recent first, please: Schindler's List (1993)").doesNotContain("&amp;");
            assertThat(Files.size(screenshot(driver, "template-saved.png"))).isGreaterThan(50_000);
        } catch (RuntimeException | AssertionError e) {
            screenshot(driver, "failure.png");
            throw e;
        } finally {
            driver.quit();
        }
    }

    @Test
    void a_person_configures_an_openai_compatible_backend_lists_its_models_and_tests_it() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "Browser test skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        String secret = "sk-browser-test-" + System.nanoTime();
        com.sun.net.httpserver.HttpServer fake = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger authorised = new java.util.concurrent.atomic.AtomicInteger();
        fake.createContext("/v1/", exchange -> {
            if (("Bearer " + secret).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                authorised.incrementAndGet();
            }
            exchange.getRequestBody().readAllBytes();
            String body = exchange.getRequestURI().getPath().endsWith("/models")
                    ? "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model-a\",\"object\":\"model\"},{\"id\":\"fake-model-b\",\"object\":\"model\"}]}"
                    : "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"fake-model-a\",\"choices\":[{\"index\":0,"
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"<b>1. Heat (1995)</b>\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}";
            json(exchange, body);
        });
        fake.start();
        ChromeDriver driver = browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(url());
            collapseExplorer(driver);
            newProjectThen(driver, wait, "Backend study", "Backends", "New backend");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("new-backend-type"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//vaadin-select-item[contains(., 'OpenAI-compatible server')]"))).click();
            WebElement name = driver.findElement(By.cssSelector("#new-backend-name input"));
            name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "local-vllm");
            driver.findElement(By.id("new-backend-create")).click();

            By baseUrl = By.xpath("//vaadin-text-area[.//label[text()='Base URL']]//textarea");
            WebElement url = wait.until(ExpectedConditions.visibilityOfElementLocated(baseUrl));
            url.sendKeys(Keys.chord(Keys.CONTROL, "a"), "http://127.0.0.1:" + fake.getAddress().getPort() + "/v1", Keys.TAB);
            WebElement keyInput = driver.findElement(By.cssSelector("#backend-key input"));
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", keyInput);
            Thread.sleep(300);
            keyInput.click();
            keyInput.sendKeys(secret, Keys.TAB);
            reveal(driver, driver.findElement(By.xpath("//vaadin-button[contains(., 'List models')]"))).click();
            WebElement model = reveal(driver, driver.findElement(By.xpath("//vaadin-combo-box[.//label[text()='Model']]//input")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[contains(text(), '2 models listed')]")));
            model.click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//vaadin-combo-box-item[contains(., 'fake-model-b')]")));
            driver.findElement(By.xpath("//vaadin-combo-box-item[contains(., 'fake-model-a')]")).click();
            wait.until(d -> "fake-model-a".equals(model.getDomProperty("value")));
            Thread.sleep(300);
            new Actions(driver).keyDown(Keys.CONTROL).sendKeys("s").keyUp(Keys.CONTROL).perform();
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//vaadin-notification-card[contains(., 'Saved backend local-vllm')]")));
            WebElement test = wait.until(ExpectedConditions.elementToBeClickable(By.id("backend-test-connection")));
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", test);
            Thread.sleep(300);
            test.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#backend-test-result .rp-ok")));
            String result = driver.findElement(By.id("backend-test-result")).getText();
            assertThat(result).contains("<b>1. Heat (1995)</b>");
            assertThat(driver.findElements(By.cssSelector("#backend-test-result b"))).as("model output is text, not HTML").isEmpty();
            assertThat(authorised.get()).as("requests carried the key entered in the UI").isGreaterThanOrEqualTo(2);
            assertThat(driver.getPageSource()).doesNotContain(secret);
            Thread.sleep(500);
            assertThat(Files.size(screenshot(driver, "backend-editor.png"))).isGreaterThan(40_000);
        } catch (RuntimeException | AssertionError e) {
            screenshot(driver, "failure-backend.png");
            throw e;
        } finally {
            driver.quit();
            fake.stop(0);
        }
    }

    @Test
    void a_person_writes_an_experiment_runs_it_watches_progress_and_opens_the_results() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "Browser test skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        assumeTrue(Files.isDirectory(Path.of("../shared/datasets/ml-latest-small")),
                "Experiment run through the UI skipped: ../shared/datasets/ml-latest-small is absent");
        // An OpenAI-compatible model that answers a list with one real title, one invented, and markup that must stay text.
        com.sun.net.httpserver.HttpServer fake = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/v1/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String answer = "Here you go:\\n1. Toy Story (1995)\\n2. Galactic Pancake Heist (2011)\\n3. <img src=x onerror=alert(1)>";
            String body = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":20,\"total_tokens\":320}}";
            json(exchange, body);
        });
        fake.start();
        ChromeDriver driver = browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(url());
            collapseExplorer(driver);
            newProjectThen(driver, wait, "Experiment study", "Experiments", "New experiment");
            WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#new-experiment-name input")));
            name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "baselines");
            driver.findElement(By.id("new-experiment-create")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-status"), "Valid."));
            WebElement yaml = driver.findElement(By.id("experiment-yaml"));
            assertThat(yaml.getDomProperty("value")).contains("name: baselines", "type: most-popular", "candidate-ranking.mustache");
            String edited = yaml.getDomProperty("value").replace("sample: 200", "sample: 40").replace("k: [1, 5, 10]",
                    "  - { id: llm, type: openai-compatible, baseUrl: \"http://127.0.0.1:" + fake.getAddress().getPort()
                            + "/v1\", model: m, concurrency: 4 }\nk: [1, 5, 10]");
            driver.executeScript("const a = arguments[0]; a.value = arguments[1];"
                    + "a.dispatchEvent(new CustomEvent('value-changed', {detail: {value: arguments[1]}}));", yaml, edited);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-status"), "Valid."));
            Thread.sleep(300);
            assertThat(Files.size(screenshot(driver, "experiment-editor.png"))).isGreaterThan(30_000);

            reveal(driver, driver.findElement(By.id("experiment-run"))).click();
            WebDriverWait slow = new WebDriverWait(driver, Duration.ofSeconds(120));
            slow.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#experiment-estimate")));
            slow.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "calls"));
            Thread.sleep(200);
            screenshot(driver, "experiment-running.png");
            slow.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "complete"));
            assertThat(driver.findElement(By.id("experiment-variants")).getText()).contains("random", "pop", "itemknn");
            Thread.sleep(300);
            assertThat(Files.size(screenshot(driver, "experiment-finished.png"))).isGreaterThan(30_000);

            By run = By.xpath("//vaadin-grid-cell-content[.//span[starts-with(text(), 'baselines-')]]");
            By runs = By.xpath("(//vaadin-grid-cell-content[.//span[text()='Runs']])[last()]//vaadin-grid-tree-toggle");
            for (int attempt = 0; attempt < 5 && driver.findElements(run).isEmpty(); attempt++) {
                driver.findElement(runs).click();
                Thread.sleep(700);
            }
            wait.until(ExpectedConditions.visibilityOfElementLocated(run));
            Thread.sleep(500);
            new Actions(driver).doubleClick(driver.findElement(run)).perform();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table")));
            String table = driver.findElement(By.id("results-table")).getText();
            assertThat(table).contains("NDCG@10", "Hallucination");
            assertThat(driver.findElements(By.xpath("//vaadin-grid[@id='results-table']//vaadin-grid-sorter[contains(., 'llm')]")))
                    .isNotEmpty();
            WebDriverWait charts = new WebDriverWait(driver, Duration.ofSeconds(90));
            charts.until(d -> d.findElements(By.cssSelector("#results-figures img.rp-chart")).size() >= 3);
            assertThat(driver.findElements(By.cssSelector("#results-figures img.rp-chart")))
                    .extracting(i -> i.getDomAttribute("alt"))
                    .contains("Accuracy per variant", "Genres of histories and of recommendations (calibration)",
                            "Position bias");
            assertThat((String) driver.executeScript("return arguments[0].textContent;", driver.findElement(By.id("results-figures"))))
                    .as("the accuracy/ARP figure carries the re-ranking sweep curves").contains("Dotted lines: each variant's answers re-ranked");
            Thread.sleep(500);
            assertThat(Files.size(screenshot(driver, "run-results.png"))).isGreaterThan(30_000);
            reveal(driver, driver.findElements(By.cssSelector("#results-figures img.rp-chart")).get(0));
            screenshot(driver, "run-figures.png");

            // Drill down from a chart: a bar of the accuracy figure, the users behind it.
            WebElement bar = driver.findElements(By.cssSelector("#results-figures .rp-hotspot[data-variant='pop']")).stream()
                    .filter(b -> b.getDomAttribute("title").startsWith("ndcg@10 of pop")).findFirst()
                    .orElseThrow(() -> new AssertionError("no clickable bar for pop's NDCG@10"));
            new Actions(driver).moveToElement(reveal(driver, bar)).click().perform();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-drill"), "ndcg@10 of pop: "));
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//vaadin-grid[@id='results-users']//vaadin-grid-cell-content[normalize-space()!=''][1]")));
            Thread.sleep(300);
            screenshot(driver, "run-chart-drill.png");

            // Drill down: a value of the llm column, the users behind it, one user's page.
            WebElement results = driver.findElement(By.id("results-table"));
            reveal(driver, results);
            driver.executeScript("arguments[0].$.table.scrollLeft = 100000;", results); // the llm column is the last
            Thread.sleep(500);
            List<WebElement> shown = driver.findElements(By.xpath("//vaadin-grid[@id='results-table']//vaadin-grid-cell-content[contains(., '[')]"))
                    .stream().filter(WebElement::isDisplayed).filter(c -> !c.getText().isBlank()).toList();
            int right = shown.stream().mapToInt(c -> c.getLocation().getX()).max().orElseThrow(() -> new AssertionError("no value cell is shown"));
            WebElement cell = shown.stream().filter(c -> c.getLocation().getX() == right).findFirst().orElseThrow();
            reveal(driver, cell).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-drill"), " of llm: "));
            WebElement userCell = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//vaadin-grid[@id='results-users']//vaadin-grid-cell-content[normalize-space()!=''][1]")));
            reveal(driver, userCell).click();
            WebDriverWait page = new WebDriverWait(driver, Duration.ofSeconds(60));
            page.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-slots")));
            String userPage = (String) driver.executeScript("return arguments[0].textContent;", driver.findElement(By.id("user-page")));
            assertThat(userPage).contains("History", "Candidates", "held out", "Rendered prompt", "Grounded slots",
                    "Galactic Pancake Heist", "HALLUCINATED");
            assertThat(driver.findElement(By.id("user-raw-answer")).getDomProperty("textContent"))
                    .contains("<img src=x onerror=alert(1)>");
            assertThat(driver.findElements(By.cssSelector("#user-page img"))).as("model output is text, never markup").isEmpty();
            reveal(driver, driver.findElement(By.id("user-raw-answer")));
            Thread.sleep(500);
            assertThat(Files.size(screenshot(driver, "user-page.png"))).isGreaterThan(30_000);
        } catch (RuntimeException | AssertionError e) {
            screenshot(driver, "failure-experiment.png");
            throw e;
        } finally {
            driver.quit();
            fake.stop(0);
        }
    }

    @Test
    void a_newcomer_opens_the_sample_project_presses_run_and_gets_results() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "Browser test skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        assumeTrue(Files.isDirectory(Path.of("../shared/datasets/ml-latest-small")),
                "Sample project skipped: ../shared/datasets/ml-latest-small is absent, so the workbench creates none");
        ChromeDriver driver = browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(url());
            collapseExplorer(driver);
            By sample = By.xpath("//vaadin-grid-cell-content[.//span[starts-with(text(), 'Sample: candidate ranking')]]");
            wait.until(ExpectedConditions.visibilityOfElementLocated(sample));
            By experiment = By.xpath("//vaadin-grid-cell-content[.//span[text()='ranking-baselines']]");
            for (int attempt = 0; attempt < 6 && driver.findElements(experiment).isEmpty(); attempt++) {
                List<WebElement> toggles = driver.findElements(By.xpath(
                        "//vaadin-grid-cell-content[.//span[starts-with(text(), 'Sample: candidate ranking')] or .//span[text()='Experiments']]"
                                + "//vaadin-grid-tree-toggle[not(@expanded)]"));
                if (!toggles.isEmpty()) {
                    toggles.get(0).click();
                }
                Thread.sleep(700);
            }
            new Actions(driver).doubleClick(wait.until(ExpectedConditions.visibilityOfElementLocated(experiment))).perform();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-status"), "Valid."));
            assertThat(driver.findElement(By.id("experiment-yaml")).getDomProperty("value"))
                    .contains("type: random", "type: most-popular", "type: item-knn", "type: semantic");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-run"))).click();
            WebDriverWait slow = new WebDriverWait(driver, Duration.ofSeconds(180));
            slow.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "calls"));
            screenshot(driver, "sample-running.png");
            slow.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-progress-summary"), "complete"));
            assertThat(driver.findElement(By.id("experiment-variants")).getText()).contains("random", "pop", "itemknn", "semantic");
            Thread.sleep(300);
            assertThat(Files.size(screenshot(driver, "sample-finished.png"))).isGreaterThan(30_000);
        } catch (RuntimeException | AssertionError e) {
            screenshot(driver, "failure-sample.png");
            throw e;
        } finally {
            driver.quit();
        }
    }

    /** Answers an HTTP exchange with a JSON body. */
    static void json(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /**
     * The window's layout is kept per workspace, so each test's browser opens with the tabs and
     * expanded rows the previous test left. Collapses every explorer row, so that a project created
     * next is the only one whose folders show (and the rows sought are within the grid's view).
     */
    static void collapseExplorer(ChromeDriver driver) throws InterruptedException {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(By.id("toolbar-new-project")));
        Thread.sleep(500);
        for (int attempt = 0; attempt < 40; attempt++) {
            List<WebElement> open = driver.findElements(By.cssSelector(".rp-explorer vaadin-grid-tree-toggle[expanded]")).stream()
                    .filter(WebElement::isDisplayed).toList(); // a row the grid keeps for reuse but does not show is skipped
            if (open.isEmpty()) {
                return;
            }
            try {
                open.get(open.size() - 1).click(); // the lowest first: the rows above it stay where they are
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.ElementNotInteractableException moved) {
                // the tree re-rendered: look again
            }
            Thread.sleep(300);
        }
    }

    /** Creates a project from the toolbar, then picks an action from the context menu of one of its folders. */
    static void newProjectThen(ChromeDriver driver, WebDriverWait wait, String project, String folderLabel, String action)
            throws InterruptedException {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-new-project"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#project-name input"))).sendKeys(project);
        driver.findElement(By.id("project-dialog-confirm")).click();
        By folder = By.xpath("(//vaadin-grid-cell-content[.//span[text()='" + folderLabel + "']])[last()]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(folder));
        Thread.sleep(500);
        new Actions(driver).contextClick(driver.findElement(folder)).perform();
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//vaadin-context-menu-item[contains(., '" + action + "')]"))).click();
    }

    /** Headless Debian Chromium at 1440 x 1000 with a fresh profile. */
    /**
     * Creates a project from the toolbar, waits for the console's line, and returns its folder under the
     * workspace (the newest numbered one), where a test writes the files it needs.
     */
    static Path createProject(ChromeDriver driver, WebDriverWait wait, Path workspace, String name) throws IOException {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-new-project"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#project-name input"))).sendKeys(name);
        driver.findElement(By.id("project-dialog-confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"), "Created project " + name));
        try (java.util.stream.Stream<Path> dirs = Files.list(workspace.resolve("projects"))) {
            return dirs.filter(Files::isDirectory)
                    .max(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString()))).orElseThrow();
        }
    }

    static ChromeDriver browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1440,1000",
                "--user-data-dir=" + Files.createTempDirectory("recprompt-chromium"));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
    }

    /** Scrolls an element to the middle of its scrolling editor, so that it can be clicked or typed into. */
    static WebElement reveal(ChromeDriver driver, WebElement element) throws InterruptedException {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        Thread.sleep(300);
        return element;
    }

    static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Path shots = Path.of(System.getProperty("recprompt.target", "target"), "screenshots");
        Files.createDirectories(shots);
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        return Files.move(png.toPath(), shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void a_second_instance_on_the_same_workspace_is_told_it_is_locked() throws Exception {
        Process second = java(List.of("--server.port=" + freePort())).start();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second instance stops by itself").isTrue();
        String err = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(err.strip()).startsWith("The workspace " + workspace + " is in use by another RecPrompt Workbench")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).isEmpty();
        assertThat(app.isAlive()).isTrue();
    }

    @Test
    void the_jar_runs_headless_commands_without_starting_a_server() throws Exception {
        Process help = java(List.of("--help")).start();
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.exitValue()).isZero();
        assertThat(out).contains("Usage: recprompt", "Commands:").doesNotContain("Tomcat");
    }

    /** The project template file candidate-ranking.mustache under the workspace holding {@code text}, or null. */
    private static Path savedTemplate(Path workspace, String text) {
        try (var files = Files.walk(workspace.resolve("projects"), 3)) {
            return files.filter(f -> f.endsWith(Path.of("templates", "candidate-ranking.mustache"))).filter(f -> {
                try {
                    return Files.readString(f).contains(text);
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
