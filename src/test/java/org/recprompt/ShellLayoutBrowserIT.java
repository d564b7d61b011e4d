package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The shell in a real browser: a person imports three templates (listed and marked, none opened),
 * opens the project with Enter on its explorer row, types in it and reloads: the browser asks first,
 * then the same tabs, active tab and open folders come back, the Welcome tab offers the project rather
 * than a first one; F1 lists the shortcuts, Shift+F10 opens the row's context menu, Alt+W closes the
 * tab; the console scrolls once; a scrolled tab comes back scrolled. Screenshots: shell-imported.png,
 * shell-after-reload.png, shell-welcome-with-projects.png, shell-shortcuts.png, shell-context-menu.png,
 * shell-scroll-restored.png.
 */
class ShellLayoutBrowserIT extends BrowserTestBase {

    static final String PROJECT = "popularity-bias-replication-20261205-112233";

    static WebElement row(ChromeDriver driver, String text) {
        return driver.findElement(By.xpath("(//vaadin-grid-cell-content[contains(., '" + text + "')])[1]"));
    }

    static void press(ChromeDriver driver, CharSequence... keys) throws InterruptedException {
        new Actions(driver).sendKeys(keys).perform();
        Thread.sleep(700);
    }

    /** A chord: the modifier held while the key is pressed. */
    static void chord(ChromeDriver driver, Keys modifier, CharSequence key) throws InterruptedException {
        new Actions(driver).keyDown(modifier).sendKeys(key).keyUp(modifier).perform();
        Thread.sleep(700);
    }

    @Test
    void the_layout_survives_a_reload_and_the_keyboard_works_in_the_explorer() throws Exception {
        assumeBrowser();
        ChromeDriver driver = WorkbenchBrowserIT.browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(workbench.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("welcome-new-project")));
            WorkbenchBrowserIT.newProjectThen(driver, wait, PROJECT, "Prompt templates", "Import templates from the library");
            By grid = By.cssSelector("vaadin-dialog-overlay vaadin-grid");
            wait.until(ExpectedConditions.visibilityOfElementLocated(grid));
            Thread.sleep(800);
            // tick the first three templates' boxes (the first box is the header's "all")
            List<WebElement> boxes = driver.findElements(By.cssSelector("vaadin-dialog-overlay vaadin-grid vaadin-checkbox"));
            for (WebElement box : boxes.subList(1, 4)) {
                WorkbenchBrowserIT.reveal(driver, box).click();
                Thread.sleep(200);
            }
            driver.findElement(By.xpath("//vaadin-button[normalize-space(.)='Import']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("console-lines"),
                    "3 prompt templates added to " + PROJECT));
            Thread.sleep(1000);
            assertThat(driver.findElements(By.cssSelector("vaadin-tab[id^='editor-tab-project-'][id*='template']"))).isEmpty();
            WorkbenchBrowserIT.screenshot(driver, "shell-imported.png");
            String title = row(driver, "popularity-bias").findElement(By.xpath(".//vaadin-horizontal-layout")).getAttribute("title");
            assertThat(title).isEqualTo(PROJECT);
            Object cut = driver.executeScript("const h = arguments[0].querySelector('.rp-node-head');"
                    + "return h.scrollWidth > h.clientWidth;", row(driver, "popularity-bias"));
            assertThat(cut).as("the long name's start is cut, its end shown").isEqualTo(true);
            assertThat(row(driver, "popularity-bias").findElement(By.cssSelector(".rp-node-tail")).getText()).isEqualTo("20261205-112233");

