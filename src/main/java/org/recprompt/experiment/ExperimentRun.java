package org.recprompt.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.recprompt.base.AppVersion;
import org.recprompt.base.FileTrees;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.experiment.RunProgress.VariantProgress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run of an experiment into a folder, on background threads: one pool per backend with that
 * backend's concurrency, so backends run side by side, each within its own limits. Every finished
 * call is appended to the folder's journal at once ({@link RunJournal}); a resumed run reads the
 * journal and sends only the calls without a record (or whose record is an ERROR: failures are
 * asked again). When every call has a record the outputs are written in plan order
 * ({@link RunOutputs}), whatever the order calls finished in.
 *
 * <p>Control: {@link #pause()} lets calls in flight finish and starts no new ones until
 * {@link #resume()}; {@link #cancel()} (or the monitor's cancel) stops starting calls, keeps every
 * finished one in the journal, and leaves the folder resumable. Progress: {@link #progress()} per
 * variant, and the {@link ProgressMonitor} given to {@link #start} (calls as units), which is what
 * {@code BackgroundJobs} passes to a task.
 */
public final class ExperimentRun {

    static final String MANIFEST = "run.json";
    static final String SPEC_COPY = "experiment.yaml";
    /** run.json's link to the experiment file: its path relative to the run folder ("../../experiments/x.yaml"). */
    static final String EXPERIMENT_FILE = "experiment_file";
    static final int PREFETCH_AHEAD = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a run ended: its state, the summary (when complete) and what a resume found. */
    public record Result(State state, Path folder, Map<String, Object> summary, int resumedCalls, int unreadableJournalLines,
            String failure) {
    }

    private final RunSetup setup;
    private final Path folder;
    private final ProgressMonitor monitor;
    private final Map<String, CallRecord> records = new ConcurrentHashMap<>();
    private final Map<String, Counters> counters = new LinkedHashMap<>();
    private final Object gate = new Object();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Instant started;
    private final long startNanos = System.nanoTime();
    private final int resumed;
    private final int unreadable;
    private final List<Call> pending;
    private volatile boolean paused;
    private volatile boolean cancelled;
    private volatile State state = State.PREPARING;
    private volatile String message = "";
    private volatile Result result;
    private volatile String failure;
    private RunJournal journal;
    /** The batches of {@code batch: true} backends (null when the run has none). */
    private BatchJournal batches;
    private RunFolderLock lock;
    /** Executes the calls elsewhere (workers); null: this process runs them. */
    private RunDispatch dispatch;
    private int staleFiles = -1;
    private volatile RunRecovery.Outcome recovery = RunRecovery.Outcome.NONE;
    private final RunRates rates;

    private static final class Counters {
        final String backend;
        final long total;
        final AtomicLong done = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong cacheHits = new AtomicLong();
        long resumed;

        Counters(String backend, long total) {
            this.backend = backend;
            this.total = total;
        }
    }

    private ExperimentRun(RunSetup setup, Path folder, ProgressMonitor monitor, List<CallRecord> previous, int unreadable) {
        this.setup = setup;
        this.folder = folder;
        this.monitor = monitor == null ? ProgressMonitor.NONE : monitor;
        this.started = setup.env().clock().instant();
        this.unreadable = unreadable;
        Map<String, Call> byKey = new HashMap<>();
        for (Call c : setup.calls()) {
            byKey.put(c.key(), c);
            counters.computeIfAbsent(c.variant().id(), id -> new Counters(c.variant().backend().id(),
                    setup.calls().stream().filter(x -> x.variant().id().equals(id)).count()));
        }
        int kept = 0;
        for (CallRecord r : previous) {
            if (byKey.containsKey(r.key())) {
                records.put(r.key(), r);
            }
        }
        if (setup.simulation() != null) {
            dropAfterGaps(setup.calls(), records);
        }
        List<Call> remaining = new ArrayList<>();
        for (Call c : setup.calls()) {
            CallRecord r = records.get(c.key());
            if (r != null && !r.isError()) {
                Counters k = counters.get(c.variant().id());
                k.done.incrementAndGet();
                k.resumed++;
                k.cacheHits.addAndGet(r.cacheHit() ? 1 : 0);
                kept++;
            } else {
                remaining.add(c);
            }
        }
        this.resumed = kept;
        this.pending = remaining;
        Map<String, String> backendOf = new LinkedHashMap<>();
        Map<String, Integer> concurrency = new HashMap<>();
        counters.forEach((variant, k) -> {
            backendOf.put(variant, k.backend);
            concurrency.computeIfAbsent(k.backend, b -> setup.backend(b).spec.callsAtOnce());
        });
        this.rates = new RunRates(backendOf, concurrency);
    }

    /**
     * Starts a run of the setup into {@code folder} (created if needed). Without {@code resume} the
     * folder must not hold a run already; with it, the run continues where the journal ends, and
     * refuses a folder whose run was made from a different experiment (fingerprint). Problems with
     * the folder are thrown here, before anything runs; a folder another run is writing is refused
     * with a {@link RunFolderLock.LockedException} naming the holder.
     */
    public static ExperimentRun start(RunSetup setup, Path folder, boolean resume, ProgressMonitor monitor) throws IOException {
        return start(setup, folder, resume, monitor, null);
    }

    /**
     * {@link #start(RunSetup, Path, boolean, ProgressMonitor)} with the folder's lock already taken by
     * the caller (null: taken here). The run holds the lock until it ends, however it ends.
     */
    public static ExperimentRun start(RunSetup setup, Path folder, boolean resume, ProgressMonitor monitor, RunFolderLock held)
            throws IOException {
        return start(setup, folder, resume, monitor, held, null);
    }

    /**
     * {@link #start(RunSetup, Path, boolean, ProgressMonitor, RunFolderLock)} with the calls executed by
     * {@code dispatch} (worker processes) rather than this process; null: this process. This process
     * still holds the folder's lock for the whole run (the workers append to the journal under it),
     * evaluates and writes the outputs. A simulation or a {@code batch: true} backend is refused: their
     * calls wait on each other (rounds, batches) and run in one process.
     */
    public static ExperimentRun start(RunSetup setup, Path folder, boolean resume, ProgressMonitor monitor, RunFolderLock held,
            RunDispatch dispatch) throws IOException {
        if (dispatch != null && setup.simulation() != null) {
            throw new IllegalStateException("a simulation runs its rounds in one process; run it without --workers");
        }
        if (dispatch != null && setup.spec().backends().stream().anyMatch(b -> setup.backend(b.id()).batch() != null)) {
            throw new IllegalStateException("a batch: true backend's calls go to the provider's batch API from one process;"
                    + " run it without --workers");
        }
        RunFolderLock lock = held != null ? held : RunFolderLock.acquire(folder);
        try {
            return begin(setup, folder, resume, monitor, lock, dispatch);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static ExperimentRun begin(RunSetup setup, Path folder, boolean resume, ProgressMonitor monitor, RunFolderLock lock,
            RunDispatch dispatch) throws IOException {
        org.recprompt.base.OwnerOnly.createFolders(folder); // journal, answers and egress log: the owner's only
        org.recprompt.base.OwnerOnly.restrict(folder);
        Path manifest = folder.resolve(MANIFEST);
        Path journalFile = folder.resolve(RunJournal.FILE);
        boolean hasRun = Files.exists(manifest) || Files.exists(journalFile);
        if (hasRun && !resume) {
            throw new IllegalStateException(folder + " already holds a run; continue it with --resume, or choose another folder");
        }
        if (hasRun && Files.exists(manifest)) {
            JsonNode m = JSON.readTree(manifest.toFile());
            String before = m.path("fingerprint").asText("");
            // a changed name: is the same experiment (the name decides no call)
            if (!before.equals(setup.fingerprint()) && !before.equals(setup.fingerprintAs(m.path("experiment").asText(null)))) {
                throw new IllegalStateException(SpecChanges.refusal(folder, setup, before));
            }
        }
        RunJournal.Contents previous = RunJournal.read(journalFile);
        ExperimentRun run = new ExperimentRun(setup, folder, monitor, previous.records(), previous.unreadable());
        run.lock = lock;
        run.dispatch = dispatch;
        if (hasRun) {
            run.staleFiles = RunRecovery.removeStaleTemporaries(folder);
        }
        run.journal = RunJournal.open(journalFile);
        if (setup.spec().backends().stream().anyMatch(b -> setup.backend(b.id()).batch() != null)
                || Files.exists(folder.resolve(BatchJournal.FILE))) {
            run.batches = BatchJournal.open(folder);
        }
        setup.egress().attach(folder);
        run.writeManifest(State.RUNNING);
        FileTrees.writeAtomically(folder.resolve(SPEC_COPY), ExperimentYaml.write(setup.spec()));
        Thread coordinator = new Thread(run::coordinate, "run-" + setup.spec().name());
        coordinator.setDaemon(true);
        coordinator.start();
        return run;
    }

    /**
     * A simulation round is asked with the history the earlier rounds' answers built: once a round of
     * a (variant, user) has no record, or an ERROR one that will be asked again, the records of its
     * later rounds were made from a history that may change, so they are asked again too.
     */
    static void dropAfterGaps(List<Call> calls, Map<String, CallRecord> records) {
        java.util.Set<String> broken = new java.util.HashSet<>();
        for (Call c : calls) { // plan order: variant, user, round, repeat
            String trajectory = c.variant().id() + '\t' + c.userId();
            if (broken.contains(trajectory)) {
                records.remove(c.key());
                continue;
            }
            CallRecord r = records.get(c.key());
            if (r == null || r.isError()) {
                broken.add(trajectory);
            }
        }
    }

    /** Calls already done when the run started (from the journal). */
    public int resumedCalls() {
        return resumed;
    }

    /** Calls this run will send (or rank). */
    public int pendingCalls() {
        return pending.size();
    }

    public Path folder() {
        return folder;
    }

    /** What a resume repaired after an interrupted run (one sentence), once the run is under way; empty when nothing. */
    public String recoveryNote() {
        return recovery.sentence();
    }

    /** Lets the calls in flight finish and starts no new one until {@link #resume()}. */
    public void pause() {
        paused = true;
        if (state == State.RUNNING || state == State.PREPARING) {
            state = State.PAUSED;
        }
    }

    public void resume() {
        synchronized (gate) {
            paused = false;
            if (state == State.PAUSED) {
                state = State.RUNNING;
            }
            gate.notifyAll();
        }
    }

    public boolean isPaused() {
        return paused;
    }

    /** Stops starting calls; finished calls stay in the journal and the folder can be resumed. */
    public void cancel() {
        synchronized (gate) {
            cancelled = true;
            gate.notifyAll();
        }
    }

    public boolean isCancelled() {
        return cancelled || monitor.isCancelled();
    }

    /** Waits for the run to end and returns how it ended. */
    public Result await() throws InterruptedException {
        finished.await();
        return result;
    }

    /** Waits at most the given time; null when still running. */
    public Result await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? result : null;
    }

    public RunProgress progress() {
        List<VariantProgress> out = new ArrayList<>();
        long now = System.nanoTime();
        long millis = now / 1_000_000;
        for (Map.Entry<String, Counters> e : counters.entrySet()) {
            Counters c = e.getValue();
            out.add(new VariantProgress(e.getKey(), c.backend, c.total, c.done.get(), c.resumed, c.errors.get(),
                    c.cacheHits.get(), rates.variantRate(e.getKey(), millis)));
        }
        return new RunProgress(state, state == State.RUNNING ? quotaWait(message) : message, out,
                Duration.ofNanos(now - startNanos), rates.laneRates(millis));
    }

    /** While a backend's calls wait on the provider's quota, that (naming the backend) rather than a run that looks stuck. */
    private String quotaWait(String otherwise) {
        for (String id : counters.values().stream().map(c -> c.backend).distinct().toList()) {
            BackendHandle h = setup.backend(id);
            java.util.Optional<String> wait = h == null ? java.util.Optional.empty() : h.quotaWait();
            if (wait.isPresent()) {
                return id + ": " + wait.get();
            }
        }
        return otherwise;
    }

    // ---- the run ------------------------------------------------------------------------------

    private void coordinate() {
        try {
            if (pending.stream().anyMatch(c -> c.variant().usesPrompt())) {
                // The grounder's catalog index takes a moment to build: build it beside the first calls.
                Thread warm = new Thread(setup::grounder, "run-grounder");
                warm.setDaemon(true);
                warm.start();
            }
            if (staleFiles >= 0) { // a resumed run completes the cache and the egress log first
                message("Checking the response cache and the egress log against the journal");
                recovery = RunRecovery.recover(setup, folder, Map.copyOf(records), new CallExecutor(setup, runName()), staleFiles);
            }
            if (dispatch == null) { // workers prepare their own rankers
                RunPreparation.prepare(setup, pending, monitor, this::message, this::isCancelled);
            }
            state = paused ? State.PAUSED : State.RUNNING;
            monitor.begin(pending.size());
            message("Running " + pending.size() + " calls" + (resumed > 0 ? " (" + resumed + " done before)" : ""));
            if (dispatch != null) {
                runElsewhere();
            } else if (setup.simulation() == null) {
                runLanes(pending);
            } else {
                simulate();
            }
            if (setup.runCache() != null) {
                setup.runCache().close();
            }
            setup.egress().close();
            setup.closeBackends();
            closeBatches();
            if (isCancelled() && failure == null) {
                journal.close();
                writeManifest(State.CANCELLED);
                finish(State.CANCELLED, null);
                return;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            state = State.FINISHING;
            message("Writing the results");
            journal.close();
            List<CallRecord> all = ordered();
            // Round 0 is the ordinary evaluation; later rounds go to the simulation's own files.
            List<CallRecord> ordered = all.stream().filter(r -> r.round() == 0).toList();
            // recommendations.csv and the prompts file need no metric: written beside the evaluation
            RunOutputs.Early early = RunOutputs.begin(folder, setup, ordered);
            Map<String, Object> summary;
            try {
                List<RunEvaluation.VariantResult> results = RunEvaluation.evaluate(setup, early.byVariant());
                if (setup.simulation() != null) {
                    SimulationOutputs.write(folder, setup, all);
                }
                summary = RunOutputs.write(folder, setup, ordered, results, started, setup.env().clock().instant(), early);
            } catch (RuntimeException | IOException | LinkageError e) {
                early.settle(); // nothing is still being written when the run's failure is recorded
                throw e;
            }
            writeManifest(State.COMPLETE);
            finish(State.COMPLETE, summary);
        } catch (Exception | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            failure = why;
            try {
                if (setup.runCache() != null) {
                    setup.runCache().close();
                }
                journal.close();
                closeBatches();
                setup.egress().close();
                setup.closeBackends();
                writeManifest(State.FAILED);
            } catch (IOException | RuntimeException ignored) {
                // the failure below says what went wrong first
            }
            finish(State.FAILED, null);
        }
    }

    private void closeBatches() throws IOException {
        if (batches != null) {
            batches.close();
        }
    }

    private String runName() {
        return folder.getFileName() == null ? "" : folder.getFileName().toString();
    }

    private void finish(State end, Map<String, Object> summary) {
        if (lock != null) {
            lock.close(); // before anyone waiting for the end can try to resume
        }
        state = end;
        message(end == State.COMPLETE ? "Done" : end == State.CANCELLED ? "Cancelled; resume to finish" : "Failed: " + failure);
        result = new Result(end, folder, summary, resumed, unreadable, failure);
        finished.countDown();
    }

    private void message(String text) {
        message = text;
        monitor.message(text);
    }

    /**
     * The simulation's rounds in turn: before round r, every (variant, user) accepts from its
     * round r-1 answer (users of a round run concurrently; a round starts when the previous one is
     * done); after the last round, its answers are accepted too (the final histories).
     */
    private void simulate() throws InterruptedException {
        int rounds = setup.spec().simulation().rounds();
        for (int round = 0; round < rounds && !isCancelled() && failure == null; round++) {
            if (round > 0) {
                acceptRound(round - 1);
            }
            int r = round;
            List<Call> now = pending.stream().filter(c -> c.round() == r).toList();
            long done = setup.calls().stream().filter(c -> c.round() < r).count();
            message("Round " + (round + 1) + " of " + rounds + ": " + now.size() + " calls"
                    + (done > 0 ? " (" + done + " in earlier rounds)" : ""));
            runLanes(now);
        }
        if (!isCancelled() && failure == null) {
            acceptRound(rounds - 1);
        }
    }

    /** Applies the choice model to every answer of a round (an answer without a record accepts nothing). */
    private void acceptRound(int round) {
        Simulation simulation = setup.simulation();
        var items = setup.dataset().items();
        for (Call c : setup.calls()) {
            if (c.round() != round || c.repeat() != 0) {
                continue;
            }
            CallRecord r = records.get(c.key());
            List<CallRecord.Slot> slots = r == null ? List.of() : r.slots();
            int[] listed = slots.stream().mapToInt(s -> s.itemId() == null ? -1 : items.indexOf(s.itemId())).toArray();
            String[] outcomes = slots.stream().map(CallRecord.Slot::outcome).toArray(String[]::new);
            simulation.accept(c.variant().id(), c.user(), c.userId(), round, listed, outcomes);
        }
    }

    /**
     * The pending calls executed by the dispatch (workers): their records arrive in the journal, appended
     * by the workers, and are read from it as they come ({@link RunDispatch.Context#collect()}), so the
     * progress per variant, the monitor and the ETA are the same as a run in this process. Of a call
     * answered twice (a worker's in-flight call taken over after its lease expired), the first answer
     * counts, or a later one when the first was a failure.
     */
    private void runElsewhere() throws Exception {
        Path file = folder.resolve(RunJournal.FILE);
        long offset = Files.exists(file) ? Files.size(file) : 0;
        java.util.Set<String> keys = new java.util.HashSet<>();
        pending.forEach(c -> keys.add(c.key()));
        Map<String, Call> byKey = new HashMap<>();
        pending.forEach(c -> byKey.put(c.key(), c));
        Map<String, CallRecord> fresh = new HashMap<>();
        long[] position = {offset};
        RunDispatch.Context context = new RunDispatch.Context() {
            @Override
            public RunSetup setup() {
                return setup;
            }

            @Override
            public Path folder() {
                return folder;
            }

            @Override
            public List<Call> pending() {
                return pending;
            }

            @Override
            public long journalOffset() {
                return offset;
            }

            @Override
            public boolean isCancelled() {
                return ExperimentRun.this.isCancelled();
            }

            @Override
            public void message(String text) {
                ExperimentRun.this.message(text);
            }

            @Override
            public synchronized int collect() {
                RunJournal.Tail tail = RunJournal.readFrom(file, position[0]);
                position[0] = tail.end();
                for (CallRecord r : tail.records()) {
                    if (!keys.contains(r.key())) {
                        continue;
                    }
                    CallRecord before = fresh.get(r.key());
                    if (before != null && !(before.isError() && !r.isError())) {
                        continue; // answered twice: the first answer stands
                    }
                    fresh.put(r.key(), r);
                    records.put(r.key(), r);
                    Counters c = counters.get(byKey.get(r.key()).variant().id());
                    if (before == null) {
                        c.done.incrementAndGet();
                        rates.finished(r.variant(), System.nanoTime() / 1_000_000);
                        monitor.worked(1);
                    } else {
                        c.errors.decrementAndGet();
                    }
                    c.errors.addAndGet(r.isError() ? 1 : 0);
                    c.cacheHits.addAndGet(r.cacheHit() ? 1 : 0);
                }
                return fresh.size();
            }
        };
        dispatch.execute(context);
        context.collect();
    }

    /** One pool per backend, sized to its concurrency; returns when every lane is drained or stopped. */
    private void runLanes(List<Call> pending) throws InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, List<Call>> lanes = new LinkedHashMap<>();
        for (Call c : pending) {
            lanes.computeIfAbsent(c.variant().backend().id(), b -> new ArrayList<>()).add(c);
        }
        List<ExecutorService> pools = new ArrayList<>();
        int workers = 0;
        for (Map.Entry<String, List<Call>> lane : lanes.entrySet()) {
            workers += setup.backend(lane.getKey()).batch() != null ? 1
                    : Math.min(lane.getValue().size(), setup.backend(lane.getKey()).spec.callsAtOnce());
        }
        CountDownLatch done = new CountDownLatch(workers);
        CallExecutor executor = new CallExecutor(setup, runName());
        for (Map.Entry<String, List<Call>> lane : lanes.entrySet()) {
            List<Call> calls = lane.getValue();
            if (setup.backend(lane.getKey()).batch() != null) {
                Thread t = new Thread(() -> {
                    try {
                        new BatchLane(setup, setup.backend(lane.getKey()), batches, executor, (call, r) -> recordDone(call, r),
                                key -> records.containsKey(key) && !records.get(key).isError(), this::isCancelled, this::message,
                                runName()).run(calls);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        cancel();
                    } finally {
                        done.countDown();
                    }
                }, "run-batch-" + lane.getKey());
                t.setDaemon(true);
                t.start();
                continue;
            }
            int threads = Math.min(calls.size(), setup.backend(lane.getKey()).spec.callsAtOnce());
            AtomicInteger next = new AtomicInteger();
            AtomicInteger id = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "run-" + lane.getKey() + "-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pools.add(pool);
            BackendHandle handle = setup.backend(lane.getKey());
            if (setup.runCache() != null && handle.cachesAnswers()) {
                Thread prefetch = new Thread(() -> prefetch(calls, next, handle, executor), "run-prefetch-" + lane.getKey());
                prefetch.setDaemon(true);
                prefetch.start();
            }
            for (int w = 0; w < threads; w++) {
                pool.execute(() -> {
                    try {
                        work(calls, next, executor);
                    } finally {
                        done.countDown();
                    }
                });
            }
        }
        done.await();
        pools.forEach(ExecutorService::shutdown);
    }

    /**
     * Looks up the cache for a lane's calls ahead of its workers, a chunk at a time, staying at most
     * {@value #PREFETCH_AHEAD} calls ahead (the prompts it renders are the ones the workers reuse:
     * a user's repeats, taken by several workers at once, find their prompt rendered once, and the
     * keys it computes are remembered for them). A cache that needs no lookup
     * ({@link RunCache#startedEmpty}) is not queried.
     */
    private void prefetch(List<Call> calls, AtomicInteger next, BackendHandle handle, CallExecutor executor) {
        try {
            List<String> keys = new ArrayList<>(RunCache.CHUNK);
            for (int i = 0; i < calls.size() && !isCancelled(); i++) {
                while (i - next.get() > PREFETCH_AHEAD && !isCancelled()) {
                    Thread.sleep(20);
                }
                keys.add(handle.cacheKey(executor.request(calls.get(i))));
                if (keys.size() == RunCache.CHUNK || i == calls.size() - 1) {
                    setup.runCache().prefetch(keys);
                    keys.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a lookup ahead failed: the workers look their keys up one by one
        }
    }

    private void work(List<Call> calls, AtomicInteger next, CallExecutor executor) {
        while (true) {
            if (!waitWhilePaused()) {
                return;
            }
            int i = next.getAndIncrement();
            if (i >= calls.size()) {
                return;
            }
            Call call = calls.get(i);
            rates.started(call.variant().id(), System.nanoTime() / 1_000_000);
            CallRecord r = executor.execute(call);
            if (r.isError() && isCancelled()) {
                return; // failed because the run is stopping: not recorded, asked again on resume
            }
            if (!recordDone(call, r)) {
                return;
            }
        }
    }

    /** Journals a finished call and counts it; false when the journal cannot be written (the run then stops). */
    private boolean recordDone(Call call, CallRecord r) {
        Counters c = counters.get(call.variant().id());
        try {
            journal.append(r);
        } catch (UncheckedIOException e) {
            failure = e.getMessage();
            cancel();
            return false;
        }
        records.put(r.key(), r);
        c.done.incrementAndGet();
        rates.finished(call.variant().id(), System.nanoTime() / 1_000_000);
        if (r.isError()) {
            c.errors.incrementAndGet();
        }
        if (r.cacheHit()) {
            c.cacheHits.incrementAndGet();
        }
        monitor.worked(1);
        monitor.estimate(progress().eta().orElse(null));
        return true;
    }

    /** Blocks while paused; false when the run is cancelled. */
    private boolean waitWhilePaused() {
        if (isCancelled()) {
            return false;
        }
        synchronized (gate) {
            while (paused && !isCancelled()) {
                try {
                    gate.wait(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !isCancelled();
    }

    /** Every call's record in plan order; a call without a record (should not happen) fails the run. */
    private List<CallRecord> ordered() {
        List<CallRecord> out = new ArrayList<>(setup.calls().size());
        for (Call c : setup.calls()) {
            CallRecord r = records.get(c.key());
            if (r == null) {
                throw new IllegalStateException("no record for " + c.key().replace('\t', ' ') + "; resume the run");
            }
            out.add(r);
        }
        return out;
    }

    private void writeManifest(State s) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        m.put("experiment", setup.spec().name());
        if (setup.file() != null && setup.file().file() != null) {
            m.put(EXPERIMENT_FILE, ExperimentLinks.link(folder, setup.file().file()));
        }
        m.put("fingerprint", setup.fingerprint());
        m.put("state", s.name().toLowerCase(java.util.Locale.ROOT));
        m.put("calls", setup.calls().size());
        m.put("app_version", AppVersion.version());
        m.put("started", started.toString());
        SavedBackends.record(setup.spec().backends()).ifPresent(saved -> m.put("saved_backends", saved));
        m.put("updated", setup.env().clock().instant().toString());
        if (failure != null) {
            m.put("failure", failure);
        }
        FileTrees.writeAtomically(folder.resolve(MANIFEST), RunOutputs.json(m) + "\n");
    }
}
