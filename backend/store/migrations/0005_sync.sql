-- Sync: workspaces linked to a BookBag server. Device-local: none
-- of these tables is synced, and no token is ever stored here (the refresh
-- token lives in the keychain).

-- One row per linked workspace: where it syncs, as whom, and how far.
CREATE TABLE sync_links (
    workspace_id   TEXT PRIMARY KEY,
    server_url     TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    user_id        TEXT    NOT NULL, -- the server account's id (author_id of synced rows)
    display_name   TEXT    NOT NULL DEFAULT '',
    role           TEXT    NOT NULL DEFAULT 'member', -- workspace role on the server
    cursor         INTEGER NOT NULL DEFAULT 0,        -- last server sequence applied
    last_synced_at INTEGER NOT NULL DEFAULT 0,
    members        TEXT    NOT NULL DEFAULT '[]',      -- last member list seen (JSON), for offline display
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- Pulled changes waiting for their parent row (a message whose chat moved to a
-- later sequence, settings before their workspace row): applied as soon as the
-- parent arrives, so the cursor can advance past them.
CREATE TABLE sync_parked (
    workspace_id TEXT    NOT NULL,
    table_name   TEXT    NOT NULL,
    row_id       TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    parent_id    TEXT    NOT NULL, -- the missing row: the workspace or the chat
    change       TEXT    NOT NULL, -- syncproto.Change as JSON
    PRIMARY KEY (workspace_id, table_name, row_id)
);
CREATE INDEX sync_parked_parent ON sync_parked (workspace_id, parent_id);

-- The synced content (a hash without device-local columns and stamps) and
-- the stamps of rows with device-local columns (documents' index state,
-- workspaces' default flag), as last pushed or pulled: a change that only
-- touched local columns is not pushed (documents are indexed on every device;
-- that is not a change), and the row gets the shared version's stamps back.
CREATE TABLE sync_base (
    table_name   TEXT    NOT NULL,
    row_id       TEXT    NOT NULL,
    workspace_id TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    hlc          TEXT    NOT NULL,
    author_id    TEXT    NOT NULL,
    device_id    TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (table_name, row_id)
);
CREATE INDEX sync_base_ws ON sync_base (workspace_id);
