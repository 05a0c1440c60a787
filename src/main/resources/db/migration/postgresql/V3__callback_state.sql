-- Where a job's callback delivery stands (pending, retrying, delivered, failed, refused), kept
-- apart from the JSON detail so that a restarting node finds the deliveries it still owes.
ALTER TABLE freight.jobs ADD COLUMN callback_state text;
CREATE INDEX jobs_callback_due ON freight.jobs (callback_state) WHERE callback_state IN ('pending', 'retrying');
