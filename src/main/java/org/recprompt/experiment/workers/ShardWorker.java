package org.recprompt.experiment.workers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.sql.DataSource;

import org.recprompt.backend.EgressLog;
import org.recprompt.backend.PriceTable;
import org.recprompt.backend.ResponseCache;
import org.recprompt.experiment.ExperimentFile;
import org.recprompt.experiment.RunEnvironment;
import org.recprompt.experiment.RunSetup;
import org.recprompt.experiment.ShardRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;

/**
 * A {@code worker} process: a db-scheduler {@link Scheduler} over the shared database that takes one
 * shard at a time and executes it ({@link ShardRunner}). The run's setup is built here from the
 * experiment file the coordinator named, the same way the coordinator built it (keys from this
 * process's environment, backends with their limits), and refused when its fingerprint differs from
 * the run's (the file changed since the run was queued). One setup is kept per run, so a worker
 * taking many shards of one run loads its dataset once.
 *
 * <p>Leases: the scheduler's heartbeat ({@code heartbeat}, every few seconds) keeps this worker's
 * shard its own; once the heartbeat is {@code missedHeartbeats} intervals old another worker's
 * scheduler revives the shard and executes what the journal does not hold yet.
 */
public final class ShardWorker implements AutoCloseable {

    /** Defaults: a heartbeat every 5 s, a shard taken over after 6 missed ones (30 s), a look for work every 200 ms (a shard
     * follows the last without a pause worth a call; one indexed query a look). */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    public static final int MISSED_HEARTBEATS = 6;
    public static final Duration POLLING = Duration.ofMillis(200);

    private final DataSource dataSource;
    private final ShardStore store;
    private final String name;
    private final Path workspace;
    private final Function<String, String> env;
    private final Consumer<String> out;
    private final Duration heartbeat;
    private final int missedHeartbeats;
    private final Map<String, Integer> executing = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private Scheduler scheduler;
    private Thread beat;
    /** The run whose setup this worker holds (one at a time). */
    private String preparedRun;
    private ShardRunner runner;

    public ShardWorker(DataSource dataSource, String name, Path workspace, Function<String, String> env, Consumer<String> out,
            Duration heartbeat, int missedHeartbeats) {
        this.dataSource = dataSource;
        this.store = new ShardStore(dataSource);
        this.name = name;
        this.workspace = workspace;
        this.env = env;
        this.out = out;
        this.heartbeat = heartbeat;
        this.missedHeartbeats = missedHeartbeats;
    }

    public String name() {
        return name;
    }

    /** Registers the worker and starts taking shards. */
    public void start() {
        store.workerStarted(name, host(), ProcessHandle.current().pid());
        scheduler = Scheduler.create(dataSource, ShardTask.define(this::execute)).threads(1).pollingInterval(POLLING)
                .heartbeatInterval(heartbeat).missedHeartbeatsLimit(missedHeartbeats).schedulerName(new SchedulerName.Fixed(name))
                .shutdownMaxWait(Duration.ofSeconds(15)).build();
        scheduler.start();
        beat = new Thread(this::beat, "worker-heartbeat");
        beat.setDaemon(true);
        beat.start();
    }

    /** True while no shard is queued or executing anywhere (a dead worker's shard counts until taken over). */
    public boolean idle() {
        return executing.isEmpty() && store.scheduled() == 0;
    }

    /** This worker's row and its shards' progress every heartbeat. */
    private void beat() {
        while (!stopping) {
            try {
                store.workerSeen(name);
                Thread.sleep(Math.max(200, heartbeat.toMillis() / 2));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the database is away for a moment: the scheduler's own heartbeat decides the lease
            }
        }
    }

