package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Projects shared with roles (issue 23) in Debian's Chromium, on the packaged jar started with an
 * administrator password (a login is required): the administrator adds two accounts, creates a
 * project and makes one a viewer and the other an editor in Members...; then each signs in and sees
 * the project, the viewer read only (the notice, the folder's actions disabled with the role named)
 * and the editor with the folder's actions but not the owner's project settings.
 */
class ProjectRolesBrowserIT extends BrowserTestBase {

    static final String ADMIN_PASSWORD = "it-admin-password-2";
    static final String PROJECT = "Shared study";

    @BeforeAll
    @Override
    void start() throws Exception {
        workbench.home = Files.createTempDirectory("recprompt-roles-it");
        workbench.workspace = workbench.home.resolve("workspace");
        workbench.port = WorkbenchBrowserIT.freePort();
        workbench.appLog = workbench.home.resolve("app.log");
        ProcessBuilder pb = workbench.java(List.of("--server.port=" + workbench.port));
        pb.environment().put("RECPROMPT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().remove("SERVER_ADDRESS");
        workbench.app = pb.redirectErrorStream(true).redirectOutput(workbench.appLog.toFile()).start();
        workbench.waitForPage(Duration.ofSeconds(180));
    }

    @Test
    void a_viewer_and_an_editor_sign_in_and_see_what_their_roles_allow() throws Exception {
        assumeBrowser();
        ChromeDriver driver = WorkbenchBrowserIT.browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(40));
            driver.get(workbench.url());
            signIn(driver, wait, "admin", ADMIN_PASSWORD);

            // the administrator adds two accounts
            driver.findElement(By.id("toolbar-accounts")).click();
            for (String name : List.of("vera", "eddie")) {
                LoginBrowserIT.type(driver, wait, "users-name", name);
                LoginBrowserIT.type(driver, wait, "users-password", name + "-password-1");
                driver.findElement(By.id("users-add")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.xpath("//vaadin-grid-cell-content[normalize-space(.)='" + name + "']")));
            }
            driver.findElement(By.id("users-close")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("users-grid")));

            // creates a project and shares it: vera views, eddie edits
            wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-new-project"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#project-name input"))).sendKeys(PROJECT);
            driver.findElement(By.id("project-dialog-confirm")).click();
            menuOn(driver, wait, projectRow(), "Members...").click();
            addMember(driver, wait, "vera", null);
            addMember(driver, wait, "eddie", "editor");
            Thread.sleep(800);
            WorkbenchBrowserIT.screenshot(driver, "roles-members-dialog.png");
            assertThat(driver.findElement(By.id("members-grid")).getText()).contains("admin", "vera", "eddie");
            driver.findElement(By.id("members-close")).click();
            signOut(driver, wait);

            // the viewer: sees the project, read only
            signIn(driver, wait, "vera", "vera-password-1");
            wait.until(ExpectedConditions.visibilityOfElementLocated(projectRow()));
            new Actions(driver).doubleClick(driver.findElement(projectRow())).perform();
            WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("role-notice")));
            assertThat(notice.getText()).contains("you are a viewer of this project");
            expandProject(driver, wait);
            WebElement newTemplate = menuOn(driver, wait, folderRow("Prompt templates"), "New template...");
            assertThat(newTemplate.getAttribute("disabled")).as("a viewer cannot add templates").isNotNull();
            assertThat(driver.findElement(By.xpath("//vaadin-context-menu-item[contains(., 'Your role: viewer')]")).isDisplayed()).isTrue();
            Thread.sleep(600);
            WorkbenchBrowserIT.screenshot(driver, "roles-viewer.png");
            new Actions(driver).sendKeys(Keys.ESCAPE).perform();
            signOut(driver, wait);

            // the editor: sees the project, may add templates, not change the owner's settings
            signIn(driver, wait, "eddie", "eddie-password-1");
            wait.until(ExpectedConditions.visibilityOfElementLocated(projectRow()));
            new Actions(driver).doubleClick(driver.findElement(projectRow())).perform();
            notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("role-notice")));
            assertThat(notice.getText()).contains("you are an editor of this project").contains("only its owners");
            expandProject(driver, wait);
            newTemplate = menuOn(driver, wait, folderRow("Prompt templates"), "New template...");
            assertThat(newTemplate.getAttribute("disabled")).as("an editor adds templates").isNull();
            Thread.sleep(600);
            WorkbenchBrowserIT.screenshot(driver, "roles-editor.png");
            new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        } catch (Exception | AssertionError e) {
            WorkbenchBrowserIT.screenshot(driver, "failure-roles.png");
            throw e;
        } finally {
            driver.quit();
        }
    }

    static By projectRow() {
        return By.xpath("//vaadin-grid-cell-content[.//span[text()='" + PROJECT + "']]");
    }

    static By folderRow(String label) {
        return By.xpath("(//vaadin-grid-cell-content[.//span[text()='" + label + "']])[last()]");
    }

    static void signIn(ChromeDriver driver, WebDriverWait wait, String name, String password) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#vaadinLoginUsername input")));
        LoginBrowserIT.login(driver, wait, name, password);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-logout")));
        assertThat(driver.findElement(By.id("account-name")).getText()).isEqualTo(name);
    }

    static void signOut(ChromeDriver driver, WebDriverWait wait) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("toolbar-logout"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#vaadinLoginUsername input")));
    }

    static void expandProject(ChromeDriver driver, WebDriverWait wait) throws InterruptedException {
        if (driver.findElements(folderRow("Prompt templates")).stream().noneMatch(WebElement::isDisplayed)) {
            driver.findElement(By.cssSelector(".rp-explorer vaadin-grid-tree-toggle")).click();
        }
        wait.until(ExpectedConditions.visibilityOfElementLocated(folderRow("Prompt templates")));
        Thread.sleep(300);
    }

    static WebElement menuOn(ChromeDriver driver, WebDriverWait wait, By row, String item) throws InterruptedException {
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        Thread.sleep(400);
        new Actions(driver).contextClick(driver.findElement(row)).perform();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//vaadin-context-menu-item[contains(., '" + item + "')]")));
    }

    static void addMember(ChromeDriver driver, WebDriverWait wait, String name, String role) throws InterruptedException {
        WebElement account = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#members-account input")));
        account.sendKeys(name);
        Thread.sleep(600);
        account.sendKeys(Keys.ENTER);
        if (role != null) {
            driver.findElement(By.id("members-role")).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//vaadin-select-item[normalize-space(.)='" + role + "']"))).click();
        }
        Thread.sleep(300);
        driver.findElement(By.id("members-add")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//vaadin-grid-cell-content[normalize-space(.)='" + name + "']")));
    }
}
