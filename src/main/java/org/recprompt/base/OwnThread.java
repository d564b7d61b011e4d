package org.recprompt.base;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Work begun beside the caller on a thread of its own: a new daemon thread per task, named for what
 * it does (a thread dump then says what is running), which inherits the caller's context class loader
 * (through which the nested jar's libraries find their services; the JDK's common pool has the
 * JDK's loader instead). For the one-off steps a run or a command overlaps with its own work: the
 * database's opening, the grounder's index, a dataset's side files, the run's output files.
 */
public final class OwnThread {

    private OwnThread() {
    }

    /** An executor that starts each task on a new daemon thread of this name. */
    public static Executor named(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }

    /**
     * The future's value; its failure thrown as it was thrown on the other thread (an unchecked
     * exception or an error, not wrapped in a {@link CompletionException}).
     */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
