-- Freight's own tables on PostgreSQL, in schema freight (Flyway creates it; users' tables live in
-- public and one schema per other workspace). Same shape as the SQLite V1: times are timestamptz,
-- counts bigint, blobs bytea; flags stay 0/1 smallints so both stores read them the same way.
CREATE TABLE freight.workspaces (
    name       text PRIMARY KEY,
    created_at timestamptz NOT NULL
);

CREATE TABLE freight.keys (
    id         text PRIMARY KEY,
    workspace  text NOT NULL REFERENCES freight.workspaces (name),
    role       text NOT NULL CHECK (role IN ('admin', 'write', 'read')),
    name       text,
    hash       text NOT NULL UNIQUE,
    groups     text NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE TABLE freight.groups (
    workspace  text NOT NULL REFERENCES freight.workspaces (name),
    name       text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace, name)
);

CREATE TABLE freight.tables (
    id         text PRIMARY KEY,
    workspace  text NOT NULL,
    name       text NOT NULL,
    definition text NOT NULL,
    discovered smallint NOT NULL CHECK (discovered IN (0, 1)),
    version    bigint NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (workspace, name)
);

CREATE TABLE freight.autonumbers (
    workspace   text NOT NULL,
    table_name  text NOT NULL,
    column_name text NOT NULL,
    next_value  bigint NOT NULL,
    PRIMARY KEY (workspace, table_name, column_name)
);

-- Job numbers: a sequence never blocks concurrent submitters on different tables; the order of
-- one table's jobs is kept by the lock taken in enqueueLock (see sql/postgresql.sql).
CREATE SEQUENCE freight.job_number AS bigint;

CREATE TABLE freight.jobs (
    id               text PRIMARY KEY,
    number           bigint NOT NULL UNIQUE,
    workspace        text NOT NULL,
    table_name       text NOT NULL,
    mode             text NOT NULL,
    spec             text NOT NULL,
    -- queued: Submissions (enqueue) and the lease rescuer; running: a node's claim;
    -- completed/failed/cancelled: the job's runner, or a cancel of a queued job
    state            text NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    name             text,
    ref              text,
    requested        bigint,
    processed        bigint NOT NULL DEFAULT 0,
    inserted         bigint NOT NULL DEFAULT 0,
    updated          bigint NOT NULL DEFAULT 0,
    unchanged        bigint NOT NULL DEFAULT 0,
    ignored          bigint NOT NULL DEFAULT 0,
    deleted          bigint NOT NULL DEFAULT 0,
    failed           bigint NOT NULL DEFAULT 0,
    next_index       bigint NOT NULL DEFAULT 0,
    payload_bytes    bigint NOT NULL DEFAULT 0,
    cancel_requested smallint NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    lease_owner      text,
    lease_until      timestamptz,
    error            text,
    callback         text,
    created_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    CHECK (state <> 'running' OR lease_owner IS NOT NULL)
);
CREATE INDEX jobs_by_table ON freight.jobs (workspace, table_name, number);
-- claiming only ever looks at jobs that have not ended: keep that index small
CREATE INDEX jobs_open ON freight.jobs (number) WHERE state IN ('queued', 'running');

CREATE TABLE freight.job_events (
    job_id  text NOT NULL REFERENCES freight.jobs (id) ON DELETE CASCADE,
    seq     integer NOT NULL,
    state   text NOT NULL,
    message text,
    time    timestamptz NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- The request body, stored before 202 so that any node can run the job. created_at lets a
-- starting node tell a body another node is still receiving from one left by a crash.
CREATE TABLE freight.payloads (
    job_id     text NOT NULL,
    seq        integer NOT NULL,
    data       bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, seq)
);

-- Row results, one compressed blob per committed chunk (written in the chunk's transaction).
CREATE TABLE freight.results (
    job_id       text NOT NULL,
    first_index  bigint NOT NULL,
    row_count    integer NOT NULL,
    committed_at timestamptz NOT NULL,
    data         bytea NOT NULL,
    PRIMARY KEY (job_id, first_index)
);
