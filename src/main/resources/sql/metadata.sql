-- Freight's own SQL, one named statement each. {name} stands for Freight's table `name`
-- (freight_name on SQLite, freight.name on PostgreSQL). postgresql.sql overrides by name.

-- name: insertWorkspace
INSERT INTO {workspaces} (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING

-- name: workspacesNamed
-- The workspace of this name in any case (names are ASCII: lower() folds them on both stores).
SELECT name FROM {workspaces} WHERE lower(name) = lower(?)

-- name: workspaceExists
SELECT 1 FROM {workspaces} WHERE name = ?

-- name: insertKey
INSERT INTO {keys} (id, workspace, role, name, hash, groups, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)

-- name: keyByHash
SELECT id, workspace, role, name, groups, created_at FROM {keys} WHERE hash = ? AND revoked_at IS NULL

-- name: revokeKey
UPDATE {keys} SET revoked_at = ? WHERE id = ? AND workspace = ? AND revoked_at IS NULL

-- name: revokeAnyKey
UPDATE {keys} SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL

-- name: countKeys
SELECT COUNT(*) FROM {keys}

-- name: keysOf
-- The keys in force of one workspace (never a hash), oldest first.
SELECT id, workspace, role, name, groups, created_at, last_used_at FROM {keys}
WHERE workspace = ? AND revoked_at IS NULL ORDER BY created_at, id

-- name: allKeys
SELECT id, workspace, role, name, groups, created_at, last_used_at FROM {keys}
WHERE revoked_at IS NULL ORDER BY workspace, created_at, id

-- name: touchKey
UPDATE {keys} SET last_used_at = ? WHERE id = ?

-- name: insertGroup
INSERT INTO {groups} (workspace, name, created_at) VALUES (?, ?, ?)

-- name: groupExists
SELECT 1 FROM {groups} WHERE workspace = ? AND name = ?

-- name: tableMeta
SELECT id, definition, discovered, version, created_at FROM {tables} WHERE workspace = ? AND name = ?

-- name: tableNameById
SELECT name FROM {tables} WHERE workspace = ? AND id = ?

-- name: insertTableMeta
INSERT INTO {tables} (id, workspace, name, definition, discovered, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)

-- name: discoverTableMeta
-- A discovered table's first attributes; another node may be recording the same table at once.
INSERT INTO {tables} (id, workspace, name, definition, discovered, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (workspace, name) DO NOTHING

-- name: deleteTableMeta
DELETE FROM {tables} WHERE workspace = ? AND name = ?

-- name: nextJobNumber
UPDATE {counters} SET value = value + 1 WHERE name = 'job_number' RETURNING value

-- name: enqueueLock
-- Serialises the enqueueing of one table's jobs so that their numbers follow commit order.
-- SQLite: Database already runs one write transaction at a time; this only echoes its arguments.
SELECT ? AS workspace, ? AS table_name

-- name: insertJob
INSERT INTO {jobs} (id, number, workspace, table_name, mode, spec, state, name, ref, payload_bytes, created_at)
VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)

-- name: insertEvent
INSERT INTO {job_events} (job_id, seq, state, message, time)
VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM {job_events} WHERE job_id = ?), ?, ?, ?)

-- name: jobById
SELECT * FROM {jobs} WHERE id = ?

-- name: jobByNumber
SELECT * FROM {jobs} WHERE number = ?

-- name: listJobs
-- Newest first. A null filter matches every job: table, state, and the page's bound (jobs
-- numbered below it); every one of these columns is NOT NULL.
SELECT * FROM {jobs}
WHERE workspace = ? AND table_name = COALESCE(?, table_name) AND state = COALESCE(?, state)
  AND number < COALESCE(?, number + 1)
ORDER BY number DESC
LIMIT ?

-- name: jobsAscending
-- A workspace's jobs by number, a page at an offset (Brevo's processes).
SELECT * FROM {jobs} WHERE workspace = ? ORDER BY number ASC LIMIT ? OFFSET ?

-- name: jobsDescending
SELECT * FROM {jobs} WHERE workspace = ? ORDER BY number DESC LIMIT ? OFFSET ?

-- name: countJobs
SELECT COUNT(*) FROM {jobs} WHERE workspace = ?

-- name: events
SELECT state, message, time FROM {job_events} WHERE job_id = ? ORDER BY seq

-- name: claimable
-- The oldest queued job of each table whose earlier jobs have all ended: one running job per
-- table, in submission order.
SELECT j.id FROM {jobs} j
WHERE j.state = 'queued'
  AND NOT EXISTS (SELECT 1 FROM {jobs} k
                  WHERE k.workspace = j.workspace AND k.table_name = j.table_name
                    AND k.number < j.number AND k.state IN ('queued', 'running'))
ORDER BY j.number
LIMIT ?

-- name: claim
UPDATE {jobs} SET state = 'running', lease_owner = ?, lease_until = ?, started_at = COALESCE(started_at, ?)
WHERE id = ? AND state = 'queued'

-- name: renewLease
UPDATE {jobs} SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = 'running'

-- name: requeueExpired
-- One statement, so that two nodes' rescuers never both requeue (and log) the same job. Each
-- such rescue counts a crash of the job's node.
UPDATE {jobs} SET state = 'queued', lease_owner = NULL, lease_until = NULL, crashes = crashes + 1
WHERE state = 'running' AND (lease_until IS NULL OR lease_until < ?)
RETURNING id, crashes, cancel_requested

