-- Shared embeddings: in a workspace shared through a server, a
-- document row names the file holding the chunk vectors its indexing device
-- made (content-addressed like the document's own file) and the embedding
-- model that made them, so members embedding with the same model reuse them
-- (backend/rag/syncbundle.go). Both columns are shared content, synced with the row.
ALTER TABLE documents ADD COLUMN embeddings_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN embeddings_ref TEXT NOT NULL DEFAULT '';
