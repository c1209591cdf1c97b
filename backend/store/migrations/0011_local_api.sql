-- The local OpenAI-compatible API (backend/localapi): its bearer tokens and
-- a record of every model request made through it. Device-local, never
-- synced: a token opens this machine's server, and what it ran is this
-- machine's record.

-- A token is shown once when created; only its SHA-256 is kept, with a
-- short prefix so the list can tell tokens apart.
CREATE TABLE api_tokens (
    id             TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL,
    token_hash     TEXT    NOT NULL UNIQUE,  -- hex SHA-256 of the whole token
    prefix         TEXT    NOT NULL,         -- "bb-" and the first characters
    all_workspaces INTEGER NOT NULL DEFAULT 1,
    workspace_ids  TEXT    NOT NULL DEFAULT '[]', -- JSON array, when not all
    created_at     INTEGER NOT NULL,
    last_used_at   INTEGER NOT NULL DEFAULT 0,
    revoked_at     INTEGER NOT NULL DEFAULT 0
);

-- One row per chat completion or embedding request, answered or failed.
CREATE TABLE api_requests (
    id            TEXT    PRIMARY KEY,
    created_at    INTEGER NOT NULL,
    token_id      TEXT    NOT NULL DEFAULT '',
    endpoint      TEXT    NOT NULL,              -- chat | embeddings
    model         TEXT    NOT NULL DEFAULT '',   -- as the client named it
    model_ref     TEXT    NOT NULL DEFAULT '',   -- the model that answered
    workspace_id  TEXT    NOT NULL DEFAULT '',
    input_tokens  INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    estimated     INTEGER NOT NULL DEFAULT 0,    -- the provider gave no counts
    stream        INTEGER NOT NULL DEFAULT 0,
    ttft_ms       INTEGER NOT NULL DEFAULT 0,
    duration_ms   INTEGER NOT NULL DEFAULT 0,
    status        INTEGER NOT NULL,              -- the HTTP status answered
    error         TEXT    NOT NULL DEFAULT '',
    source        TEXT    NOT NULL DEFAULT 'api'
);
CREATE INDEX api_requests_time ON api_requests (created_at DESC, id);
CREATE INDEX api_requests_ws ON api_requests (workspace_id, created_at);
