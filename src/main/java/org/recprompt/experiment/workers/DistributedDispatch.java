package org.recprompt.experiment.workers;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.recprompt.experiment.RunDispatch;
import org.recprompt.experiment.RunSetup;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;

/**
 * A run's calls executed by {@code worker} processes: the coordinator (the {@code run --workers}
 * command or the workbench) cuts the pending calls into shards ({@link ShardPlan}), writes them to
 * the shared database and queues one db-scheduler execution per shard, then only watches: it reads
 * the journal the workers append to (through {@link RunDispatch.Context#collect()}) and the shards'
 * rows, until every shard is done. It executes nothing itself.
 *
 * <p>Locks: the coordinator's {@code ExperimentRun} holds the run folder's lock
 * ({@code RunFolderLock}) from before the shards are queued until the outputs are written, so no
 * second run writes the folder meanwhile; the workers append under the journal's own file lock and
 * take no folder lock. Where the run-folder lock must hold across machines, it is this lock, held here
 * for the whole dispatch, that has to be the cross-machine one.
 */
public final class DistributedDispatch implements RunDispatch {

    /** How often the coordinator looks at the shards and the journal. */
    static final Duration POLL = Duration.ofMillis(500);
    /** How long a cancelled run waits for the shards in flight to stop. */
    static final Duration GRACE = Duration.ofSeconds(10);

    /** A snapshot for the progress line and the run tab: the shards and the workers executing them. */
    public record Status(String runId, List<ShardStore.Shard> shards, List<ShardStore.Worker> workers) {

        public long count(String state) {
            return shards.stream().filter(s -> s.state().equals(state)).count();
        }

        /** "shards: 3 queued, 2 running, 5 done (w1 1, w2 1)". */
        public String line() {
            Map<String, Integer> running = new LinkedHashMap<>();
            shards.stream().filter(s -> s.state().equals(ShardStore.RUNNING))
                    .forEach(s -> running.merge(s.worker() == null ? "?" : s.worker(), 1, Integer::sum));
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "shards: %d queued, %d running, %d done",
                    count(ShardStore.QUEUED), count(ShardStore.RUNNING), count(ShardStore.DONE)));
            if (count(ShardStore.FAILED) > 0) {
                b.append(", ").append(count(ShardStore.FAILED)).append(" failed");
            }
            if (!running.isEmpty()) {
                b.append(" (");
                running.forEach((w, n) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(w).append(' ').append(n));
                b.append(')');
            }
            return b.toString();
        }
    }

    private final DataSource dataSource;
    private final ShardStore store;
    private final Path workingDir;
    private final int shardUsers;
    private final boolean useCache;
    private final boolean localOnly;
    private volatile Status status;

    /**
     * @param workingDir the folder the experiment file's relative paths start from (as the run loaded it)
     * @param shardUsers users per shard ({@link ShardPlan#DEFAULT_USERS} by default)
     * @param useCache   whether the workers use the workspace's response cache (the run's own choice)
     * @param localOnly  whether the workers refuse backends off their machine (the run's own choice)
     */
    public DistributedDispatch(DataSource dataSource, Path workingDir, int shardUsers, boolean useCache, boolean localOnly) {
        this.dataSource = dataSource;
        this.store = new ShardStore(dataSource);
        this.workingDir = workingDir.toAbsolutePath();
        this.shardUsers = shardUsers;
        this.useCache = useCache;
        this.localOnly = localOnly;
    }

    /** The latest snapshot (null before the shards are queued). */
    public Status status() {
        return status;
    }

    @Override
    public void execute(Context context) throws Exception {
        RunSetup setup = context.setup();
        if (setup.file() == null || setup.file().file() == null) {
            throw new IllegalStateException("a run on workers needs its experiment as a file the workers can read");
        }
        List<ShardPlan.Planned> planned = ShardPlan.split(context.pending(), shardUsers);
        if (planned.isEmpty()) {
            return;
        }
        String runId = UUID.randomUUID().toString();
        List<ShardStore.Shard> shards = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            ShardPlan.Planned p = planned.get(i);
            shards.add(new ShardStore.Shard(runId, i, p.variant(), p.userIds(), p.calls(), 0, ShardStore.QUEUED, null, 0, null, null));
        }
        store.create(new ShardStore.Dispatch(runId, context.folder().toAbsolutePath().toString(),
                setup.file().file().toAbsolutePath().toString(), workingDir.toString(), setup.fingerprint(), useCache, localOnly,
                context.journalOffset(), ShardStore.RUNNING), shards);
        SchedulerClient client = ShardTask.client(dataSource);
        List<SchedulableInstance<?>> instances = new ArrayList<>();
        for (ShardStore.Shard s : shards) {
            instances.add(SchedulableInstance.of(ShardTask.define(id -> { }).instance(s.instanceId()), Instant.now()));
        }
        client.scheduleBatch(instances);
        context.message("Queued " + shards.size() + " shards for the workers (" + shardUsers + " users each)");
        while (true) {
            context.collect();
            Status now = new Status(runId, store.shards(runId), store.workers(runId));
            status = now;
            context.message("On workers: " + now.line());
            if (context.isCancelled()) {
                cancel(runId, client);
                return;
            }
            ShardStore.Shard failed = now.shards().stream().filter(s -> s.state().equals(ShardStore.FAILED)).findFirst().orElse(null);
            if (failed != null) {
                store.setState(runId, ShardStore.FAILED);
                for (ShardStore.Shard s : store.cancelQueued(runId)) {
                    cancelQuietly(client, s);
                }
                throw new IllegalStateException("shard " + failed.no() + " (" + failed.variant() + ", " + failed.userIds().size()
                        + " users) failed on worker " + failed.worker() + ": " + failed.message());
            }
            if (now.count(ShardStore.DONE) == now.shards().size()) {
                store.setState(runId, ShardStore.DONE);
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Cancels the queued shards and waits (up to {@link #GRACE}) for the running ones to stop into the journal. */
    private void cancel(String runId, SchedulerClient client) throws InterruptedException {
        store.setState(runId, ShardStore.CANCELLED);
        for (ShardStore.Shard s : store.cancelQueued(runId)) {
            cancelQuietly(client, s);
        }
        long until = System.nanoTime() + GRACE.toNanos();
        while (System.nanoTime() < until
                && store.shards(runId).stream().anyMatch(s -> s.state().equals(ShardStore.RUNNING) && s.heartbeatAge() != null
                        && s.heartbeatAge() < 30)) {
            Thread.sleep(POLL.toMillis());
        }
        status = new Status(runId, store.shards(runId), store.workers(runId));
    }

    private static void cancelQuietly(SchedulerClient client, ShardStore.Shard s) {
        try {
            client.cancel(TaskInstanceId.of(ShardTask.NAME, s.instanceId()));
        } catch (RuntimeException e) {
            // already picked by a worker: it sees the run cancelled and stops
        }
    }
}
