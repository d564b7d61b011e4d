-- Runs spread over worker processes (issue 23). H2 twin of postgresql/V10__workers.sql.

-- db-scheduler 16.7.1's table, as its documentation gives it (PostgreSQL types written for H2): one row per scheduled
-- execution (here: one shard of a run), picked by one worker, kept alive by that worker's heartbeat;
-- a row whose heartbeat stops is revived by another worker (dead-execution detection).
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(200) NOT NULL,
    task_instance        VARCHAR(500) NOT NULL,
    task_data            BLOB,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            VARCHAR(1000),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- A run handed to workers: which experiment (file and the folder its relative paths start from), into
-- which run folder, with which fingerprint (a worker refuses an experiment file that changed since).
-- journal_offset: the journal's size when the run was queued (records after it are this run's).
CREATE TABLE run_dispatch (
    run_id          VARCHAR(64)   PRIMARY KEY,
    folder          VARCHAR(2000) NOT NULL,
    experiment_file VARCHAR(2000) NOT NULL,
    working_dir     VARCHAR(2000) NOT NULL,
    fingerprint     VARCHAR(128)  NOT NULL,
    use_cache       BOOLEAN       NOT NULL,
    local_only      BOOLEAN       NOT NULL,
    journal_offset  BIGINT        NOT NULL,
    state           VARCHAR(20)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX run_dispatch_folder ON run_dispatch (folder, created_at);

-- A shard: a block of users of one variant. state: queued, running, done, failed, cancelled.
CREATE TABLE run_shard (
    run_id      VARCHAR(64)  NOT NULL,
    shard_no    INT          NOT NULL,
    variant     VARCHAR(500) NOT NULL,
    user_ids    CLOB         NOT NULL,
    calls       INT          NOT NULL,
    calls_done  INT          NOT NULL DEFAULT 0,
    state       VARCHAR(20)  NOT NULL,
    worker      VARCHAR(200),
    attempts    INT          NOT NULL DEFAULT 0,
    heartbeat   TIMESTAMP WITH TIME ZONE,
    message     CLOB,
    PRIMARY KEY (run_id, shard_no)
);

-- The worker processes that have run (name, host, pid); last_seen is their heartbeat.
CREATE TABLE run_worker (
    name        VARCHAR(200) PRIMARY KEY,
    host        VARCHAR(300) NOT NULL,
    pid         BIGINT       NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    shards_done INT          NOT NULL DEFAULT 0,
    stopped     BOOLEAN      NOT NULL DEFAULT FALSE
);
