package org.recprompt.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.recprompt.backend.ImageCache;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;

/**
 * A run's LLM backends, built on a thread of their own while the dataset loads on the caller's.
 * An LLM backend depends on nothing the dataset decides (its adapter, HTTP client, JSON codec, rate
 * limits and cache keys come from the experiment alone), and building the first one loads the
 * HTTP, TLS and langchain4j classes: a few tenths of a second that no longer wait for, or hold up,
 * the dataset. Rankers, P5 models and replays need the split and are built by the caller as before.
 *
 * <p>Each backend is built as {@link BackendHandle#create} always built it; a failure is kept and
 * thrown by {@link #take} for that backend, so the caller reports the backends' problems in the
 * experiment's order, after the dataset's, exactly as when it built them all itself.
 */
final class BackendBuild {

    private final CompletableFuture<Map<String, Object>> built;

    private BackendBuild(CompletableFuture<Map<String, Object>> built) {
        this.built = built;
    }

    /** Starts building every LLM backend of the experiment ({@link RunSetup#isLlm}); none, no thread. */
    static BackendBuild begin(ExperimentFile file, RunEnvironment env, RunCache cache, boolean localOnly, RunEgress egress,
            ImageCache images) {
        ExperimentSpec spec = file.spec();
        List<BackendSpec> llms = spec.backends().stream().filter(RunSetup::isLlm).toList();
        if (llms.isEmpty()) {
            return new BackendBuild(CompletableFuture.completedFuture(Map.of()));
        }
        boolean sharedServer = cache != null && org.recprompt.workspace.DatabaseSettings.namesSharedServer(env.env());
        return new BackendBuild(CompletableFuture.supplyAsync(() -> {
            if (sharedServer) {
                try { // a database server shared by several processes gives the backends one quota budget (DatabaseQuota.attach)
                    cache.cache(); // once it is open: wait for the opening
                } catch (RuntimeException e) {
                    // the run reports the database's failure where it takes the database
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (BackendSpec b : llms) {
                try { // an LLM backend never reads the split: it is null here
                    out.put(b.id(), BackendHandle.create(b, null, spec.seed(), file, env, cache, localOnly, egress, images));
                } catch (RuntimeException e) {
                    out.put(b.id(), e);
                }
            }
            return out;
        }, org.recprompt.base.OwnThread.named("run-backends"))); // it keeps the context class loader langchain4j finds its services with
    }

    /** The built LLM backend, waiting for it; its build's failure is thrown here. */
    BackendHandle take(BackendSpec b) {
        Object o;
        try {
            o = built.join().get(b.id());
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
        if (o instanceof RuntimeException e) {
            throw e;
        }
        if (o == null) {
            throw new IllegalStateException("backend " + b.id() + " is not an LLM backend built beside the dataset");
        }
        return (BackendHandle) o;
    }

    /** Releases every backend built here: the setup failed before it took them. Waits for the build. */
    void discard() {
        built.thenAccept(m -> m.values().forEach(o -> {
            if (o instanceof BackendHandle h) {
                try {
                    h.close();
                } catch (RuntimeException e) {
                    // the setup's own failure is what the caller reports
                }
            }
        }));
    }
}
