package org.recprompt;

import java.util.Optional;
import java.util.OptionalInt;

import org.recprompt.cli.HeadStart;
import org.recprompt.cli.RecPromptCli;
import org.recprompt.cli.TunedJvm;

/**
 * The jar's entry ({@code Start-Class}). A headless command ({@code run}, {@code dataset}, ...)
 * runs from here without Spring; no arguments, or only Spring-style {@code --key=value}
 * properties, start the web workbench ({@link WorkbenchStart}), in a second JVM from the
 * {@link StartCache} when the cache of this jar build is ready.
 *
 * <p>This class names no Spring type on purpose. Verifying a class loads the types its methods
 * pass around, and through Spring Boot's nested-jar class loader the first Spring type costs a
 * walk through the jar's nested libraries: about 0.3 s on this machine's 2 cores, paid twice by a
 * tuned {@code run} (once in each JVM, {@link TunedJvm}) when the entry was the Spring Boot
 * application class. A command never needs those types.
 */
public final class Main {

    /** The JDK's property for the common pool's size (read once, when the pool is first used). */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private Main() {
    }

    public static void main(String[] args) {
        if (RecPromptCli.isCommand(args)) {
            OptionalInt tuned = TunedJvm.runIfTuned(args);
            if (tuned.isPresent()) {
                System.exit(tuned.getAsInt());
            }
            TunedJvm.followStarter();
            HeadStart.begin();
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
