-- PostgreSQL versions of the statements of metadata.sql that differ, by the same names.
-- {name} stands for freight.name. Several nodes run these at once against one database.

-- name: nextJobNumber
SELECT nextval('freight.job_number')

-- name: enqueueLock
-- Held until the enqueueing transaction commits, so one table's job numbers follow commit order:
-- without it a job numbered 5 could become visible after job 6 of the same table had been
-- claimed, and then both would run at once (claimable only looks at earlier numbers).
SELECT pg_advisory_xact_lock(hashtext('freight.enqueue'), hashtext(? || '.' || ?))

-- name: claimable
-- The oldest queued job of each table whose earlier jobs have all ended, locked so that no other
-- node can claim it before this transaction commits; SKIP LOCKED lets other nodes pass over it to
-- other tables instead of waiting. Why per-table order holds across nodes without an advisory
-- lock: a job's row says 'queued' or 'running' until it ends, and a later job of the same table
-- is claimable only when no such earlier row is visible. A claimer either sees the earlier job
-- still open (and skips the later one), or the earlier job has really ended (states after
-- running are final). Two nodes racing for the same job: one locks it, the other skips it, and
-- a claimer that reads a row just committed re-checks it (state is no longer 'queued').
-- enqueueLock makes sure an earlier number is never committed after a later one; the extra
-- "no running job of this table" test keeps the rule even if it were.
SELECT j.id FROM {jobs} j
WHERE j.state = 'queued'
  AND NOT EXISTS (SELECT 1 FROM {jobs} k
                  WHERE k.workspace = j.workspace AND k.table_name = j.table_name
                    AND k.state IN ('queued', 'running')
                    AND (k.number < j.number OR k.state = 'running'))
ORDER BY j.number
LIMIT ?
FOR UPDATE OF j SKIP LOCKED

-- name: orphanPayloads
-- Run by every node at start. Other nodes may be storing a body right now (its job row comes
-- after the last piece), so only bodies older than any upload can take are orphans.
DELETE FROM {payloads} p
WHERE p.created_at < now() - interval '1 day'
  AND NOT EXISTS (SELECT 1 FROM {jobs} j WHERE j.id = p.job_id)
