-- When a key last authenticated a request (to within a minute), for GET /v1/keys.
ALTER TABLE freight_keys ADD COLUMN last_used_at TEXT;
