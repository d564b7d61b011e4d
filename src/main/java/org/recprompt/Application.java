package org.recprompt;

import java.nio.file.Path;

import org.recprompt.workspace.DatabaseSettings;
import org.recprompt.workspace.DatabaseUnavailableException;
import org.recprompt.workspace.WorkspaceLocation;
import org.recprompt.workspace.WorkspaceLock;
import org.recprompt.workspace.WorkspaceLockedException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * The web workbench's Spring Boot application. The jar's entry is {@link Main}, which runs a
 * command ({@code --help}, {@code --version}, {@code workspace}, ...) headless, without Spring or
 * a web server, and calls {@link #start} for anything else.
 */
@SpringBootApplication
public class Application {

    /** The same entry as the jar's ({@link Main}): a command runs headless, anything else starts the workbench. */
    public static void main(String[] args) {
        Main.main(args);
    }

    /** Starts the web workbench on the workspace, which it locks first. */
    static void start(String[] args) {
        Path workspace = WorkspaceLocation.resolve(args, System.getenv());
        try { // a database server that cannot be reached is one sentence, not a stack trace from Spring
            DatabaseSettings.of(workspace, System.getenv()).checkConnection();
        } catch (IllegalArgumentException | DatabaseUnavailableException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        WorkspaceLock lock;
        try {
            lock = WorkspaceLock.acquire(workspace, DatabaseSettings.of(workspace, System.getenv()));
        } catch (WorkspaceLockedException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.setProperty(WorkspaceLocation.PROPERTY, workspace.toString());
        StartupJit jit = StartupJit.begin(System.getenv("RECPROMPT_JIT_TUNING"));
        SpringApplication app = new SpringApplication(Application.class);
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("workspaceLock", lock));
        // C2 back once the workbench serves pages, or when the start failed
        app.addListeners((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
                jit.end();
            }
        });
        app.run(args);
    }
}
