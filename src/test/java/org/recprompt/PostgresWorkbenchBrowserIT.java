package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The packaged workbench started on PostgreSQL (RECPROMPT_DB_URL/USER/PASSWORD, as the README says): a person
 * creates a project, imports a dataset, creates an experiment and opens its template in a browser, and the rows
 * are in PostgreSQL. Screenshot: postgres-workbench.png.
 */
class PostgresWorkbenchBrowserIT extends BrowserTestBase {

    private PostgresTestDatabase database;

    @Override
    @BeforeAll
    void start() throws Exception {
        database = PostgresTestDatabase.create();
        workbench.environment.putAll(database.environment());
        workbench.startWorkbench();
    }

    @Override
    @AfterAll
    void stop() throws Exception {
        workbench.stopWorkbench();
        if (database != null) {
            database.close();
        }
    }

    @Test
    void a_workbench_on_postgresql_imports_a_dataset_and_opens_a_template() throws Exception {
        assumeBrowser();
        Path data = Files.createDirectories(workbench.home.resolve("tiny-movies"));
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int m = 1; m <= 30; m++) {
            movies.append(m).append(",Movie ").append(m).append(" (2000),Drama\n");
        }
        for (int u = 1; u <= 10; u++) {
            for (int k = 0; k < 6; k++) {
                ratings.append(u).append(',').append(1 + (u * 7 + k * 3) % 30).append(",4.0,").append(1000 + k).append('\n');
            }
        }
        Files.writeString(data.resolve("movies.csv"), movies);
        Files.writeString(data.resolve("ratings.csv"), ratings);
        ChromeDriver driver = WorkbenchBrowserIT.browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(workbench.url());
            EditorsBrowserIT.importDataset(driver, wait, data); // a new project "Editors" and its dataset
            EditorsBrowserIT.folderAction(driver, wait, "Experiments", "New experiment");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("new-experiment-create"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("experiment-status"), "Valid."));
            EditorsBrowserIT.openInExplorer(driver, wait, "Prompt templates", "candidate-ranking");
            WebElement template = wait.until(d -> d.findElements(By.tagName("prompt-editor")).stream()
                    .filter(e -> "template-text".equals(e.getDomAttribute("id")) && e.isDisplayed()).findFirst().orElse(null));
            assertThat(template.getShadowRoot().findElement(By.cssSelector(".cm-content")).getText()).contains("name: candidate-ranking");
            Thread.sleep(800);
            assertThat(Files.size(WorkbenchBrowserIT.screenshot(driver, "postgres-workbench.png"))).isGreaterThan(30_000);

            try (Connection c = DriverManager.getConnection(database.url(), database.settings().user(), database.settings().password())) {
                assertThat(strings(c, "SELECT name FROM project")).contains("Editors");
                assertThat(strings(c, "SELECT name FROM dataset")).contains("tiny-movies");
                assertThat(strings(c, "SELECT name FROM prompt_template")).contains("candidate-ranking");
            }
            assertThat(Files.exists(workbench.workspace.resolve("db/workbench.mv.db"))).as("no H2 database").isFalse();
            assertThat(Files.readString(workbench.appLog)).contains("with the database " + database.url());
        } catch (RuntimeException | AssertionError e) {
            WorkbenchBrowserIT.screenshot(driver, "failure-postgres-workbench.png");
            throw e;
        } finally {
            driver.quit();
        }
    }

    private static List<String> strings(Connection c, String sql) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
