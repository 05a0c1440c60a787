-- How many times a job's node stopped under it (its lease lapsed, or the node restarted while
-- it ran): a job that keeps taking its node down fails after --max-crashes of them.
ALTER TABLE freight_jobs ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;

-- D·engage's one async upsert per table per window: the slot a call took, in the database so
-- that the rule holds for every node of a cluster (epoch milliseconds of the node's clock).
CREATE TABLE freight_dengage_pacing (
    workspace  TEXT NOT NULL,
    table_name TEXT NOT NULL,
    taken_at   INTEGER NOT NULL,
    PRIMARY KEY (workspace, table_name)
);
