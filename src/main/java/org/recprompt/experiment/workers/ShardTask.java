package org.recprompt.experiment.workers;

import java.time.Duration;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/**
 * The one db-scheduler task of a run spread over workers: a one-time execution per shard, its
 * instance id {@code RUN_ID/SHARD_NO} (what the shard is lives in {@code run_shard}, so the task
 * carries no data and no serialization). A worker that stops before a shard is done fails the
 * execution on purpose, and db-scheduler queues it again after {@link #RETRY}; a worker that dies
 * stops its heartbeat, and another worker's scheduler revives the execution once the heartbeat is
 * older than the lease (db-scheduler's dead-execution detection, {@code onDeadExecutionRevive}).
 */
public final class ShardTask {

    public static final String NAME = "recprompt-shard";
    /** How long a shard whose worker stopped waits before another worker may take it. */
    static final Duration RETRY = Duration.ofSeconds(1);

    private ShardTask() {
    }

    /** The task with the worker's handler (given the instance id). */
    static OneTimeTask<Void> define(Consumer<String> handler) {
        return Tasks.oneTime(NAME).onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY)).onDeadExecutionRevive()
                .execute((instance, context) -> handler.accept(instance.getId()));
    }

    /** A client that queues and cancels shards (the coordinator; it executes none). */
    static SchedulerClient client(DataSource dataSource) {
        return SchedulerClient.Builder.create(dataSource, define(id -> {
            throw new IllegalStateException("the coordinator executes no shard");
        })).build();
    }
}
