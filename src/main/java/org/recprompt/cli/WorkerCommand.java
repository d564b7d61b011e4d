package org.recprompt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.recprompt.experiment.workers.ShardWorker;
import org.recprompt.workspace.DatabaseSettings;
import org.recprompt.workspace.WorkspaceDatabase;
import org.recprompt.workspace.WorkspaceLocation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt worker [--name NAME] [--exit-when-idle]}: takes shards of runs started with
 * {@code run --workers} (or the workbench's "On workers") from the workspace's shared database and
 * executes them, one line per shard taken and finished, until interrupted (Ctrl+C: the shard in
 * progress stops starting calls, its calls in flight finish into the journal, and it is queued again
 * for another worker) or, with --exit-when-idle, until no shard is queued or running. Needs
 * {@code RECPROMPT_DB_URL} naming a PostgreSQL database (H2 admits one process). Exit codes: 0 stopped,
 * 1 failure, 2 no shared database.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Execute shards of runs started with 'run --workers' (a block of users of one variant at a time),",
            "taken from the shared database named by RECPROMPT_DB_URL, until interrupted."})
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--name", paramLabel = "NAME", description = "The worker's name in the run tab and the progress (default: HOST-PID).")
    String name;

    @Option(names = "--exit-when-idle", description = "Stop once no shard is queued or running (a dead worker's shard waits for its lease).")
    boolean exitWhenIdle;

    @Option(names = "--heartbeat-seconds", paramLabel = "S", defaultValue = "5", hidden = true,
            description = "Seconds between heartbeats (default: ${DEFAULT-VALUE}); a shard is taken over after --missed-heartbeats of them.")
    double heartbeatSeconds;

    @Option(names = "--missed-heartbeats", paramLabel = "N", defaultValue = "6", hidden = true,
            description = "Missed heartbeats after which another worker takes a shard over (default: ${DEFAULT-VALUE}).")
    int missedHeartbeats;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Path workspace = WorkspaceLocation.resolve(new String[0], System.getenv());
        DatabaseSettings settings;
        try {
            settings = DatabaseSettings.of(workspace, System.getenv());
        } catch (IllegalArgumentException e) {
            stderr.println("worker: " + e.getMessage() + ".");
            return ExitCode.USAGE;
        }
        if (!settings.shared()) {
            stderr.println("worker: workers need a shared database: set " + DatabaseSettings.URL_VARIABLE + " (with "
                    + DatabaseSettings.USER_VARIABLE + " and " + DatabaseSettings.PASSWORD_VARIABLE
                    + ") to the PostgreSQL database of the workbench that starts the runs; H2 in a workspace admits one process.");
            return ExitCode.USAGE;
        }
        if (!(heartbeatSeconds > 0) || missedHeartbeats < 4) {
            stderr.println("worker: --heartbeat-seconds must be above 0 and --missed-heartbeats at least 4 (db-scheduler's least).");
            return ExitCode.USAGE;
        }
        String me = name != null && !name.isBlank() ? name.strip() : host() + "-" + ProcessHandle.current().pid();
        try (WorkspaceDatabase db = WorkspaceDatabase.openShared(workspace, settings)) {
            ShardWorker worker = new ShardWorker(db.dataSource(), me, workspace, System::getenv, line -> {
                synchronized (stdout) {
                    stdout.println(line);
                    stdout.flush();
                }
            }, Duration.ofMillis(Math.round(heartbeatSeconds * 1000)), missedHeartbeats);
            Thread hook = new Thread(worker::close, "worker-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            worker.start();
            stdout.println("worker " + me + ": waiting for shards" + (exitWhenIdle ? " (until none is queued or running)" : ""));
            stdout.flush();
            int idleLooks = 0;
            while (true) {
                Thread.sleep(1000);
                if (exitWhenIdle) {
                    idleLooks = worker.idle() ? idleLooks + 1 : 0;
                    if (idleLooks >= 2) {
                        break;
                    }
                }
            }
            worker.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            stdout.println("worker " + me + ": no shard queued or running; stopped");
            stdout.flush();
            return ExitCode.OK;
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "worker";
        }
    }
}