            // Alt+W closes the project's tab; then the keyboard reaches the project row (a click on a row with
            // children would open or close it, so the person clicks a template and goes up) and Enter opens it
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("vaadin-tab[id^='editor-tab-project-']")));
            chord(driver, Keys.ALT, "w");
            assertThat(driver.findElements(By.cssSelector("vaadin-tab[id^='editor-tab-project-']"))).as("Alt+W closed the tab").isEmpty();
            row(driver, "explained").click();
            press(driver, Keys.ARROW_UP, Keys.ARROW_UP, Keys.ARROW_UP, Keys.ARROW_UP);
            press(driver, Keys.ENTER);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("vaadin-tab[id^='editor-tab-project-']")));

            // an unsaved change: the reload asks first
            WebElement description = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("vaadin-text-area textarea")));
            description.sendKeys("Do LLM recommenders repeat the popularity bias of their training data?");
            Thread.sleep(1000);
            assertThat(driver.findElements(By.id("shortcuts-close"))).as("? typed in a field is text, not the shortcut").isEmpty();
            assertThat(driver.executeScript("return window.__rpUnsaved === true;")).isEqualTo(true);
            assertThat(driver.executeScript("const e = new Event('beforeunload', {cancelable: true});"
                    + "window.dispatchEvent(e); return e.defaultPrevented;"))
                    .as("leaving the page is held back for the browser's question").isEqualTo(true);
            driver.executeScript("setTimeout(() => location.reload(), 10);");
            try {
                // headless ChromeDriver may answer the "Leave site?" question itself; accept it when it is shown
                new WebDriverWait(driver, Duration.ofSeconds(3)).until(ExpectedConditions.alertIsPresent()).accept();
            } catch (org.openqa.selenium.TimeoutException answeredByTheDriver) {
                // reloaded already
            }

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("vaadin-tab[id^='editor-tab-project-']")));
            Thread.sleep(1500);
            assertThat(driver.findElement(By.cssSelector("vaadin-tab[id^='editor-tab-project-']")).getAttribute("selected"))
                    .as("the project tab is the active one again").isNotNull();
            assertThat(driver.findElements(By.xpath("//vaadin-grid-cell-content[contains(., 'candidate-ranking') or contains(., 'chat-rec') or contains(., 'explanation')]")))
                    .as("the Prompt templates folder is open again").isNotEmpty();
            WorkbenchBrowserIT.screenshot(driver, "shell-after-reload.png");
            driver.findElement(By.id("editor-tab-welcome")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("welcome-new-project"), "New project"));
            assertThat(driver.findElement(By.id("welcome-projects")).getText()).contains(PROJECT);
            WorkbenchBrowserIT.screenshot(driver, "shell-welcome-with-projects.png");

            // F1: the shortcuts
            row(driver, "explained").click();
            press(driver, Keys.F1);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("shortcuts-close")));
            assertThat(driver.findElement(By.cssSelector("vaadin-dialog-overlay")).getText()).contains("Shift+F10", "Alt+W");
            WorkbenchBrowserIT.screenshot(driver, "shell-shortcuts.png");
            driver.findElement(By.id("shortcuts-close")).click();
            Thread.sleep(800);
            row(driver, "explained").click();
            press(driver, "?");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("shortcuts-close"))).click();
            Thread.sleep(800);

            // Shift+F10 on a focused row: its context menu
            wait.ignoring(StaleElementReferenceException.class).until(d -> {
                row(driver, "Backends").click();
                return true;
            });
            chord(driver, Keys.SHIFT, Keys.F10);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//vaadin-context-menu-item[contains(., 'New backend')]")));
            WorkbenchBrowserIT.screenshot(driver, "shell-context-menu.png");
            press(driver, Keys.ESCAPE);

            // the console: its lines scroll, the panel around them does not
            Object scrollers = driver.executeScript("""
                    const sheet = document.getElementById('bottom-panel');
                    const part = sheet.shadowRoot.querySelector('[part~="content"]');
                    return (part.scrollHeight > part.clientHeight + 1 ? 1 : 0);
                    """);
            assertThat(scrollers).as("the bottom panel itself does not scroll").isEqualTo(0L);

            // the Welcome tab scrolled down comes back scrolled after another reload
            driver.findElement(By.id("editor-tab-welcome")).click();
            Thread.sleep(800);
            String part = "return document.querySelector('.rp-editor-area').shadowRoot.querySelector('[part~=\"content\"]')";
            driver.executeScript(part.replace("return ", "") + ".scrollTop = 300;");
            Thread.sleep(1500);
            driver.navigate().refresh();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("welcome-new-project")));
            Thread.sleep(2000);
            Object top = driver.executeScript(part + ".scrollTop;");
            assertThat(((Number) top).intValue()).as("the Welcome tab's scroll position").isBetween(290, 310);
            WorkbenchBrowserIT.screenshot(driver, "shell-scroll-restored.png");
        } catch (RuntimeException | AssertionError e) {
            WorkbenchBrowserIT.screenshot(driver, "failure-shell.png");
            throw e;
        } finally {
            driver.quit();
        }
    }
}