-- name: requeue
-- Only by the lease's owner: a node whose lease lapsed must not hand back a job another node now runs.
UPDATE {jobs} SET state = 'queued', lease_owner = NULL, lease_until = NULL
WHERE id = ? AND lease_owner = ? AND state = 'running'

-- name: progress
UPDATE {jobs} SET processed = ?, inserted = ?, updated = ?, unchanged = ?, ignored = ?, deleted = ?, failed = ?,
                  next_index = ?
WHERE id = ? AND lease_owner = ? AND state = 'running'
RETURNING cancel_requested

-- name: setRequested
UPDATE {jobs} SET requested = ? WHERE id = ?

-- name: countJobsInState
SELECT COUNT(*) FROM {jobs} WHERE state = ?

-- name: finish
-- A queued job ends here (cancelled before it ran); a running one only by the holder of its
-- lease, so a runner whose lease lapsed cannot end a job another claim now runs.
UPDATE {jobs} SET state = ?, error = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL
WHERE id = ? AND (state = 'queued' OR (state = 'running' AND lease_owner = ?))

-- name: requestCancel
UPDATE {jobs} SET cancel_requested = 1 WHERE id = ? AND state = 'running'

-- name: cancelRequested
SELECT cancel_requested FROM {jobs} WHERE id = ?

-- name: cancelRequestedAmong
-- The caller appends the list of ids: (?, ?, …), as many as it asks about.
SELECT id FROM {jobs} WHERE cancel_requested = 1 AND state = 'running' AND id IN

-- name: setCallback
UPDATE {jobs} SET callback = ?, callback_state = ? WHERE id = ?

-- name: callbackDue
UPDATE {jobs} SET callback_state = 'pending' WHERE id = ? AND callback_state IS NULL

-- name: pendingCallbacks
SELECT id FROM {jobs} WHERE callback_state IN ('pending', 'retrying') ORDER BY number

-- name: insertPayload
INSERT INTO {payloads} (job_id, seq, data, raw_length) VALUES (?, ?, ?, ?)

-- name: payloadPiece
SELECT data, raw_length FROM {payloads} WHERE job_id = ? AND seq = ?

-- name: deletePayload
DELETE FROM {payloads} WHERE job_id = ?

-- name: orphanPayloads
DELETE FROM {payloads} WHERE job_id NOT IN (SELECT id FROM {jobs})

-- name: insertResults
INSERT INTO {results} (job_id, first_index, row_count, committed_at, data, outcomes) VALUES (?, ?, ?, ?, ?, ?)

-- name: resultsFrom
SELECT first_index, row_count, committed_at, data FROM {results}
WHERE job_id = ? AND first_index + row_count > ?
ORDER BY first_index
LIMIT ?

-- name: resultsWithOutcomesFrom
SELECT first_index, row_count, committed_at, data FROM {results}
WHERE job_id = ? AND first_index + row_count > ? AND (outcomes IS NULL OR (outcomes & ?) <> 0)
ORDER BY first_index
LIMIT ?

-- name: deleteResults
DELETE FROM {results} WHERE job_id = ?

-- name: autonumber
SELECT next_value FROM {autonumbers} WHERE workspace = ? AND table_name = ? AND column_name = ?

-- name: setAutonumber
INSERT INTO {autonumbers} (workspace, table_name, column_name, next_value) VALUES (?, ?, ?, ?)
ON CONFLICT (workspace, table_name, column_name) DO UPDATE SET next_value = excluded.next_value

-- name: deleteAutonumbers
DELETE FROM {autonumbers} WHERE workspace = ? AND table_name = ?

-- name: insertCallbackSecret
-- The first use of a workspace's callback secret; another node may make it at the same moment.
INSERT INTO {callback_secrets} (workspace, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (workspace) DO NOTHING

-- name: callbackSecret
SELECT secret, previous, previous_until, created_at, revealed_at FROM {callback_secrets} WHERE workspace = ?

-- name: revealCallbackSecret
-- Shown once: only the request that sets revealed_at gets the secret.
UPDATE {callback_secrets} SET revealed_at = ? WHERE workspace = ? AND revealed_at IS NULL

-- name: rotateCallbackSecret
UPDATE {callback_secrets} SET previous = secret, previous_until = ?, secret = ?, created_at = ?, revealed_at = ?
WHERE workspace = ?

-- name: takePacingSlot
-- Takes a table's D·engage slot when it is free (never taken, or taken before ?): one statement,
-- so two nodes taking it at once cannot both succeed. A row comes back when this call took it.
INSERT INTO {dengage_pacing} (workspace, table_name, taken_at) VALUES (?, ?, ?)
ON CONFLICT (workspace, table_name) DO UPDATE SET taken_at = excluded.taken_at
WHERE {dengage_pacing}.taken_at <= ?
RETURNING taken_at

-- name: pacingSlot
SELECT taken_at FROM {dengage_pacing} WHERE workspace = ? AND table_name = ?

-- name: givePacingSlotBack
DELETE FROM {dengage_pacing} WHERE workspace = ? AND table_name = ? AND taken_at = ?
