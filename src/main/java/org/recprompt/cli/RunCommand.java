package org.recprompt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.recprompt.backend.BackendType;
import org.recprompt.backend.PriceTable;
import org.recprompt.backend.ResponseCache;
import org.recprompt.backend.adapter.CallRehearsal;
import org.recprompt.experiment.ExperimentException;
import org.recprompt.experiment.ExperimentFile;
import org.recprompt.experiment.ExperimentRun;
import org.recprompt.experiment.RunEnvironment;
import org.recprompt.experiment.RunEstimate;
import org.recprompt.experiment.RunFolderLock;
import org.recprompt.experiment.RunProgress;
import org.recprompt.experiment.RunSetup;
import org.recprompt.workspace.WorkspaceDatabase;
import org.recprompt.workspace.WorkspaceLocation;
import org.recprompt.workspace.WorkspaceLockedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt run EXPERIMENT.yaml --out DIR [--resume]}: runs an experiment headless. It
 * prints the plan (calls, estimated tokens and cost per backend), asks for --yes above a cost
 * threshold, runs with progress on stderr, writes the run folder and prints a summary table.
 * LLM answers go through the workspace's response cache: the command opens the workspace database
 * (locking the workspace, so it refuses to run beside a workbench on the same workspace; --no-cache
 * runs without it). Exit codes: 0 complete with every variant within --max-error-rate, 1 failed or
 * cancelled, 2 configuration error, 3 complete but a variant failed (every call) or lost more calls
 * than --max-error-rate allows (stderr names each, with why).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an experiment (YAML, see docs/EXPERIMENTS.md) into a folder: summary.json, recommendations.csv,",
            "responses.jsonl, metrics-per-user.csv. A run killed or cancelled half-way continues with --resume."})
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "The experiment file.")
    Path experiment;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run folder (created if needed).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in DIR: calls already recorded are not sent again.")
    boolean resume;

    @Option(names = "--yes", description = "Run even when the estimated cost is above --confirm-above.")
    boolean yes;

    @Option(names = "--confirm-above", paramLabel = "DOLLARS", defaultValue = "1.00",
            description = "Ask before a run estimated to cost more than this (default: ${DEFAULT-VALUE}).")
    double confirmAbove;

    @Option(names = "--no-cache", description = "Do not use the workspace's response cache (nor open the workspace).")
    boolean noCache;

    @Option(names = "--local-only", description = {"Refuse every backend whose endpoint is not on this machine (not loopback,",
        "or marked remote: true): its calls fail with a LOCAL_ONLY message and nothing is sent. Same as localOnly: true."})
    boolean localOnly;

    @Option(names = "--max-error-rate", paramLabel = "RATE", defaultValue = "0.05",
            description = {"Exit with 3 when a variant's share of failed calls is above this (default: ${DEFAULT-VALUE});",
                "a variant whose every call failed always does."})
    double maxErrorRate;

    @Option(names = "--workers", description = {"Queue the calls for 'worker' processes (shards: a block of users of one variant)",
        "instead of running them here; needs RECPROMPT_DB_URL naming a shared PostgreSQL database. The outputs are written",
        "here once every shard is done."})
    boolean workers;

    @Option(names = "--shard-users", paramLabel = "N", defaultValue = "" + org.recprompt.experiment.workers.ShardPlan.DEFAULT_USERS,
            description = "With --workers: users per shard (default: ${DEFAULT-VALUE}).")
    int shardUsers;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--progress-seconds", paramLabel = "S", defaultValue = "5", hidden = true,
            description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    int progressSeconds;

    @Option(names = "--timings", hidden = true, description = "Print the seconds at which each phase began, counted from the process's start (the first JVM's, for a tuned run), on stderr.")
    boolean timings;

    @Spec
    CommandSpec spec;

    private void phase(PrintWriter err, String what) {
        if (timings) {
            err.printf(Locale.ROOT, "[timing] %6.2f s %s%n", (System.currentTimeMillis() - TunedJvm.launchedAt()) / 1000.0, what);
            err.flush();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        phase(stderr, "command started" + TunedJvm.describeThisJvm());
        if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            stderr.println("run: --max-error-rate must lie between 0 and 1, not " + maxErrorRate + ".");
            return ExitCode.USAGE;
        }
        if (shardUsers < 1) {
            stderr.println("run: --shard-users must be at least 1, not " + shardUsers + ".");
            return ExitCode.USAGE;
        }
        org.recprompt.workspace.DatabaseSettings shared = null;
        if (workers) {
            try {
                shared = org.recprompt.workspace.DatabaseSettings.of(WorkspaceLocation.resolve(new String[0], System.getenv()),
                        System.getenv());
            } catch (IllegalArgumentException e) {
                stderr.println("run: " + e.getMessage() + ".");
                return ExitCode.USAGE;
            }
            if (!shared.shared()) {
                stderr.println("run: --workers needs a shared database: set " + org.recprompt.workspace.DatabaseSettings.URL_VARIABLE
                        + " (with RECPROMPT_DB_USER and RECPROMPT_DB_PASSWORD) to a PostgreSQL database that the workers reach too;"
                        + " H2 in the workspace admits one process. Without --workers the run executes here.");
                return ExitCode.USAGE;
            }
        }
        org.recprompt.workspace.DatabaseSettings sharedDb = shared;
        ExperimentFile file;
        try {
            file = ExperimentFile.load(experiment, Path.of("").toAbsolutePath());
        } catch (ExperimentException e) {
            stderr.println("run: " + e.getMessage());
            return ExitCode.USAGE;
        }
        phase(stderr, "experiment read");
        if (file.spec().backends().stream().anyMatch(RunCommand::callsOpenAiAdapter)) {
            CallRehearsal.startInBackground(); // while the dataset loads: the first calls find the adapter's code loaded
        }
        RunFolderLock folderLock = null;
        if (resume || java.nio.file.Files.isDirectory(out)) {
            try { // at once, before the dataset loads: a folder another run is writing is refused here
                folderLock = RunFolderLock.acquire(out);
            } catch (RunFolderLock.LockedException e) {
                stderr.println("run: " + e.getMessage() + ".");
                return ExitCode.FAILURE;
            }
        }
        if (file.spec().backends().stream().allMatch(b -> b.kind().usesPrompt()
                || b.kind() == org.recprompt.experiment.ExperimentSpec.Kind.RANDOM
                || b.kind() == org.recprompt.experiment.ExperimentSpec.Kind.MOST_POPULAR)) {
            JitTuning.forCallBoundRun();
        }
        boolean needsCache = !noCache && file.spec().backends().stream().anyMatch(RunSetup::isLlm);
        Path workspace = WorkspaceLocation.resolve(new String[0], System.getenv());
        // The database opens (and migrates) on a second thread while the dataset loads on this one; a tuned run's JVM
        // began opening it at its start (HeadStart).
        java.util.concurrent.CompletableFuture<WorkspaceDatabase> opening = !(needsCache || workers)
                ? java.util.concurrent.CompletableFuture.completedFuture(null)
                : sharedDb == null ? HeadStart.database(workspace).orElseGet(() -> HeadStart.openDatabase(workspace, null))
                : HeadStart.openDatabase(workspace, sharedDb);
        // on the workspace's H2 database this process holds the workspace lock: nothing else writes to the cache
        CachedCache cache = new CachedCache(opening, sharedDb == null
                && !org.recprompt.workspace.DatabaseSettings.namesSharedServer(System::getenv));
        WorkspaceDatabase db = null;
        try {
            RunEnvironment env = new RunEnvironment(needsCache ? cache : null, System::getenv, PriceTable.defaults(),
                    workspace.resolve("cache").resolve("embeddings"), Clock.systemUTC())
                    .withPrivacy(localOnly, needsCache ? cache.egressSink() : null, null);
            RunSetup setup;
            try {
                setup = RunSetup.prepareToRun(file, env);
            } catch (ExperimentException e) {
                stderr.println("run: " + e.getMessage());
                return ExitCode.USAGE;
            }
            phase(stderr, "setup prepared");
            try {
                db = opening.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof WorkspaceLockedException locked) {
                    stderr.println("run: " + locked.getMessage() + " To run beside it without the response cache, add --no-cache.");
                    return ExitCode.FAILURE;
                }
                if (e.getCause() instanceof org.recprompt.workspace.DatabaseUnavailableException unavailable) {
                    stderr.println("run: " + unavailable.getMessage() + " To run without the response cache, add --no-cache.");
                    return ExitCode.FAILURE;
                }
                throw e;
            }
            phase(stderr, "workspace database open");
            RunEstimate estimate = RunEstimate.of(setup);
            phase(stderr, "estimated");
            printPlan(stdout, setup, estimate, db != null);
            if (estimate.totalCost() > confirmAbove && !yes && !confirmed(stdout, estimate)) {
                stderr.printf(Locale.ROOT, "run: the estimated cost $%.2f is above $%.2f; run again with --yes to go ahead"
                        + " (or raise --confirm-above).%n", estimate.totalCost(), confirmAbove);
                return ExitCode.FAILURE;
            }
            ExperimentRun run;
            org.recprompt.experiment.workers.DistributedDispatch dispatch = workers
                    ? new org.recprompt.experiment.workers.DistributedDispatch(db.dataSource(), Path.of("").toAbsolutePath(), shardUsers,
                            needsCache, localOnly)
                    : null;
            try {
                run = ExperimentRun.start(setup, out, resume, timingMonitor(stderr), folderLock, dispatch);
            } catch (RunFolderLock.LockedException e) {
                stderr.println("run: " + e.getMessage() + ".");
                return ExitCode.FAILURE;
            } catch (IllegalStateException e) {
                stderr.println("run: " + e.getMessage() + ".");
                return ExitCode.USAGE;
            }
            if (run.resumedCalls() > 0) {
                stdout.printf(Locale.ROOT, "Resuming: %,d calls already recorded, %,d to go.%n", run.resumedCalls(),
                        run.pendingCalls());
            }
            stdout.flush();
            Thread hook = new Thread(() -> stopGracefully(run, stderr), "run-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            ExperimentRun.Result result;
            while ((result = run.await(Duration.ofSeconds(Math.max(1, progressSeconds)))) == null) {
                if (!quiet) {
                    printProgress(stderr, run.progress());
                    if (dispatch != null && dispatch.status() != null) {
                        printShards(stderr, dispatch.status());
                    }
                }
            }
            phase(stderr, "run ended");
            if (!run.recoveryNote().isEmpty()) {
                stderr.println("run: " + run.recoveryNote());
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            return switch (result.state()) {
                case COMPLETE -> {
                    printSummary(stdout, result.summary(), setup);
                    stdout.println("Wrote " + out.resolve("summary.json") + ", recommendations.csv, responses.jsonl and"
                            + " metrics-per-user.csv.");
                    if (setup.spec().simulation() != null) {
                        printRounds(stdout, out.resolve("rounds.csv"));
                    }
                    List<String> problems = variantProblems(result.summary(), maxErrorRate);
                    problems.forEach(p -> stderr.println("run: " + p));
                    yield problems.isEmpty() ? ExitCode.OK : ExitCode.VARIANT_FAILURES;
                }
                case CANCELLED -> {
                    stderr.println("run: cancelled; continue with --resume.");
                    yield ExitCode.FAILURE;
                }
                default -> {
                    stderr.println("run: failed: " + result.failure());
                    yield ExitCode.FAILURE;
                }
            };
        } finally {
            if (folderLock != null) {
                folderLock.close(); // the run released it when it ended; this covers a return before it started
            }
            if (db != null) {
                db.close();
            } else {
                // stopped before the database was taken (a configuration error): close it once it is open
                opening.handle((d, e) -> {
                    if (d != null) {
                        d.close();
                    }
                    return null;
                }).join();
            }
            phase(stderr, "closed");
        }
    }

    /**
     * On SIGINT or SIGTERM (the JVM's shutdown): no new call starts, the calls in flight get up to
     * {@link #GRACE} to finish into the journal, then the process ends; the folder stays resumable.
     */
    static void stopGracefully(ExperimentRun run, PrintWriter stderr) {
        run.cancel();
        stderr.println("run: stopping; calls in flight may finish within " + GRACE.toSeconds()
                + " s. Continue with --resume.");
        stderr.flush();
        try {
            run.await(GRACE);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long an interrupted run waits for its calls in flight (documented in docs/EXPERIMENTS.md). */
    static final Duration GRACE = Duration.ofSeconds(10);

    /** With --timings, a monitor that prints the run's phases as they start; otherwise none. */
    private org.recprompt.base.ProgressMonitor timingMonitor(PrintWriter err) {
        if (!timings) {
            return null;
        }
        return new org.recprompt.base.ProgressMonitor() {
            private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();

            @Override
            public void begin(long totalWork) {
            }

            @Override
            public void worked(long amount) {
                if (done.getAndAdd(amount) == 0) {
                    phase(err, "first call recorded");
                }
            }

            @Override
            public void message(String message) {
                phase(err, message);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }

    /**
     * The response cache once the database is open: backends are built while it opens, and their
     * first call (after the run starts) waits for it.
     */
    static final class CachedCache implements org.recprompt.experiment.CacheSource {
        private final java.util.concurrent.CompletableFuture<WorkspaceDatabase> db;
        private final boolean soleWriter;
        private volatile ResponseCache cache;

        /**
         * Whether the cache was empty, asked on a thread of its own the moment the database is open:
         * the first query on a fresh H2 database takes about 0.1 s, and every call thread of the run
         * waited for it at its first lookup. Null when not asked or the query failed.
         */
        private final java.util.concurrent.CompletableFuture<Boolean> emptyWhenOpened;

        CachedCache(java.util.concurrent.CompletableFuture<WorkspaceDatabase> db, boolean soleWriter) {
            this.db = db;
            this.soleWriter = soleWriter;
            boolean noDatabase = db.isDone() && !db.isCompletedExceptionally() && db.join() == null; // a run without the cache
            this.emptyWhenOpened = !soleWriter || noDatabase ? java.util.concurrent.CompletableFuture.completedFuture(null)
                    : db.thenApplyAsync(d -> d == null ? null : get().isEmpty(),
                            org.recprompt.base.OwnThread.named("workspace-cache-check")).exceptionally(e -> null);
        }

        @Override
        public boolean soleWriter() {
            return soleWriter;
        }

        @Override
        public Boolean emptySinceOpened() {
            Boolean empty = emptyWhenOpened.join();
            ResponseCache c = cache;
            return empty != null && c != null && c.writes() == 0 ? empty : null;
        }

        private volatile org.recprompt.backend.EgressLog log;

        /** The workspace's egress log, once the database is open (null when there is none). */
        private org.recprompt.backend.EgressLog log() {
            org.recprompt.backend.EgressLog l = log;
            if (l == null) {
                synchronized (this) {
                    WorkspaceDatabase d = db.join();
                    if (log == null && d != null) {
                        log = new org.recprompt.backend.EgressLog(d.jdbc());
                    }
                    l = log;
                }
            }
            return l;
        }

        /** Records to the workspace's egress log once the database is open, one event or a batch. */
        org.recprompt.backend.EgressSink egressSink() {
            return new org.recprompt.backend.EgressSink() {
                @Override
                public void record(org.recprompt.backend.EgressEvent e) {
                    recordAll(List.of(e));
                }

                @Override
                public void recordAll(List<org.recprompt.backend.EgressEvent> events) {
                    org.recprompt.backend.EgressLog l = log();
                    if (l != null) {
                        l.recordAll(events);
                    }
                }

                @Override
                public List<org.recprompt.backend.EgressEvent> recorded(String project, String run) {
                    org.recprompt.backend.EgressLog l = log();
                    return l == null ? null : l.recorded(project, run);
                }
            };
        }

        @Override
        public ResponseCache get() {
            ResponseCache c = cache;
            if (c == null) {
                synchronized (this) {
                    WorkspaceDatabase d = db.join();
                    if (cache == null && d != null) {
                        cache = new ResponseCache(d.jdbc(), Clock.systemUTC());
                    }
                    c = cache;
                }
            }
            return c;
        }
    }

    private boolean confirmed(PrintWriter stdout, RunEstimate estimate) {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        stdout.flush();
        String answer = console.readLine("Estimated cost $%.2f. Go ahead? [y/N] ", estimate.totalCost());
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }

    static void printPlan(PrintWriter out, RunSetup setup, RunEstimate estimate, boolean cache) {
        out.printf(Locale.ROOT, "Experiment %s: %,d users, %d variants, %,d calls%s%n", setup.spec().name(),
                setup.users().length, setup.variants().size(), estimate.totalCalls(),
                cache ? " (LLM answers from the workspace cache when present)" : "");
        out.printf(Locale.ROOT, "  %-16s %-18s %-16s %9s %14s %14s %10s%n", "backend", "type", "model", "calls",
                "input tokens", "output tokens", "est. cost");
        for (RunEstimate.Line l : estimate.lines()) {
            out.printf(Locale.ROOT, "  %-16s %-18s %-16s %,9d %,14d %,14d %10s%n", l.backend(), l.type(),
                    l.model() == null ? "-" : l.model(), l.calls(), l.inputTokens(), l.outputTokens(),
                    l.priced() ? String.format(Locale.ROOT, "$%.2f", l.cost()) : l.type().equals("replay") || l.model() == null ? "$0.00" : "unpriced");
            if (!l.caching().note().isEmpty()) {
                out.printf(Locale.ROOT, "  %-16s prompt caching: %s%n", "", l.caching().note());
            }
        }
        out.printf(Locale.ROOT, "  estimated total: $%.2f (an upper bound: cached answers cost nothing)%n", estimate.totalCost());
        if (!RunEstimate.batchNote(setup).isEmpty()) {
            out.println("  " + RunEstimate.batchNote(setup));
        }
        if (!setup.refusedBackends().isEmpty()) {
            out.printf(Locale.ROOT, "  local only: %s %s not on this machine; %s calls fail with LOCAL_ONLY and send nothing"
                    + " (answers already cached are used)%n", String.join(", ", setup.refusedBackends()),
                    setup.refusedBackends().size() == 1 ? "is" : "are", setup.refusedBackends().size() == 1 ? "its" : "their");
        } else if (setup.localOnly()) {
            out.println("  local only: every backend is on this machine");
        }
        for (String w : setup.warnings()) {
            out.println("  warning: " + w);
        }
    }

    /** How a progress message says calls wait on the provider's quota (the rate limiter's wording). */
    static final String QUOTA_WAIT = "waiting for the provider's quota";

    static void printProgress(PrintWriter err, RunProgress p) {
        StringBuilder s = new StringBuilder();
        if (p.state() == RunProgress.State.PREPARING && p.message() != null && !p.message().isEmpty()) {
            err.println(String.format(Locale.ROOT, "[%4ds] %s", p.elapsed().toSeconds(), p.message())); // before any call: no count, no ETA
            err.flush();
            return;
        }
        s.append(String.format(Locale.ROOT, "[%4ds] %,d/%,d calls", p.elapsed().toSeconds(), p.done(), p.total()));
        for (RunProgress.VariantProgress v : p.variants()) {
            if (v.done() >= v.total()) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "; %s %d/%d %.1f/s", v.id(), v.done(), v.total(), v.callsPerSecond()));
            v.eta().ifPresent(d -> s.append(" ETA ").append(d.toSeconds()).append('s'));
            if (v.errors() > 0) {
                s.append(", ").append(v.errors()).append(" errors");
            }
        }
        if (p.message() != null && (p.message().startsWith("Round ") || p.message().contains(": batch ")
                || p.message().contains(QUOTA_WAIT))) {
            s.append(" (").append(p.message()).append(')');
        }
        err.println(s);
        err.flush();
    }

    /** A run on workers: its shards by state, and each worker's shards (running, done) with its heartbeat's age. */
    static void printShards(PrintWriter err, org.recprompt.experiment.workers.DistributedDispatch.Status status) {
        StringBuilder s = new StringBuilder("       ").append(status.line());
        for (org.recprompt.experiment.workers.ShardStore.Worker w : status.workers()) {
            long done = status.shards().stream().filter(x -> w.name().equals(x.worker()) && x.state().equals("done")).count();
            s.append(String.format(Locale.ROOT, "; %s: %d done, seen %.0f s ago", w.name(), done, w.lastSeenAge()));
        }
        err.println(s);
        err.flush();
    }

    /** The simulation's trajectories, one line per variant and round, from the run's rounds.csv. */
    static void printRounds(PrintWriter out, Path rounds) {
        List<String> shown = List.of("history_entropy", "history_kl", "homogenisation", "calibration_kl", "arp", "coverage");
        Map<String, Map<String, String>> rows = new java.util.LinkedHashMap<>();
        try (var reader = java.nio.file.Files.newBufferedReader(rounds);
                var csv = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            for (var rec : csv) {
                rows.computeIfAbsent(rec.get("variant") + "\t" + rec.get("round"), k -> new java.util.LinkedHashMap<>())
                        .put(rec.get("metric"), rec.get("value"));
            }
        } catch (java.io.IOException | RuntimeException e) {
            out.println("Could not read " + rounds + ": " + e.getMessage());
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "%-28s %5s %9s %9s %9s %9s %9s %9s%n", "variant (simulation)", "round", "h.entropy", "h.drift",
                "homog.", "calib.KL", "ARP", "coverage");
        rows.forEach((key, m) -> {
            String[] vr = key.split("\t");
            Object[] cells = new Object[2 + shown.size()];
            cells[0] = vr[0];
            cells[1] = vr[1];
            for (int i = 0; i < shown.size(); i++) {
                String v = m.get(shown.get(i));
                cells[2 + i] = v == null || v.isEmpty() ? "-" : String.format(Locale.ROOT, "%.4f", Double.parseDouble(v));
            }
            out.printf(Locale.ROOT, "%-28s %5s %9s %9s %9s %9s %9s %9s%n", cells);
        });
        out.println("Wrote " + rounds + ", simulation-histories.jsonl and simulation-responses.jsonl.");
    }

    /**
     * One line per variant that failed or whose error rate is above {@code maxErrorRate}: its id,
     * status, failed calls and the first failure in one sentence; empty when every variant is within.
     */
    @SuppressWarnings("unchecked")
    static List<String> variantProblems(Map<String, Object> summary, double maxErrorRate) {
        List<String> out = new java.util.ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) summary.get("variants")) {
            double rate = v.get("error_rate") instanceof Number n ? n.doubleValue() : 0;
            boolean failed = "failed".equals(v.get("status"));
            if (!failed && rate <= maxErrorRate) {
                continue;
            }
            String why = v.get("first_error") == null ? "" : " First error: " + v.get("first_error");
            out.add(String.format(Locale.ROOT, "variant %s %s: %s of %s calls failed (%.1f%%%s).%s", v.get("id"),
                    failed ? "failed" : "is above the error limit", v.get("errors"), v.get("calls"), 100 * rate,
                    failed ? "" : String.format(Locale.ROOT, ", above --max-error-rate %.1f%%", 100 * maxErrorRate), why));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static void printSummary(PrintWriter out, Map<String, Object> summary, RunSetup setup) {
        int k = setup.spec().maxK();
        String ndcg = "ndcg@" + k;
        String hr = "hr@" + k;
        out.println();
        out.printf(Locale.ROOT, "%-28s %-8s %6s %-24s %-24s %8s %8s %7s %7s %9s%n", "variant", "status", "users", ndcg + " [95% CI]",
                hr + " [95% CI]", "halluc.", "compl.", "errors", "cached", "cost");
        for (Map<String, Object> v : (List<Map<String, Object>>) summary.get("variants")) {
            Map<String, Object> m = (Map<String, Object>) v.get("metrics");
            String status = String.valueOf(v.get("status"));
            out.printf(Locale.ROOT, "%-28s %-8s %6s %-24s %-24s %8s %8s %7s %7s %9s%n", v.get("id"),
                    "partial".equals(status) ? "partial!" : status,
                    "partial".equals(status) ? v.get("answered_users") + "/" + v.get("n_users") : v.get("n_users"),
                    withCi(m.get(ndcg)), withCi(m.get(hr)), mean(m.get("hallucination_rate")), mean(m.get("compliance_rate")),
                    v.get("errors"), v.get("cache_hits"), String.format(Locale.ROOT, "$%.4f", ((Number) v.get("cost")).doubleValue()));
        }
        if (summary.get("best") instanceof Map<?, ?> best && best.get(ndcg) != null) {
            out.println("Best " + ndcg + " (variants that did not fail): " + best.get(ndcg));
        }
        if ("failed".equals(summary.get("status"))) {
            out.println("Every LLM variant failed: the run measured no model.");
        }
        out.println();
    }

    @SuppressWarnings("unchecked")
    private static String withCi(Object o) {
        if (!(o instanceof Map<?, ?> m) || m.get("mean") == null) {
            return "-";
        }
        List<Number> ci = (List<Number>) ((Map<String, Object>) m).get("ci");
        return ci == null ? String.format(Locale.ROOT, "%.4f", ((Number) m.get("mean")).doubleValue())
                : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", ((Number) m.get("mean")).doubleValue(),
                        ci.get(0).doubleValue(), ci.get(1).doubleValue());
    }

    private static String mean(Object o) {
        if (!(o instanceof Map<?, ?> m) || m.get("mean") == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.4f", ((Number) m.get("mean")).doubleValue());
    }

    /** True for a live (not batch) backend that calls through the OpenAI-compatible adapter. */
    static boolean callsOpenAiAdapter(org.recprompt.experiment.ExperimentSpec.BackendSpec b) {
        return !b.isBatch() && BackendType.byId(b.type()).map(t -> "openai".equals(t.providerType())).orElse(false);
    }
}
