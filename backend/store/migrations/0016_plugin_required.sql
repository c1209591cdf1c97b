-- A plugin a workspace requires: when its before-send hook fails, or its
-- server is switched off, a message is held instead of going out as
-- written (a plugin that removes personal data must see every message).
ALTER TABLE workspace_tool_servers ADD COLUMN required INTEGER NOT NULL DEFAULT 0;
