package org.recprompt.experiment.workers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.recprompt.experiment.RunSetup;
import org.springframework.stereotype.Component;

/**
 * The workbench's side of runs on workers: whether its database is shared (PostgreSQL: the
 * experiment tab then offers "On workers"), the dispatch for a run started from the experiment tab,
 * and what the run tab shows of a run on workers (its latest dispatch's shards and workers).
 */
@Component
public class WorkerRuns {

    private final DataSource dataSource;
    private final boolean shared;

    public WorkerRuns(DataSource dataSource) {
        this.dataSource = dataSource;
        boolean postgres;
        try (Connection c = dataSource.getConnection()) {
            postgres = c.getMetaData().getURL().startsWith("jdbc:postgresql:");
        } catch (SQLException e) {
            postgres = false;
        }
        this.shared = postgres;
    }

    /** True when worker processes can reach this workbench's database (PostgreSQL). */
    public boolean available() {
        return shared;
    }

    /** A dispatch for a run of {@code setup} whose relative paths start at {@code workingDir}; the workers use the response cache. */
    public DistributedDispatch dispatch(RunSetup setup, Path workingDir) {
        if (!shared) {
            throw new IllegalStateException("runs on workers need a shared database (RECPROMPT_DB_URL naming PostgreSQL)");
        }
        return new DistributedDispatch(dataSource, workingDir, ShardPlan.DEFAULT_USERS, true, setup.localOnly());
    }

    /** The shards and workers of the latest run on workers into {@code folder}; empty for a run executed in one process. */
    public Optional<DistributedDispatch.Status> status(Path folder) {
        if (!shared) {
            return Optional.empty();
        }
        ShardStore store = new ShardStore(dataSource);
        return store.latest(folder.toAbsolutePath().toString())
                .map(d -> new DistributedDispatch.Status(d.runId(), store.shards(d.runId()), store.workers(d.runId())));
    }

    /** The state of the latest run on workers into {@code folder} (running, done, failed, cancelled), if any. */
    public Optional<String> state(Path folder) {
        return shared ? new ShardStore(dataSource).latest(folder.toAbsolutePath().toString()).map(ShardStore.Dispatch::state)
                : Optional.empty();
    }
}
