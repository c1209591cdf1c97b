-- bookbag-server schema, version 1. The same file runs on SQLite and
-- PostgreSQL: portable types only (TEXT, BIGINT, INTEGER) and {{BLOB}}, which
-- each backend replaces with its binary type. Times are Unix milliseconds,
-- flags are INTEGER 0/1, ids are UUIDv7 text.

CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE, -- lowercased
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'member')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

-- One-time tokens printed on first start to create the first admin.
CREATE TABLE setup_tokens (
    hash       TEXT PRIMARY KEY, -- SHA-256 of the token, hex
    created_at BIGINT NOT NULL
);

-- A session is one sign-in of one device: the family of its refresh tokens.
CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    user_id       TEXT   NOT NULL REFERENCES users (id),
    device_id     TEXT   NOT NULL,
    device_name   TEXT   NOT NULL,
    address       TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    revoked_at    BIGINT,
    revoke_reason TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE refresh_tokens (
    hash       TEXT PRIMARY KEY, -- SHA-256 of the token, hex; the token itself is never stored
    session_id TEXT   NOT NULL REFERENCES sessions (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- seq is the workspace's newest change sequence. A push takes this row's
-- lock first, so pushes to one workspace commit in sequence order.
CREATE TABLE workspaces (
    id          TEXT PRIMARY KEY,
    name        TEXT   NOT NULL,
    created_by  TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    deleted_at  BIGINT,
    seq         BIGINT NOT NULL DEFAULT 0,
    usage_bytes BIGINT NOT NULL DEFAULT 0,
    quota_bytes BIGINT NOT NULL DEFAULT 0 -- 0: the server's default quota
);

CREATE TABLE members (
    workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
    user_id      TEXT   NOT NULL REFERENCES users (id),
    role         TEXT   NOT NULL CHECK (role IN ('admin', 'member')),
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
    email        TEXT   NOT NULL, -- lowercased
    role         TEXT   NOT NULL CHECK (role IN ('admin', 'member')),
    invited_by   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX invitations_email ON invitations (email);
CREATE UNIQUE INDEX invitations_ws_email ON invitations (workspace_id, email);

-- The newest version of every synced row, tombstones included. owner_id is
-- the user who first pushed the row; chat_id is the chat a chat, message or
-- chat document belongs to (the chat's own id for chats), so visibility can
-- follow the chat; was_shared remembers that non-owners once saw the chat.
CREATE TABLE sync_rows (
    workspace_id TEXT    NOT NULL REFERENCES workspaces (id),
    tbl          TEXT    NOT NULL,
    row_id       TEXT    NOT NULL,
    seq          BIGINT  NOT NULL,
    hlc          TEXT    NOT NULL,
    device_id    TEXT    NOT NULL,
    author_id    TEXT    NOT NULL,
    owner_id     TEXT    NOT NULL,
    chat_id      TEXT,
    shared       INTEGER NOT NULL DEFAULT 0,
    was_shared   INTEGER NOT NULL DEFAULT 0,
    deleted      INTEGER NOT NULL DEFAULT 0,
    complete     INTEGER NOT NULL DEFAULT 0,
    op           TEXT    NOT NULL,
    snapshot     TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    PRIMARY KEY (workspace_id, tbl, row_id)
);
CREATE UNIQUE INDEX sync_rows_seq ON sync_rows (workspace_id, seq);
CREATE INDEX sync_rows_chat ON sync_rows (workspace_id, chat_id);

-- Content-addressed files, stored in the database in 1 MiB chunks so that
-- several server processes on one PostgreSQL share them and memory stays
-- bounded while streaming.
CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY,
    size       BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE blob_chunks (
    sha256 TEXT    NOT NULL REFERENCES blobs (sha256),
    idx    INTEGER NOT NULL,
    data   {{BLOB}} NOT NULL,
    PRIMARY KEY (sha256, idx)
);

-- Which workspace holds which file: downloads and quota go by these.
CREATE TABLE file_refs (
    workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
    sha256       TEXT   NOT NULL REFERENCES blobs (sha256),
    size         BIGINT NOT NULL,
    created_by   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, sha256)
);

CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY, -- UUIDv7: orders by time
    at           BIGINT NOT NULL,
    actor_id     TEXT   NOT NULL DEFAULT '',
    action       TEXT   NOT NULL,
    workspace_id TEXT   NOT NULL DEFAULT '',
    target_id    TEXT   NOT NULL DEFAULT '',
    address      TEXT   NOT NULL DEFAULT '',
    detail       TEXT   NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_ws ON audit_log (workspace_id, id);
