-- Usage events members' devices send (issue 18): one row per model call,
-- unique per workspace by the id the device made, so a re-sent event is
-- counted once. user_id is the account whose token sent it, never a value
-- from the body. Kept when a workspace is deleted: it is what was spent.
CREATE TABLE usage_events (
    workspace_id  TEXT   NOT NULL,
    id            TEXT   NOT NULL,
    user_id       TEXT   NOT NULL,
    at            BIGINT NOT NULL,
    model         TEXT   NOT NULL,
    source        TEXT   NOT NULL,
    input_tokens  BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    cached_tokens BIGINT NOT NULL,
    duration_ms   BIGINT NOT NULL,
    cost_micros   BIGINT NOT NULL,
    received_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
-- Reports read a time range (of one workspace or all) and sum these
-- columns: covering indexes let them read no table row.
CREATE INDEX usage_events_at ON usage_events (at, workspace_id, user_id, model,
    input_tokens, output_tokens, cached_tokens, cost_micros);
CREATE INDEX usage_events_ws_at ON usage_events (workspace_id, at, user_id, model,
    input_tokens, output_tokens, cached_tokens, cost_micros);

-- Settings a server admin changed at runtime; a setting without a row
-- takes its command-line flag.
CREATE TABLE server_settings (
    name       TEXT PRIMARY KEY,
    value      BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT   NOT NULL
);

-- Storage is summed from the rows and files at every quota check and
-- listing (workspaces.usage_bytes is no longer kept): these let both sums
-- read an index only.
CREATE INDEX sync_rows_size ON sync_rows (workspace_id, size);
