-- A file no live row of its workspace names is marked orphaned at one
-- sweep and freed at a later one, a grace period on: an upload comes
-- before the push that names it, and a client that saw the file there
-- must be able to name it again in the meantime (docs/SYNC.md, Files).
ALTER TABLE file_refs ADD COLUMN orphaned_at BIGINT;
-- Whether any workspace still holds a file, when its bytes may go.
CREATE INDEX file_refs_sha256 ON file_refs (sha256);
