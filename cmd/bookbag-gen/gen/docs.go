package gen

import (
	"context"
	"fmt"
	"strings"

	"bookbag/backend/store"
)

// documents adds completed text documents with chunks, as the documents
// domain stores them: the document row through the store helper (a synced
// row), its chunks with plain SQL (derived, local data; indexed in FTS by
// their trigger). No embeddings: the workspaces search them by keywords.
func (g *generator) documents(ctx context.Context) error {
	const perTx = 100
	for start := 0; start < g.o.Documents; start += perTx {
		end := min(start+perTx, g.o.Documents)
		err := g.db.Tx(ctx, func(tx *store.Tx) error {
			stmt, err := tx.PrepareContext(ctx, `INSERT INTO chunks (document_id, workspace_id, ordinal, page, start_offset, end_offset, text, context)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
			if err != nil {
				return fmt.Errorf("prepare chunk insert: %w", err)
			}
			defer stmt.Close()
			for i := start; i < end; i++ {
				ws := g.stats.WorkspaceIDs[i%len(g.stats.WorkspaceIDs)]
				topic := g.text.Topic(8)
				title := g.text.Title(topic)
				name := strings.ReplaceAll(strings.ToLower(title), " ", "-") + ".txt"
				chunks := make([]string, g.o.ChunksPerDoc)
				size := 0
				for j := range chunks {
					chunks[j] = g.text.Message(140+g.r.IntN(60), topic)
					size += len(chunks[j])
				}
				id := store.NewID()
				if err := tx.Insert(ctx, "documents", id, ws, store.Values{"name": name, "mime": "text/plain", "size": size,
					"status": "completed", "chunk_count": len(chunks), "format": "text"}); err != nil {
					return err
				}
				off := 0
				for j, text := range chunks {
					n := len([]rune(text))
					if _, err := stmt.ExecContext(ctx, id, ws, j, 0, off, off+n, text, title); err != nil {
						return fmt.Errorf("insert chunk: %w", err)
					}
					off += n
				}
				g.stats.Chunks += len(chunks)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("write documents: %w", err)
		}
		g.stats.Documents = end
	}
	return nil
}
