-- BookBag Desktop schema, version 1.
--
-- Synced tables (workspaces, workspace_settings, model_assignments, param_profiles,
-- prompt_templates, chats, messages, documents) all carry the same trailer:
--   id TEXT (UUIDv7), workspace_id, created_at/updated_at (Unix ms), deleted_at
--   (tombstone), hlc (hybrid logical clock stamp of the last change), device_id, author_id.
-- They are written only through store.Tx.Insert/Update/Delete, which stamp those
-- columns and append the row to change_log in the same transaction.
-- Local tables (identity, settings, providers, models, chunks) never leave the device.

CREATE TABLE identity (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    device_id    TEXT    NOT NULL,
    user_id      TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE workspaces (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT    NOT NULL, -- equals id: a workspace belongs to itself
    name         TEXT    NOT NULL,
    icon         TEXT    NOT NULL DEFAULT '',
    color        TEXT    NOT NULL DEFAULT '',
    is_default   INTEGER NOT NULL DEFAULT 0,
    archived_at  INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    hlc          TEXT    NOT NULL,
    device_id    TEXT    NOT NULL,
    author_id    TEXT    NOT NULL
);

CREATE TABLE workspace_settings (
    id                  TEXT PRIMARY KEY,
    workspace_id        TEXT    NOT NULL REFERENCES workspaces (id),
    system_prompt       TEXT    NOT NULL DEFAULT '',
    default_model_ref   TEXT    NOT NULL DEFAULT '',
    default_profile_id  TEXT,
    embedding_model_ref TEXT    NOT NULL DEFAULT '',
    chunk_size          INTEGER NOT NULL DEFAULT 1000,
    chunk_overlap       INTEGER NOT NULL DEFAULT 200,
    top_k               INTEGER NOT NULL DEFAULT 6,
    min_score           REAL    NOT NULL DEFAULT 0,
    use_documents       INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    deleted_at          INTEGER,
    hlc                 TEXT    NOT NULL,
    device_id           TEXT    NOT NULL,
    author_id           TEXT    NOT NULL
);
CREATE UNIQUE INDEX workspace_settings_ws ON workspace_settings (workspace_id);

-- Models a workspace allows, by portable model ref ("openai:gpt-4o-mini").
CREATE TABLE model_assignments (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT    NOT NULL REFERENCES workspaces (id),
    model_ref    TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    hlc          TEXT    NOT NULL,
    device_id    TEXT    NOT NULL,
    author_id    TEXT    NOT NULL
);
CREATE INDEX model_assignments_ws ON model_assignments (workspace_id);

-- Providers and their models are per device: a workspace refers to models by ref and
-- each device resolves the ref to a provider it has. API keys are never stored here.
CREATE TABLE providers (
    id         TEXT PRIMARY KEY,
    kind       TEXT    NOT NULL, -- openai | anthropic | ollama
    preset     TEXT    NOT NULL, -- openai, xai, openrouter, ..., custom
    name       TEXT    NOT NULL,
    base_url   TEXT    NOT NULL,
    key_env    TEXT    NOT NULL DEFAULT '',
    enabled    INTEGER NOT NULL DEFAULT 1,
    options    TEXT    NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE models (
    id             TEXT PRIMARY KEY,
    provider_id    TEXT    NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    ref            TEXT    NOT NULL,
    display_name   TEXT    NOT NULL DEFAULT '',
    vision         INTEGER NOT NULL DEFAULT 0,
    thinking       INTEGER NOT NULL DEFAULT 0,
    tools          INTEGER NOT NULL DEFAULT 0,
    embedding      INTEGER NOT NULL DEFAULT 0,
    context_length INTEGER NOT NULL DEFAULT 0,
    dimensions     INTEGER NOT NULL DEFAULT 0,
    enabled        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX models_provider_name ON models (provider_id, name);
CREATE INDEX models_ref ON models (ref);

-- Parameter profiles and prompt templates: workspace_id NULL means personal (everywhere).
CREATE TABLE param_profiles (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT REFERENCES workspaces (id),
    name             TEXT    NOT NULL,
    temperature      REAL,
    top_p            REAL,
    max_tokens       INTEGER,
    context_length   INTEGER,
    reasoning_effort TEXT    NOT NULL DEFAULT '',
    think            INTEGER,
    system_prompt    TEXT    NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER,
    hlc              TEXT    NOT NULL,
    device_id        TEXT    NOT NULL,
    author_id        TEXT    NOT NULL
);

CREATE TABLE prompt_templates (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT REFERENCES workspaces (id),
    name         TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    hlc          TEXT    NOT NULL,
    device_id    TEXT    NOT NULL,
    author_id    TEXT    NOT NULL
);

CREATE TABLE chats (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
    title         TEXT    NOT NULL DEFAULT '',
    model_ref     TEXT    NOT NULL DEFAULT '',
    profile_id    TEXT,
    system_prompt TEXT    NOT NULL DEFAULT '',
    params        TEXT    NOT NULL DEFAULT '{}', -- per-chat parameter overrides (JSON)
    pinned        INTEGER NOT NULL DEFAULT 0,
    archived_at   INTEGER,
    shared        INTEGER NOT NULL DEFAULT 0,
    active_leaf_id TEXT,                        -- the branch shown: its last message
    source        TEXT    NOT NULL DEFAULT '',  -- '' (made here), chatgpt, bookbag (imported)
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER,
    hlc           TEXT    NOT NULL,
    device_id     TEXT    NOT NULL,
    author_id     TEXT    NOT NULL
);
CREATE INDEX chats_ws_updated ON chats (workspace_id, updated_at DESC);

-- Messages form a tree per chat (parent_id): regenerations and edits are siblings.
-- kind: text (what the user and model said), reasoning, tool_call, tool_output (imports).
CREATE TABLE messages (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT    NOT NULL REFERENCES workspaces (id),
    chat_id          TEXT    NOT NULL REFERENCES chats (id),
    parent_id        TEXT,
    role             TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    kind             TEXT    NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'reasoning', 'tool_call', 'tool_output')),
    tool_name        TEXT    NOT NULL DEFAULT '',
    content          TEXT    NOT NULL DEFAULT '',
    thinking         TEXT    NOT NULL DEFAULT '',
    model_ref        TEXT    NOT NULL DEFAULT '',
    tokens_in        INTEGER NOT NULL DEFAULT 0,
    tokens_out       INTEGER NOT NULL DEFAULT 0,
    tokens_estimated INTEGER NOT NULL DEFAULT 0,
    status           TEXT    NOT NULL DEFAULT 'complete', -- complete, streaming, stopped, interrupted, error
    error            TEXT    NOT NULL DEFAULT '',
    finish_reason    TEXT    NOT NULL DEFAULT '',
    ttft_ms          INTEGER NOT NULL DEFAULT 0,
    tokens_per_sec   REAL    NOT NULL DEFAULT 0,
    trimmed          INTEGER NOT NULL DEFAULT 0, -- messages left out of the history to fit the context
    citations        TEXT    NOT NULL DEFAULT '[]',
    attachments      TEXT    NOT NULL DEFAULT '[]',
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER,
    hlc              TEXT    NOT NULL,
    device_id        TEXT    NOT NULL,
    author_id        TEXT    NOT NULL
);
CREATE INDEX messages_chat ON messages (chat_id, created_at);
CREATE INDEX messages_ws ON messages (workspace_id);
CREATE INDEX messages_parent ON messages (parent_id);

CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, content = 'messages', content_rowid = 'rowid', tokenize = 'porter unicode61'
);
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
    INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;

CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT    NOT NULL REFERENCES workspaces (id),
    chat_id      TEXT REFERENCES chats (id), -- NULL: every chat of the workspace uses it
    name         TEXT    NOT NULL,
    mime         TEXT    NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    sha256       TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'pending', -- pending, processing, completed, error
    error        TEXT    NOT NULL DEFAULT '',
    chunk_count  INTEGER NOT NULL DEFAULT 0,
    page_count   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    hlc          TEXT    NOT NULL,
    device_id    TEXT    NOT NULL,
    author_id    TEXT    NOT NULL
);
CREATE INDEX documents_ws ON documents (workspace_id, created_at);

-- Chunks are derived locally from documents and deleted hard.
CREATE TABLE chunks (
    id            INTEGER PRIMARY KEY,
    document_id   TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    workspace_id  TEXT    NOT NULL,
    ordinal       INTEGER NOT NULL,
    page          INTEGER NOT NULL DEFAULT 0,
    start_offset  INTEGER NOT NULL DEFAULT 0,
    end_offset    INTEGER NOT NULL DEFAULT 0,
    text          TEXT    NOT NULL,
    embedding     BLOB,
    embedding_ref TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX chunks_document ON chunks (document_id, ordinal);
CREATE INDEX chunks_ws ON chunks (workspace_id);

CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, content = 'chunks', content_rowid = 'id', tokenize = 'porter unicode61'
);
CREATE TRIGGER chunks_fts_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER chunks_fts_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER chunks_fts_au AFTER UPDATE OF text ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
END;

-- Every change to a synced row, as a full row snapshot (JSON). Sync reads only this.
-- Unpushed entries for the same row are coalesced: the latest snapshot is what matters.
CREATE TABLE change_log (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name   TEXT    NOT NULL,
    row_id       TEXT    NOT NULL,
    workspace_id TEXT,
    hlc          TEXT    NOT NULL,
    op           TEXT    NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    snapshot     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    pushed_at    INTEGER
);
CREATE INDEX change_log_pending ON change_log (workspace_id, seq) WHERE pushed_at IS NULL;
CREATE INDEX change_log_row ON change_log (table_name, row_id) WHERE pushed_at IS NULL;
