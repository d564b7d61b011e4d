package org.recprompt.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

import org.recprompt.base.ProgressMonitor;

/**
 * A worker process's side of a run spread over workers: the shards (a block of users of one variant)
 * it takes, executed the way {@link ExperimentRun} executes calls in one process: the same setup built
 * from the same experiment file, the same {@link CallExecutor} (backend limits, retries, cache, cost,
 * grounding; a failure is an ERROR record), each finished call appended to the folder's journal at
 * once, here through {@link RunJournal#openShared} because several processes append to it. A call
 * already answered in the journal is not asked again (a shard taken over from a dead worker continues
 * where that worker's journal lines end); only the calls that worker had in flight are asked twice.
 */
public final class ShardRunner implements AutoCloseable {

    /** What a shard came to: its calls, those already in the journal, those asked now, and how many of those failed. */
    public record Outcome(int calls, int skipped, int executed, int errors) {
    }

    private final RunSetup setup;
    private final Path folder;
    private final RunJournal journal;
    private final CallExecutor executor;
    private boolean prepared;

    private ShardRunner(RunSetup setup, Path folder, RunJournal journal) {
        this.setup = setup;
        this.folder = folder;
        this.journal = journal;
        this.executor = new CallExecutor(setup, folder.getFileName() == null ? "" : folder.getFileName().toString());
    }

    /**
     * Opens the run folder for a worker: the journal for shared appends, and the run's egress.jsonl
     * with this worker's own in-flight note. The setup must be the run's (the caller compares fingerprints).
     */
    public static ShardRunner open(RunSetup setup, Path folder, String worker) throws IOException {
        RunJournal journal = RunJournal.openShared(folder.resolve(RunJournal.FILE));
        try {
            setup.egress().attach(folder, ".egress-in-flight." + worker.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl");
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        return new ShardRunner(setup, folder, journal);
    }

    /**
     * Executes the calls of {@code variant} for {@code userIds} that have no answer yet: none recorded
     * since {@code journalOffset} (this dispatch's records, failed or not), none answered before it.
     * Runs with the variant's backend's concurrency; {@code progress} is told the calls done so far
     * (skipped ones included). Stops starting calls once {@code cancelled} says so; a call that failed
     * because the worker is stopping is not recorded (it is asked again).
     */
    public Outcome run(String variant, Set<String> userIds, long journalOffset, BooleanSupplier cancelled, IntConsumer progress)
            throws InterruptedException {
        Path file = folder.resolve(RunJournal.FILE);
        Set<String> answered = new HashSet<>();
        for (CallRecord r : RunJournal.read(file).records()) {
            if (!r.isError()) {
                answered.add(r.key());
            }
        }
        for (CallRecord r : RunJournal.readFrom(file, journalOffset).records()) {
            answered.add(r.key());
        }
        List<Call> pending = new ArrayList<>();
        int total = 0;
        for (Call c : setup.calls()) {
            if (c.variant().id().equals(variant) && userIds.contains(c.userId())) {
                total++;
                if (!answered.contains(c.key())) {
                    pending.add(c);
                }
            }
        }
        int skipped = total - pending.size();
        AtomicInteger done = new AtomicInteger(skipped);
        AtomicInteger errors = new AtomicInteger();
        progress.accept(skipped);
        if (pending.isEmpty()) {
            return new Outcome(total, skipped, 0, 0);
        }
        if (!prepared) {
            RunPreparation.prepare(setup, setup.calls(), ProgressMonitor.NONE, m -> { }, cancelled);
            prepared = true;
        }
        BackendHandle handle = setup.backend(pending.get(0).variant().backend().id());
        int threads = Math.max(1, Math.min(pending.size(), handle.spec.callsAtOnce()));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger executed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "shard-" + variant);
            t.setDaemon(true);
            return t;
        });
        try {
            for (int w = 0; w < threads; w++) {
                pool.execute(() -> {
                    while (!cancelled.getAsBoolean() && failure.get() == null) {
                        int i = next.getAndIncrement();
                        if (i >= pending.size()) {
                            return;
                        }
                        CallRecord r = executor.execute(pending.get(i));
                        if (r.isError() && cancelled.getAsBoolean()) {
                            return; // failed because the worker is stopping: asked again
                        }
                        try {
                            journal.append(r);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                            return;
                        }
                        executed.incrementAndGet();
                        errors.addAndGet(r.isError() ? 1 : 0);
                        progress.accept(done.incrementAndGet());
                    }
                });
            }
        } finally {
            pool.shutdown();
        }
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
            // calls in flight finish (a backend's own timeouts bound them)
        }
        if (setup.runCache() != null) {
            RuntimeException cacheFailure = setup.runCache().close();
            if (cacheFailure != null) {
                org.slf4j.LoggerFactory.getLogger(ShardRunner.class).warn("The response cache missed answers of this shard: {}",
                        cacheFailure.getMessage());
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Outcome(total, skipped, executed.get(), errors.get());
    }

    /** Flushes the cache and the egress log, closes the journal and releases the backends' resources. */
    @Override
    public void close() throws IOException {
        if (setup.runCache() != null) {
            setup.runCache().close();
        }
        try {
            setup.egress().close();
        } finally {
            journal.close();
            setup.closeBackends();
        }
    }
}
