-- Several processes (workbenches, workers, on one or several machines) on one workspace root and one
-- database server (issue 23, part 3). The same SQL for H2 and PostgreSQL; only a shared database
-- (PostgreSQL) uses the tables, H2 in a folder admits one process.

-- A lease per run folder (the coordinator, "run:<folder>") or per shard of one ("shard:<folder>#<shard>"):
-- its holder (a random id per acquisition, host and process id) renews it by a heartbeat; once
-- expires_ms (the database's clock, milliseconds since 1970) has passed, another process may take it.
CREATE TABLE run_lease (
    name         VARCHAR(1000) NOT NULL PRIMARY KEY,
    holder       VARCHAR(64)   NOT NULL,
    host         VARCHAR(255)  NOT NULL,
    pid          BIGINT        NOT NULL,
    acquired_ms  BIGINT        NOT NULL,
    heartbeat_ms BIGINT        NOT NULL,
    expires_ms   BIGINT        NOT NULL
);

-- One per-minute quota budget per backend and dimension (requests, tokens, input or output tokens),
-- shared by every process calling it: a token bucket (level refilled continuously at
-- limit_per_minute, from updated_ms on the database's clock) from which processes take small
-- grants. backend_key is a hash of provider, base URL(s), model and a fingerprint of the key (never
-- the key); description names the first three for a person reading the table.
CREATE TABLE quota_bucket (
    backend_key      VARCHAR(64)      NOT NULL,
    dimension        VARCHAR(20)      NOT NULL,
    description      VARCHAR(1000)    NOT NULL,
    limit_per_minute DOUBLE PRECISION NOT NULL,
    level            DOUBLE PRECISION NOT NULL,
    updated_ms       BIGINT           NOT NULL,
    hold_until_ms    BIGINT           NOT NULL,
    PRIMARY KEY (backend_key, dimension)
);
