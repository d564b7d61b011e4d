package org.recprompt;

import java.nio.file.Path;
import java.util.OptionalInt;

import org.recprompt.cli.RecPromptCli;
import org.recprompt.cli.TunedJvm;
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
 * Entry point. With no arguments (or only Spring-style {@code --key=value} properties) it starts
 * the web workbench on the workspace, which it locks first; with a command ({@code --help},
 * {@code --version}, {@code workspace}, ...) it runs that command headless, without Spring or a
 * web server.
 */
@SpringBootApplication
public class Application {

    /** The JDK's property for the common pool's size (read once, when the pool is first used). */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) {
        if (RecPromptCli.isCommand(args)) {
            OptionalInt tuned = TunedJvm.runIfTuned(args);
            if (tuned.isPresent()) {
                System.exit(tuned.getAsInt());
            }
            TunedJvm.followStarter();
            reuseAsyncThreads();
            System.exit(RecPromptCli.run(args));
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
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("workspaceLock", lock));
        // C2 back once the workbench serves pages, or when the start failed
        app.addListeners((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
                jit.end();
            }
        });
        app.run(args);
    }

    /**
     * On 2 cores the JDK's common pool gets one thread, and {@code CompletableFuture} then starts a
     * new thread for every asynchronous step given no executor, such as the one the JDK's HTTP
     * client adds to every {@code sendAsync}: a thread started and ended per LLM call (2,000 in the
     * perf-engine run, each on the path between the answer and the caller). Two threads in the
     * common pool make those steps reuse its threads. Headless commands only (the workbench's
     * libraries are left as they are), only when the pool would have fewer than two and nobody set
     * its size, and before anything uses it. Common-pool threads have the JDK's context class
     * loader, so the commands' own asynchronous steps that load classes run on threads of their own.
     */
    static void reuseAsyncThreads() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }
}
