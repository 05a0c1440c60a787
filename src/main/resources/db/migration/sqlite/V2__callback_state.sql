-- Where a job's callback delivery stands (pending, retrying, delivered, failed, refused), kept
-- apart from the JSON detail so that a restarting node finds the deliveries it still owes.
ALTER TABLE freight_jobs ADD COLUMN callback_state TEXT;
