package workspace

import (
	"context"
	"testing"

	"bookbag/backend/chat"
	"bookbag/backend/models"
	"bookbag/backend/rag"
	"bookbag/backend/rag/extract"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
	syncsvc "bookbag/backend/sync"
	"bookbag/backend/tools"
)

// withDomains connects d to real services of the other domains on d.DB, as
// app.go does: documents, chats, profiles, tools and the change log as the parts a
// purge removes, their counts, the profiles check, which files are in use
// and whether a workspace was ever shared.
func withDomains(t testing.TB, d Deps) Deps {
	t.Helper()
	db := d.DB
	chats := chat.NewService(chat.Deps{DB: db})
	docs := rag.NewService(rag.Deps{DB: db, Blobs: d.Blobs, Extractor: extract.New(extract.Options{})})
	mods := models.NewService(models.Deps{DB: db})
	t.Cleanup(func() { chats.Close(); docs.Close() })
	d.Parts = []Part{docs.WorkspaceRows(chats.ChatIDs), chats.WorkspaceRows(), mods.WorkspaceRows(), tools.WorkspaceRows{}, store.WorkspaceLog{}}
	d.Contents = testContents{chats: chats, docs: docs}
	d.Profiles = mods
	d.Shared = func(ctx context.Context, ws string) (bool, error) { return syncsvc.EverShared(ctx, db.R, ws) }
	d.FilesInUse = func(ctx context.Context, sum string) (bool, error) {
		if used, err := docs.FileInUse(ctx, db.R, sum); err != nil || used {
			return used, err
		}
		return chats.FileInUse(ctx, db.R, sum)
	}
	return d
}

// testContents counts chats and documents as app.go's workspaceContents does.
type testContents struct {
	chats *chat.Service
	docs  *rag.Service
}

func (c testContents) Counts(ctx context.Context, q sqlkit.Queryer, ws string) (ContentCounts, error) {
	ch, err := c.chats.WorkspaceCounts(ctx, q, ws)
	if err != nil {
		return ContentCounts{}, err
	}
	d, err := c.docs.WorkspaceCounts(ctx, q, ws)
	return ContentCounts{Chats: ch.Chats, Messages: ch.Messages, Documents: d.Documents, Chunks: d.Chunks}, err
}

func (c testContents) Files(ctx context.Context, q sqlkit.Queryer, ws string) (map[string]int64, error) {
	files, err := c.docs.DocumentFiles(ctx, q, ws)
	if err != nil {
		return nil, err
	}
	images, err := c.chats.ImageFiles(ctx, q, ws)
	for sum, size := range images {
		files[sum] = max(files[sum], size)
	}
	return files, err
}

func (c testContents) Usage(ctx context.Context, q sqlkit.Queryer, ws string, since, dayMs int64, days int) ([]ModelUsage, []int64, error) {
	models, daily, err := c.chats.Usage(ctx, q, ws, since, dayMs, days)
	out := make([]ModelUsage, len(models))
	for i, m := range models {
		out[i] = ModelUsage{ModelRef: m.ModelRef, Input: m.Input, Output: m.Output, Answers: int(m.Answers)}
	}
	return out, daily, err
}
