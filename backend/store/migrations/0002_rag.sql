-- Documents and retrieval (issue 5).
--
-- documents.warning: a completed document can still carry a note for the user
-- ("3 cells were cut", "embeddings unavailable"); error stays the reason of a
-- failed one. documents.format: the extractor that read it (pdf, docx, ...).
ALTER TABLE documents ADD COLUMN warning TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT '';

-- The ingest queue is the documents table itself: the worker takes the oldest
-- pending or processing row, so a restart resumes where it stopped.
CREATE INDEX documents_queue ON documents (status, created_at) WHERE deleted_at IS NULL;
CREATE INDEX documents_sha ON documents (workspace_id, sha256) WHERE deleted_at IS NULL;

-- Vectors are loaded per (workspace, embedding model); re-embedding looks for
-- chunks whose model differs from the workspace's.
CREATE INDEX chunks_ws_ref ON chunks (workspace_id, embedding_ref);