    private void execute(String instanceId) {
        int slash = instanceId.lastIndexOf('/');
        String runId = instanceId.substring(0, slash);
        int no = Integer.parseInt(instanceId.substring(slash + 1));
        Optional<ShardStore.Dispatch> dispatch = store.dispatch(runId);
        Optional<ShardStore.Shard> found = store.shard(runId, no);
        if (dispatch.isEmpty() || found.isEmpty() || !dispatch.get().state().equals(ShardStore.RUNNING)) {
            found.ifPresent(s -> store.end(runId, no, s.worker() == null ? name : s.worker(), ShardStore.CANCELLED, s.callsDone(), null));
            return; // the run was cancelled or failed meanwhile: nothing to do
        }
        ShardStore.Shard shard = found.get();
        if (shard.state().equals(ShardStore.DONE) || !store.take(runId, no, name)) {
            return;
        }
        String what = String.format(Locale.ROOT, "shard %d of run %s (%s, %d users, %d calls)", no, runId.substring(0, 8),
                shard.variant(), shard.userIds().size(), shard.calls());
        out.accept("worker " + name + ": took " + what + (shard.attempts() > 0 ? ", taken over from " + shard.worker() : ""));
        executing.put(instanceId, 0);
        long started = System.nanoTime();
        long[] lastWrite = {0};
        try {
            ShardRunner r = runner(dispatch.get());
            boolean[] cancelled = {false};
            long[] lastLook = {System.nanoTime()};
            ShardRunner.Outcome o = r.run(shard.variant(), new HashSet<>(shard.userIds()), dispatch.get().journalOffset(), () -> {
                if (stopping) {
                    return true;
                }
                synchronized (lastLook) { // the run's state, looked up at most once a second
                    if (System.nanoTime() - lastLook[0] > 1_000_000_000L) {
                        lastLook[0] = System.nanoTime();
                        cancelled[0] = !store.state(runId).equals(ShardStore.RUNNING);
                    }
                    return cancelled[0];
                }
            }, done -> {
                executing.put(instanceId, done);
                synchronized (lastWrite) {
                    if (System.nanoTime() - lastWrite[0] > 500_000_000L || done == shard.calls()) {
                        lastWrite[0] = System.nanoTime();
                        store.progress(runId, no, name, done);
                    }
                }
            });
            int done = o.skipped() + o.executed();
            if (stopping && done < o.calls()) {
                store.end(runId, no, name, ShardStore.QUEUED, done, "worker " + name + " stopped");
                out.accept("worker " + name + ": stopped during " + what + " after " + done + " calls; it is queued again");
                throw new IllegalStateException("worker " + name + " stopped"); // db-scheduler queues the shard again
            }
            if (done < o.calls()) {
                store.end(runId, no, name, ShardStore.CANCELLED, done, "run cancelled");
                out.accept("worker " + name + ": " + what + " cancelled after " + done + " calls");
                return;
            }
            store.end(runId, no, name, ShardStore.DONE, done, null);
            store.workerFinishedShard(name);
            out.accept(String.format(Locale.ROOT, "worker %s: finished %s: %d already answered, %d asked, %d failed, in %.1f s", name,
                    what, o.skipped(), o.executed(), o.errors(), (System.nanoTime() - started) / 1e9));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.end(runId, no, name, ShardStore.QUEUED, executing.getOrDefault(instanceId, 0), "worker " + name + " interrupted");
            throw new IllegalStateException("worker " + name + " interrupted");
        } catch (IllegalStateException e) {
            if (stopping) {
                throw e;
            }
            fail(runId, no, what, e);
        } catch (Exception | LinkageError e) {
            fail(runId, no, what, e);
        } finally {
            executing.remove(instanceId);
        }
    }

    private void fail(String runId, int no, String what, Throwable e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        store.end(runId, no, name, ShardStore.FAILED, executing.getOrDefault(runId + "/" + no, 0), why);
        out.accept("worker " + name + ": " + what + " failed: " + why);
    }

    /** The run's setup and folder, built once per run (the previous run's released). */
    private synchronized ShardRunner runner(ShardStore.Dispatch d) throws Exception {
        if (d.runId().equals(preparedRun) && runner != null) {
            return runner;
        }
        closeRunner();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        ResponseCache cache = d.useCache() ? new ResponseCache(jdbc, Clock.systemUTC()) : null;
        RunEnvironment environment = new RunEnvironment(cache == null ? null : () -> cache, env, PriceTable.defaults(),
                workspace.resolve("cache").resolve("embeddings"), Clock.systemUTC()).withPrivacy(d.localOnly(), new EgressLog(jdbc), null);
        ExperimentFile file = ExperimentFile.load(Path.of(d.experimentFile()), Path.of(d.workingDir()));
        RunSetup setup = RunSetup.prepareToRun(file, environment);
        if (!setup.fingerprint().equals(d.fingerprint())) {
            setup.closeBackends();
            throw new IllegalStateException("the experiment file " + d.experimentFile() + " as this worker reads it differs from the"
                    + " run's (it changed since the run was queued, or a dataset or saved backend differs on this machine)");
        }
        runner = ShardRunner.open(setup, Path.of(d.folder()), name);
        preparedRun = d.runId();
        return runner;
    }

    private void closeRunner() {
        if (runner != null) {
            try {
                runner.close();
            } catch (Exception e) {
                out.accept("worker " + name + ": closing the previous run: " + e.getMessage());
            }
            runner = null;
            preparedRun = null;
        }
    }

    /** Stops taking shards; a shard in progress stops starting calls, is queued again, and its calls in flight finish. */
    @Override
    public void close() {
        stopping = true;
        if (scheduler != null) {
            scheduler.stop();
        }
        if (beat != null) {
            beat.interrupt();
        }
        synchronized (this) {
            closeRunner();
        }
        try {
            store.workerStopped(name);
        } catch (RuntimeException e) {
            // the database is gone: the row's last_seen says when the worker was last alive
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
