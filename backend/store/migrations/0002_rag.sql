-- Documents and retrieval.
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

-- Chunks are indexed with their document's title (file name and first line) in
-- a second, lighter-weighted FTS column, so a question that names the document
-- ("the Apache license", "bash") favours its chunks (BM25F-style). Diacritics
-- are folded so "Curacao" finds "Curaçao".
ALTER TABLE chunks ADD COLUMN context TEXT NOT NULL DEFAULT '';
DROP TRIGGER chunks_fts_ai;
DROP TRIGGER chunks_fts_ad;
DROP TRIGGER chunks_fts_au;
DROP TABLE chunks_fts;
CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, context, content = 'chunks', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER chunks_fts_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, text, context) VALUES (new.id, new.text, new.context);
END;
CREATE TRIGGER chunks_fts_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, text, context) VALUES ('delete', old.id, old.text, old.context);
END;
CREATE TRIGGER chunks_fts_au AFTER UPDATE OF text, context ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, text, context) VALUES ('delete', old.id, old.text, old.context);
    INSERT INTO chunks_fts (rowid, text, context) VALUES (new.id, new.text, new.context);
END;
INSERT INTO chunks_fts (chunks_fts) VALUES ('rebuild');
