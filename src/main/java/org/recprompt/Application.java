package org.recprompt;

import java.nio.file.Path;

import org.recprompt.cli.RecPromptCli;
import org.recprompt.workspace.WorkspaceLocation;
import org.recprompt.workspace.WorkspaceLock;
import org.recprompt.workspace.WorkspaceLockedException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point. With no arguments (or only Spring-style {@code --key=value} properties) it starts
 * the web workbench on the workspace, which it locks first; with a command ({@code --help},
 * {@code --version}, {@code workspace}, ...) it runs that command headless, without Spring or a
 * web server.
 */
@SpringBootApplication
public class Application {

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
        System.setProperty(WorkspaceLocation.PROPERTY, workspace.toString());
        SpringApplication app = new SpringApplication(Application.class);
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("workspaceLock", lock));
        app.run(args);
    }
}
