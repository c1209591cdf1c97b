-- The workspace overview counts the stored files of chat images as well as
-- documents: this partial index finds the few messages that carry
-- attachments without reading every message (queries name the condition
-- literally so SQLite can use it).
CREATE INDEX messages_with_attachments ON messages (workspace_id) WHERE attachments != '[]';
