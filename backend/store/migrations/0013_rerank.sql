-- A workspace may let its chat model re-rank the sources of each question
-- (issue 19): off by default, since it costs a model call per question.
ALTER TABLE workspace_settings ADD COLUMN rerank INTEGER NOT NULL DEFAULT 0;
