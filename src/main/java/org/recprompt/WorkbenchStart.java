package org.recprompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import org.recprompt.workspace.DatabaseSettings;
import org.recprompt.workspace.DatabaseUnavailableException;
import org.recprompt.workspace.WorkspaceLocation;
import org.recprompt.workspace.WorkspaceLock;
import org.recprompt.workspace.WorkspaceLockedException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the web workbench in this JVM: checks the database, locks the workspace and runs Spring.
 * A class apart from {@link Application} so that a process that only starts the workbench's JVM
 * from the {@link StartCache} loads none of Spring's classes (verifying a class loads the classes
 * its methods pass around, and Spring's sit in the last of the jar's 170 nested jars).
 */
final class WorkbenchStart {

    /** Set by Spring while it processes the application ahead of time, in the build. */
    static final String AOT_PROCESSING = "spring.aot.processing";

    private WorkbenchStart() {
    }

    /** Starts the workbench; {@code cache}, when given, is prepared in the background once it serves pages. */
    static void run(String[] args, Optional<StartCache> cache) {
        if (Boolean.getBoolean(AOT_PROCESSING)) {
            processAhead(args);
            return;
        }
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
        app.setMainApplicationClass(Application.class); // its log says "Started Application in ..." (the entry is Main)
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("workspaceLock", lock));
        // C2 back once the workbench serves pages, or when the start failed
        app.addListeners((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
                jit.end();
            }
            if (event instanceof ApplicationReadyEvent ready) {
                if (Boolean.getBoolean(StartCache.TRAINING)) {
                    endTraining(ready.getApplicationContext());
                }
                cache.ifPresent(StartCache::prepareInBackground);
            }
        });
        app.run(args);
    }

    /**
     * Spring's build-time (AOT) processing of the workbench's context ({@code process-aot} in the
     * build): Spring stops this run once its bean definitions are known, before any bean is made,
     * so the build opens no database and takes no workspace lock (whatever the builder's
     * {@code RECPROMPT_DB_URL} says).
     */
    private static void processAhead(String[] args) {
        SpringApplication app = new SpringApplication(Application.class);
        app.setMainApplicationClass(Application.class);
        app.run(args);
    }

    /**
     * The end of the start cache's training start: asks for the first page (so that the archive
     * holds the classes that answer it too) and exits, which writes the archive.
     */
    private static void endTraining(ConfigurableApplicationContext context) {
        int code = 1;
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpURLConnection page = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
            try (InputStream body = page.getInputStream()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            code = page.getResponseCode() == 200 ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            code = 1; // no archive is kept from a start whose first page failed
        }
        int exit = SpringApplication.exit(context);
        System.exit(code != 0 ? code : exit);
    }
}
