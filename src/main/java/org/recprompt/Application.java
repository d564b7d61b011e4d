package org.recprompt;

import java.util.Optional;
import java.util.OptionalInt;

import org.recprompt.cli.RecPromptCli;
import org.recprompt.cli.TunedJvm;
import org.springframework.boot.autoconfigure.SpringBootApplication;

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
        // Nothing up to WorkbenchStart loads Spring's classes: with a ready start cache this process only starts the workbench's JVM.
        TunedJvm.followStarter(); // started from the start cache: ends with the process that started it
        Optional<StartCache> cache = StartCache.forStart(args, System.getenv());
        if (cache.isPresent()) {
            OptionalInt code = cache.get().runIfReady(args);
            if (code.isPresent()) {
                System.exit(code.getAsInt());
                return;
            }
        }
        WorkbenchStart.run(args, cache);
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
