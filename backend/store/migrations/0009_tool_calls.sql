-- Tool calls in a chat's tree: a tool_call message (role assistant) and the
-- tool_output message answering it (role tool) share the id the model gave
-- the call, so the conversation can be sent back to the model as calls and
-- results. Imported tool traffic has none and is not replayed.
ALTER TABLE messages ADD COLUMN tool_call_id TEXT NOT NULL DEFAULT '';
