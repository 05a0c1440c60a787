-- The secret each workspace's callbacks are signed with (HMAC-SHA256). Made on first use; an
-- admin reads it once, or rotates it: the previous secret then still signs until previous_until,
-- so receivers can switch over. Kept in clear: signing needs it (the database is trusted).
CREATE TABLE freight.callback_secrets (
    workspace      text PRIMARY KEY REFERENCES freight.workspaces (name),
    secret         text NOT NULL,
    previous       text,
    previous_until timestamptz,
    created_at     timestamptz NOT NULL,
    revealed_at    timestamptz
);
