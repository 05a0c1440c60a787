-- Freight's own tables on SQLite: prefixed freight_ in the main database.
-- Times are ISO-8601 UTC text of fixed width, so text order is time order.
CREATE TABLE freight_workspaces (
    name       TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

CREATE TABLE freight_keys (
    id         TEXT PRIMARY KEY,
    workspace  TEXT NOT NULL REFERENCES freight_workspaces (name),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'write', 'read')),
    name       TEXT,
    hash       TEXT NOT NULL UNIQUE,
    groups     TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE freight_groups (
    workspace  TEXT NOT NULL REFERENCES freight_workspaces (name),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (workspace, name)
);

CREATE TABLE freight_tables (
    id         TEXT PRIMARY KEY,
    workspace  TEXT NOT NULL,
    name       TEXT NOT NULL,
    definition TEXT NOT NULL,
    discovered INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (workspace, name)
);

CREATE TABLE freight_autonumbers (
    workspace   TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    column_name TEXT NOT NULL,
    next_value  INTEGER NOT NULL,
    PRIMARY KEY (workspace, table_name, column_name)
);

CREATE TABLE freight_counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO freight_counters (name, value) VALUES ('job_number', 0);

CREATE TABLE freight_jobs (
    id               TEXT PRIMARY KEY,
    number           INTEGER NOT NULL UNIQUE,
    workspace        TEXT NOT NULL,
    table_name       TEXT NOT NULL,
    mode             TEXT NOT NULL,
    spec             TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    name             TEXT,
    ref              TEXT,
    requested        INTEGER,
    processed        INTEGER NOT NULL DEFAULT 0,
    inserted         INTEGER NOT NULL DEFAULT 0,
    updated          INTEGER NOT NULL DEFAULT 0,
    unchanged        INTEGER NOT NULL DEFAULT 0,
    ignored          INTEGER NOT NULL DEFAULT 0,
    deleted          INTEGER NOT NULL DEFAULT 0,
    failed           INTEGER NOT NULL DEFAULT 0,
    next_index       INTEGER NOT NULL DEFAULT 0,
    payload_bytes    INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    lease_owner      TEXT,
    lease_until      TEXT,
    error            TEXT,
    callback         TEXT,
    created_at       TEXT NOT NULL,
    started_at       TEXT,
    finished_at      TEXT
);
CREATE INDEX freight_jobs_by_table ON freight_jobs (workspace, table_name, number);
CREATE INDEX freight_jobs_by_state ON freight_jobs (state, number);

CREATE TABLE freight_job_events (
    job_id  TEXT NOT NULL REFERENCES freight_jobs (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    state   TEXT NOT NULL,
    message TEXT,
    time    TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- The request body, stored before 202 so that any restart (or node) can run the job.
CREATE TABLE freight_payloads (
    job_id TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- Row results, one compressed blob per committed chunk (written in the chunk's transaction).
CREATE TABLE freight_results (
    job_id       TEXT NOT NULL,
    first_index  INTEGER NOT NULL,
    row_count    INTEGER NOT NULL,
    committed_at TEXT NOT NULL,
    data         BLOB NOT NULL,
    PRIMARY KEY (job_id, first_index)
);
