-- Usage and cost (backend/usage): every model call this device made, the
-- prices that cost them, and the monthly budgets. Device-local, never
-- synced as rows: a shared workspace's calls reach the office server as
-- usage events (sent_at marks those sent).

-- One row per model call, written when the call ends.
CREATE TABLE usage_calls (
    id             TEXT    PRIMARY KEY,          -- random; the server's idempotent event id
    at             INTEGER NOT NULL,             -- unix ms, end of the call
    workspace_id   TEXT    NOT NULL DEFAULT '',  -- '' for an API call to a bare model
    model_ref      TEXT    NOT NULL,             -- "<provider>:<model>" (llm.Ref, without @dims)
    provider       TEXT    NOT NULL,             -- the ref's provider part (preset or kind)
    local          INTEGER NOT NULL DEFAULT 0,   -- runs on this machine: costs nothing
    source         TEXT    NOT NULL,             -- chat | title | embedding | api | tool
    input_tokens   INTEGER NOT NULL DEFAULT 0,   -- every prompt token, cached ones included
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    cached_tokens  INTEGER NOT NULL DEFAULT 0,   -- of input_tokens, those read from a cache
    estimated      INTEGER NOT NULL DEFAULT 0,   -- the provider gave no counts
    duration_ms    INTEGER NOT NULL DEFAULT 0,
    priced         INTEGER NOT NULL DEFAULT 0,   -- 0: no price known (cost 0, "no price")
    price_input    INTEGER NOT NULL DEFAULT 0,   -- the price that applied, micro-USD per 1M tokens
    price_output   INTEGER NOT NULL DEFAULT 0,
    price_cached   INTEGER NOT NULL DEFAULT 0,
    cost_micros    INTEGER NOT NULL DEFAULT 0,   -- micro-USD
    sent_at        INTEGER                       -- unix ms when pushed to the office server
);
CREATE INDEX usage_calls_at ON usage_calls (at, id);
CREATE INDEX usage_calls_unsent ON usage_calls (workspace_id, at) WHERE sent_at IS NULL;

-- Sums of usage_calls per 15-minute UTC bucket, workspace and model,
-- maintained in each call's insert transaction: the Usage page and the
-- budgets read these (any time zone's day or month starts on a 15-minute
-- boundary) instead of scanning every call.
CREATE TABLE usage_rollup (
    bucket         INTEGER NOT NULL,             -- at / 900000
    workspace_id   TEXT    NOT NULL,
    model_ref      TEXT    NOT NULL,
    calls          INTEGER NOT NULL DEFAULT 0,
    input_tokens   INTEGER NOT NULL DEFAULT 0,
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    cached_tokens  INTEGER NOT NULL DEFAULT 0,
    cost_micros    INTEGER NOT NULL DEFAULT 0,
    unpriced       INTEGER NOT NULL DEFAULT 0,   -- calls without a price
    PRIMARY KEY (bucket, workspace_id, model_ref)
) WITHOUT ROWID;
CREATE INDEX usage_rollup_ws ON usage_rollup (workspace_id, bucket);

-- Prices per million tokens, from a date on. model is a model id
-- ("gpt-4o") or a whole ref ("openai:gpt-4o"); see usage/prices.go for
-- how a call finds its price.
CREATE TABLE usage_prices (
    id              TEXT    PRIMARY KEY,
    model           TEXT    NOT NULL,
    input_micros    INTEGER NOT NULL DEFAULT 0,
    output_micros   INTEGER NOT NULL DEFAULT 0,
    cached_micros   INTEGER NOT NULL DEFAULT 0,
    effective_from  TEXT    NOT NULL,            -- YYYY-MM-DD, from 00:00 UTC that day
    preset          INTEGER NOT NULL DEFAULT 0,  -- as the app wrote it (restorable)
    note            TEXT    NOT NULL DEFAULT '',
    UNIQUE (model, effective_from)
);

-- Monthly budgets: workspace_id '' is the whole app's.
CREATE TABLE usage_budgets (
    workspace_id  TEXT    PRIMARY KEY,
    soft_micros   INTEGER NOT NULL DEFAULT 0,    -- 0: none
    hard_micros   INTEGER NOT NULL DEFAULT 0     -- 0: none
);

-- usage_rollup summed per local day, for each UTC offset the Usage page
-- has asked for (usage_daily_offsets): a day of a zone at offset o is one
-- row per workspace and model here, so a month or a year reads a few
-- thousand rows whatever the number of calls. Built from usage_rollup when
-- an offset is first asked for, then kept up to date by each call's insert.
-- Days of a DST change (23 or 25 hours) are read from usage_rollup.
CREATE TABLE usage_daily_offsets (
    offset_min  INTEGER PRIMARY KEY              -- minutes east of UTC
);
CREATE TABLE usage_daily (
    offset_min     INTEGER NOT NULL,
    day            INTEGER NOT NULL,             -- (at + offset) / 86400000: days since 1970-01-01 there
    workspace_id   TEXT    NOT NULL,
    model_ref      TEXT    NOT NULL,
    calls          INTEGER NOT NULL DEFAULT 0,
    input_tokens   INTEGER NOT NULL DEFAULT 0,
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    cached_tokens  INTEGER NOT NULL DEFAULT 0,
    cost_micros    INTEGER NOT NULL DEFAULT 0,
    unpriced       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (offset_min, day, workspace_id, model_ref)
) WITHOUT ROWID;

-- usage_daily summed again per model (dim 'm') and per workspace (dim
-- 'w'), kept the same way: the Usage page's charts and tables read a
-- year's days for one offset as ~days × models rows, in key order.
CREATE TABLE usage_daily_keys (
    offset_min     INTEGER NOT NULL,
    dim            TEXT    NOT NULL,             -- m: key is a model ref; w: a workspace id
    day            INTEGER NOT NULL,
    key            TEXT    NOT NULL,
    calls          INTEGER NOT NULL DEFAULT 0,
    input_tokens   INTEGER NOT NULL DEFAULT 0,
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    cached_tokens  INTEGER NOT NULL DEFAULT 0,
    cost_micros    INTEGER NOT NULL DEFAULT 0,
    unpriced       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (offset_min, dim, day, key)
) WITHOUT ROWID;
