package org.recprompt;

import java.nio.file.Path;

import org.recprompt.cli.RecPromptCli;
import org.recprompt.workspace.WorkspaceLocation;
import org.recprompt.workspace.WorkspaceLock;
import org.recprompt.workspace.WorkspaceLockedException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.component.page.Push;

/**
 * Entry point. With no arguments (or only Spring-style {@code --key=value} properties) it starts
 * the web workbench; with a command ({@code --help}, {@code --version}, {@code dataset ...}) it
 * runs that command headless, without starting the web server.
 */
@SpringBootApplication
@Push
public class Application implements AppShellConfigurator {

    public static void main(String[] args) {
        if (RecPromptCli.isCommand(args)) {
            System.exit(RecPromptCli.run(args));
        }
        Path workspace = WorkspaceLocation.resolve(args, System.getenv());
        WorkspaceLock lock;
        try {
            lock = WorkspaceLock.acquire(workspace);
        } catch (WorkspaceLockedException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        SpringApplication app = new SpringApplication(Application.class);
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("workspaceLock", lock));
        System.setProperty(WorkspaceLocation.PROPERTY, workspace.toString());
        app.run(args);
    }

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addLink("stylesheet", "styles/workbench.css");
        settings.addFavIcon("icon", "icons/recprompt.svg", "any");
    }
}
