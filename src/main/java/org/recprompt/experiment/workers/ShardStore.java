package org.recprompt.experiment.workers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows a run spread over workers keeps in the shared database (migration V10): the run
 * ({@code run_dispatch}), its shards ({@code run_shard}) and the worker processes
 * ({@code run_worker}). db-scheduler's {@code scheduled_tasks} decides who executes a shard and
 * when a dead worker's shard is taken over; these rows say what a shard is and how far it got, for
 * the coordinator, the workers and the run tab. Ages are computed by the database's clock, so
 * machines whose clocks differ still agree on a heartbeat's age.
 */
public final class ShardStore {

    /** A shard's states. */
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** A run handed to workers. {@code state}: running, done, failed, cancelled. */
    public record Dispatch(String runId, String folder, String experimentFile, String workingDir, String fingerprint, boolean useCache,
            boolean localOnly, long journalOffset, String state) {
    }

    /** A shard and how far it got; {@code heartbeatAge} in seconds (null before a worker took it). */
    public record Shard(String runId, int no, String variant, List<String> userIds, int calls, int callsDone, String state,
            String worker, int attempts, Double heartbeatAge, String message) {

        public String instanceId() {
            return runId + "/" + no;
        }
    }

    /** A worker process; {@code lastSeenAge} in seconds. */
    public record Worker(String name, String host, long pid, double lastSeenAge, int shardsDone, boolean stopped) {
    }

    private final JdbcTemplate jdbc;

    public ShardStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void create(Dispatch d, List<Shard> shards) {
        jdbc.update("INSERT INTO run_dispatch (run_id, folder, experiment_file, working_dir, fingerprint, use_cache, local_only,"
                + " journal_offset, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", d.runId(), d.folder(), d.experimentFile(),
                d.workingDir(), d.fingerprint(), d.useCache(), d.localOnly(), d.journalOffset(), d.state(), Timestamp.from(Instant.now()));
        jdbc.batchUpdate("INSERT INTO run_shard (run_id, shard_no, variant, user_ids, calls, calls_done, state, attempts)"
                + " VALUES (?, ?, ?, ?, ?, 0, ?, 0)", shards.stream().map(s -> new Object[] {s.runId(), s.no(), s.variant(),
                    String.join("\n", s.userIds()), s.calls(), s.state()}).toList());
    }

    public Optional<Dispatch> dispatch(String runId) {
        return jdbc.query("SELECT run_id, folder, experiment_file, working_dir, fingerprint, use_cache, local_only, journal_offset, state"
                + " FROM run_dispatch WHERE run_id = ?", ShardStore::dispatchRow, runId).stream().findFirst();
    }

    /** The latest run handed to workers for a run folder (its absolute path), if any. */
    public Optional<Dispatch> latest(String folder) {
        return jdbc.query("SELECT run_id, folder, experiment_file, working_dir, fingerprint, use_cache, local_only, journal_offset, state"
                + " FROM run_dispatch WHERE folder = ? ORDER BY created_at DESC", ShardStore::dispatchRow, folder).stream().findFirst();
    }

