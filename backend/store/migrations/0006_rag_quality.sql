-- Retrieval quality: a chunk's context column (the document title
-- and section headings it is indexed with) now names the sections the chunk
-- starts in as well as the one at its middle, and numbered defined terms
-- (`1.5. "Larger Work"` over an indented definition) are headings. Completed
-- documents are indexed again by the queue so that every chunk follows the
-- same rules; CSV files have no headings, so theirs stay as they are. Chunks
-- whose text is unchanged keep their vectors (no embedding calls), and
-- citations already saved carry their own text. The status is device-local
-- (not synced), so this is no change to push.
UPDATE documents SET status = 'pending'
WHERE status = 'completed' AND deleted_at IS NULL AND format != 'csv';
