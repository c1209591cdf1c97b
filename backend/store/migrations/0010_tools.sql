-- Tools: MCP servers configured on this device, the workspaces that use
-- them, standing approvals, and a record of every call. All device-local:
-- a server is a program or URL of this machine, and what a device ran is
-- its own record. Tool calls and results themselves are messages of the
-- chat (kinds tool_call, tool_output) and travel with it.

-- A server's secrets (env values, header values) are in the keychain,
-- account mcp/<id>; env and headers here hold their names only.
CREATE TABLE mcp_servers (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    transport       TEXT    NOT NULL CHECK (transport IN ('stdio', 'http', 'sse')),
    command         TEXT    NOT NULL DEFAULT '',
    args            TEXT    NOT NULL DEFAULT '[]',  -- JSON array
    dir             TEXT    NOT NULL DEFAULT '',
    url             TEXT    NOT NULL DEFAULT '',
    env_names       TEXT    NOT NULL DEFAULT '[]',  -- JSON array; values in the keychain
    header_names    TEXT    NOT NULL DEFAULT '[]',  -- JSON array; values in the keychain
    init_timeout_ms INTEGER NOT NULL DEFAULT 0,     -- 0: the runtime's default
    call_timeout_ms INTEGER NOT NULL DEFAULT 0,
    enabled         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- Which servers a workspace uses: for the model's tools, and as a plugin
-- (its bookbag_* hook tools run at their hook points).
CREATE TABLE workspace_tool_servers (
    workspace_id TEXT    NOT NULL,
    server_id    TEXT    NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
    tools        INTEGER NOT NULL DEFAULT 1,
    plugin       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, server_id)
);

-- "Always allow": a tool of a server (tool != '') or the whole server
-- (tool = '') in a workspace.
CREATE TABLE tool_approvals (
    workspace_id TEXT    NOT NULL,
    server_id    TEXT    NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
    tool         TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, server_id, tool)
);

-- Every tool call: who, when, which, with what, how it ended.
CREATE TABLE tool_calls (
    id           TEXT    PRIMARY KEY,
    workspace_id TEXT    NOT NULL,
    chat_id      TEXT    NOT NULL DEFAULT '',
    message_id   TEXT    NOT NULL DEFAULT '',  -- the tool_call message
    user_id      TEXT    NOT NULL DEFAULT '',
    server       TEXT    NOT NULL,
    tool         TEXT    NOT NULL,
    kind         TEXT    NOT NULL DEFAULT 'tool', -- tool | hook | action
    arguments    TEXT    NOT NULL DEFAULT '{}',
    decision     TEXT    NOT NULL DEFAULT '',  -- once | always-tool | always-server | read-only | denied | timeout | hook
    outcome      TEXT    NOT NULL,             -- ok | error | denied | canceled | failed
    detail       TEXT    NOT NULL DEFAULT '',  -- the error, or the result's size
    duration_ms  INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);
CREATE INDEX tool_calls_ws ON tool_calls (workspace_id, created_at DESC, id);

-- Notes plugins add to an answer (JSON array of {source, text}).
ALTER TABLE messages ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