    private static Dispatch dispatchRow(ResultSet rs, int n) throws SQLException {
        return new Dispatch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
                rs.getBoolean(7), rs.getLong(8), rs.getString(9));
    }

    public void setState(String runId, String state) {
        jdbc.update("UPDATE run_dispatch SET state = ? WHERE run_id = ?", state, runId);
    }

    public String state(String runId) {
        return dispatch(runId).map(Dispatch::state).orElse(CANCELLED);
    }

    public List<Shard> shards(String runId) {
        return jdbc.query("SELECT run_id, shard_no, variant, user_ids, calls, calls_done, state, worker, attempts, heartbeat,"
                + " message, CURRENT_TIMESTAMP FROM run_shard WHERE run_id = ? ORDER BY shard_no", ShardStore::shardRow, runId);
    }

    public Optional<Shard> shard(String runId, int no) {
        return jdbc.query("SELECT run_id, shard_no, variant, user_ids, calls, calls_done, state, worker, attempts, heartbeat,"
                + " message, CURRENT_TIMESTAMP FROM run_shard WHERE run_id = ? AND shard_no = ?", ShardStore::shardRow, runId, no)
                .stream().findFirst();
    }

    private static Shard shardRow(ResultSet rs, int n) throws SQLException {
        Timestamp beat = rs.getTimestamp(10);
        Timestamp now = rs.getTimestamp(12);
        String users = rs.getString(4);
        return new Shard(rs.getString(1), rs.getInt(2), rs.getString(3), users == null || users.isEmpty() ? List.of()
                : List.of(users.split("\n")), rs.getInt(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                beat == null ? null : Math.max(0, (now.getTime() - beat.getTime()) / 1000.0), rs.getString(11));
    }

    /** A worker takes a shard (again, after a dead worker: the attempt counts up); false when it is no longer to be run. */
    public boolean take(String runId, int no, String worker) {
        return jdbc.update("UPDATE run_shard SET state = ?, worker = ?, attempts = attempts + 1, heartbeat = CURRENT_TIMESTAMP,"
                + " message = NULL WHERE run_id = ? AND shard_no = ? AND state IN (?, ?)", RUNNING, worker, runId, no, QUEUED,
                RUNNING) == 1;
    }

    /** How far the worker executing a shard got, and its heartbeat. */
    public void progress(String runId, int no, String worker, int done) {
        jdbc.update("UPDATE run_shard SET calls_done = ?, heartbeat = CURRENT_TIMESTAMP WHERE run_id = ? AND shard_no = ? AND worker = ?"
                + " AND state = ?", done, runId, no, worker, RUNNING);
    }

    /** A shard's end: done, failed (with why), cancelled, or queued again (the worker stopped before it was done). */
    public void end(String runId, int no, String worker, String state, int done, String message) {
        jdbc.update("UPDATE run_shard SET state = ?, calls_done = ?, heartbeat = CURRENT_TIMESTAMP, message = ? WHERE run_id = ?"
                + " AND shard_no = ? AND worker = ?", state, done, message, runId, no, worker);
    }

    /** Marks the run's queued shards cancelled; returns them. */
    public List<Shard> cancelQueued(String runId) {
        List<Shard> queued = shards(runId).stream().filter(s -> s.state().equals(QUEUED)).toList();
        jdbc.update("UPDATE run_shard SET state = ? WHERE run_id = ? AND state = ?", CANCELLED, runId, QUEUED);
        return queued;
    }

    // ---- workers ---------------------------------------------------------------------------------

    public void workerStarted(String name, String host, long pid) {
        int n = jdbc.update("UPDATE run_worker SET host = ?, pid = ?, started_at = CURRENT_TIMESTAMP, last_seen = CURRENT_TIMESTAMP,"
                + " stopped = FALSE WHERE name = ?", host, pid, name);
        if (n == 0) {
            jdbc.update("INSERT INTO run_worker (name, host, pid, started_at, last_seen, shards_done, stopped)"
                    + " VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, FALSE)", name, host, pid);
        }
    }

    public void workerSeen(String name) {
        jdbc.update("UPDATE run_worker SET last_seen = CURRENT_TIMESTAMP WHERE name = ?", name);
    }

    public void workerFinishedShard(String name) {
        jdbc.update("UPDATE run_worker SET shards_done = shards_done + 1, last_seen = CURRENT_TIMESTAMP WHERE name = ?", name);
    }

    public void workerStopped(String name) {
        jdbc.update("UPDATE run_worker SET stopped = TRUE, last_seen = CURRENT_TIMESTAMP WHERE name = ?", name);
    }

    /** The workers that executed a shard of the run, or every worker seen (runId null), newest first. */
    public List<Worker> workers(String runId) {
        String where = runId == null ? "" : " WHERE name IN (SELECT worker FROM run_shard WHERE run_id = ?)";
        Object[] args = runId == null ? new Object[0] : new Object[] {runId};
        return jdbc.query("SELECT name, host, pid, last_seen, shards_done, stopped, CURRENT_TIMESTAMP FROM run_worker" + where
                + " ORDER BY started_at DESC", (rs, n) -> new Worker(rs.getString(1), rs.getString(2), rs.getLong(3),
                        Math.max(0, (rs.getTimestamp(7).getTime() - rs.getTimestamp(4).getTime()) / 1000.0), rs.getInt(5),
                        rs.getBoolean(6)), args);
    }

    /** Shards queued or executing in db-scheduler's table (a dead worker's shard counts until another takes it over). */
    public int scheduled() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = ?", Integer.class, ShardTask.NAME);
        return n == null ? 0 : n;
    }
}
