-- The secret each workspace's callbacks are signed with (HMAC-SHA256). Made on first use; an
-- admin reads it once, or rotates it: the previous secret then still signs until previous_until,
-- so receivers can switch over. Kept in clear: signing needs it (the database is trusted).
CREATE TABLE freight_callback_secrets (
    workspace      TEXT PRIMARY KEY REFERENCES freight_workspaces (name),
    secret         TEXT NOT NULL,
    previous       TEXT,
    previous_until TEXT,
    created_at     TEXT NOT NULL,
    revealed_at    TEXT
);
