package org.recprompt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.recprompt.base.FileTrees;
import org.recprompt.experiment.ExperimentFile;
import org.recprompt.experiment.ExperimentRun;
import org.recprompt.experiment.RunEnvironment;
import org.recprompt.experiment.RunProgress;
import org.recprompt.experiment.RunSetup;
import org.recprompt.experiment.workers.DistributedDispatch;
import org.recprompt.experiment.workers.ShardStore;
import org.recprompt.workspace.DatabaseSettings;
import org.recprompt.workspace.WorkspaceDatabase;
import org.recprompt.workspace.WorkspaceLocation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench workers}: how a run's time scales with 1, 2 and 4 {@code worker} processes on the
 * shared database (RECPROMPT_DB_URL), against a local OpenAI-compatible {@link QuotaServer}:
 * (a) with a fixed per-minute quota, (b) with none. For each count it starts that many worker
 * processes (this jar or class path, {@code worker}), waits until each has registered, then times one
 * run of a generated experiment (one LLM variant, --users users) from queueing to its outputs, and
 * stops the workers. The table gives seconds, calls per second, the speed-up over one worker and the
 * ideal: without a quota, calls x latency / (workers x concurrency); with one, the quota's pace (the
 * server's bucket starts full: the calls beyond one minute's quota at the quota's rate, and no less than
 * the latency-bound time).
 */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = {"Run time of one run on 1, 2 and 4 worker processes against a local fake server, with a per-minute quota",
            "and without one (needs RECPROMPT_DB_URL: a PostgreSQL database)."})
final class BenchWorkers implements Callable<Integer> {

    @Option(names = "--users", paramLabel = "N", defaultValue = "240", description = "Users, one call each (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--counts", paramLabel = "LIST", defaultValue = "1,2,4", split = ",",
            description = "Worker processes to time (default: ${DEFAULT-VALUE}).")
    List<Integer> counts;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "200",
            description = "The server's delay before each answer (default: ${DEFAULT-VALUE}).")
    int latencyMs;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "4",
            description = "The backend's concurrency in each worker (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--shard-users", paramLabel = "N", defaultValue = "10", description = "Users per shard (default: ${DEFAULT-VALUE}).")
    int shardUsers;

    @Option(names = "--rpm", paramLabel = "R", defaultValue = "120",
            description = "Case (a)'s quota in requests a minute (default: ${DEFAULT-VALUE}; tokens unbounded).")
    int rpm;

    @Option(names = "--case", paramLabel = "a|b|both", defaultValue = "both",
            description = "a: with the quota, b: without, both (default: ${DEFAULT-VALUE}).")
    String only;

    @Spec
    CommandSpec spec;

    record Row(String label, int workers, double seconds, double ideal, int calls, int refused) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path workspace = WorkspaceLocation.resolve(new String[0], System.getenv());
        DatabaseSettings settings = DatabaseSettings.of(workspace, System.getenv());
        if (!settings.shared()) {
            err.println("bench workers: needs a shared database: set " + DatabaseSettings.URL_VARIABLE
                    + " (with RECPROMPT_DB_USER and RECPROMPT_DB_PASSWORD) to a PostgreSQL database.");
            return ExitCode.USAGE;
        }
        if (!List.of("a", "b", "both").contains(only) || users < 1 || concurrency < 1 || shardUsers < 1 || rpm < 1
                || counts.stream().anyMatch(n -> n < 1)) {
            err.println("bench workers: --case is a, b or both; --users, --concurrency, --shard-users, --rpm and --counts are positive.");
            return ExitCode.USAGE;
        }
        Path dir = Files.createTempDirectory("recprompt-bench-workers");
        List<Row> rows = new ArrayList<>();
        try (WorkspaceDatabase db = WorkspaceDatabase.openShared(workspace, settings)) {
            MovieLensGenerator.write(dir, users * 20, users, 5000, 7);
            Path template = dir.resolve("ranking.mustache");
            Files.writeString(template, """
                    ---
                    name: ranking
                    kind: chat
                    output: numbered-titles
                    candidates: 20
                    k: 10
                    ---
                    [system]
                    You are a {{domain}} recommender.

                    [user]
                    I watched, oldest first:
                    {{#history}}
                    {{position}}. {{title}}
                    {{/history}}

                    Here are {{C}} candidate {{domains}}:
                    {{#candidates}}
                    [{{index}}] {{title}}
                    {{/candidates}}

                    Rank the {{K}} best candidates, best first, as a numbered list of titles.
                    """);
            for (String c : only.equals("both") ? List.of("a", "b") : List.of(only)) {
                boolean quota = c.equals("a");
                for (int n : counts) {
                    try (QuotaServer server = QuotaServer.start(quota ? rpm : 1_000_000_000, 1_000_000_000_000L, latencyMs)) {
                        Path exp = experiment(dir, template, server.baseUrl(), c + n);
                        double seconds = time(db, dir, exp, n, err);
                        // the server's bucket starts full (rpm requests at once), then refills rpm a minute
                        double ideal = quota ? Math.max(Math.max(0, users - rpm) * 60.0 / rpm,
                                users * (latencyMs / 1000.0) / (n * concurrency)) : users * (latencyMs / 1000.0) / (n * concurrency);
                        rows.add(new Row(quota ? "(a) quota " + rpm + "/min" : "(b) no quota", n, seconds, ideal, users,
                                server.refusedTotal()));
                        err.printf(Locale.ROOT, "bench workers: case %s, %d worker(s): %.1f s%n", c, n, seconds);
                        err.flush();
                    }
                }
            }
        } finally {
            FileTrees.delete(dir);
        }
        print(out, rows);
        return ExitCode.OK;
    }

    private Path experiment(Path dir, Path template, String baseUrl, String name) throws IOException {
        Path f = dir.resolve("bench-" + name + ".yaml");
        Files.writeString(f, "name: bench-" + name + "\n"
                + "dataset: { path: " + dir.toAbsolutePath() + " }\n"
                + "split: { method: leave-last-out }\n"
                + "users: { sample: " + users + ", seed: 3 }\n"
                + "candidates: { size: 20, negatives: random, seed: 3 }\n"
                + "templates: [ " + template.toAbsolutePath() + " ]\n"
                + "backends:\n  - { id: llm, type: openai, baseUrl: \"" + baseUrl + "\", model: bench, concurrency: " + concurrency
                + " }\n"
                + "k: [10]\n");
        return f;
    }

    /** Starts {@code n} workers, waits until they registered, times one run on them, stops them. */
    private double time(WorkspaceDatabase db, Path dir, Path exp, int n, PrintWriter err) throws Exception {
        ShardStore store = new ShardStore(db.dataSource());
        List<Process> workers = new ArrayList<>();
        String prefix = "bench-" + ProcessHandle.current().pid() + "-" + exp.getFileName().toString().replace(".yaml", "") + "-";
        try {
            for (int i = 1; i <= n; i++) {
                workers.add(worker(prefix + i, dir));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (store.workers(null).stream().filter(w -> w.name().startsWith(prefix) && !w.stopped()).count() < n) {
                if (System.nanoTime() > deadline || workers.stream().anyMatch(p -> !p.isAlive())) {
                    throw new IllegalStateException("the worker processes did not start; see " + dir.resolve(prefix + "1.log"));
                }
                Thread.sleep(200);
            }
            RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline());
            long start = System.nanoTime();
            ExperimentRun run = ExperimentRun.start(setup, dir.resolve("run-" + exp.getFileName().toString().replace(".yaml", "")), false,
                    null, null, new DistributedDispatch(db.dataSource(), dir, shardUsers, false, false));
            ExperimentRun.Result result = run.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (result.state() != RunProgress.State.COMPLETE) {
                throw new IllegalStateException("the run on " + n + " workers ended " + result.state() + ": " + result.failure());
            }
            return seconds;
        } finally {
            for (Process p : workers) {
                p.destroy();
            }
            for (Process p : workers) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process worker(String name, Path dir) throws IOException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(javaCommand, "-Xmx512m"));
        if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", cp));
        } else {
            command.addAll(List.of("-cp", cp, "org.recprompt.Application"));
        }
        command.addAll(List.of("worker", "--name", name));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private void print(PrintWriter out, List<Row> rows) {
        out.printf(Locale.ROOT, "%-22s %8s %9s %9s %9s %9s %9s %8s%n", "case", "workers", "seconds", "calls/s", "speed-up", "ideal s",
                "vs ideal", "429s");
        for (Row r : rows) {
            Row one = rows.stream().filter(x -> x.label().equals(r.label()) && x.workers() == 1).findFirst().orElse(null);
            out.printf(Locale.ROOT, "%-22s %8d %9.1f %9.1f %9s %9.1f %9.2f %8d%n", r.label(), r.workers(), r.seconds(), r.calls() / r.seconds(),
                    one == null ? "-" : String.format(Locale.ROOT, "%.2fx", one.seconds() / r.seconds()), r.ideal(), r.seconds() / r.ideal(),
                    r.refused());
        }
        out.println("speed-up: the 1-worker time over this one; vs ideal: seconds over the ideal (without a quota calls x latency /"
                + " (workers x concurrency); with one, the calls beyond the server's first full minute at the quota's pace). Times include each"
                + " worker building the run's setup once.");
        out.flush();
    }
}
