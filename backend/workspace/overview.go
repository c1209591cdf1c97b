package workspace

import (
	"context"
	"database/sql"
	"fmt"
)

// UsageDays is the window of the overview's token usage.
const UsageDays = 30

const dayMs = 24 * 60 * 60 * 1000

// Overview counts a workspace's chats, documents and chunks, the storage its
// documents' files use, and the tokens used per model over the last 30 days.
func (s *Service) Overview(ctx context.Context, workspaceID string) (Overview, error) {
	if _, err := s.Get(ctx, workspaceID); err != nil {
		return Overview{}, err
	}
	now := s.db.Now()
	today := now - now%dayMs
	o := Overview{WorkspaceID: workspaceID, Since: today - (UsageDays-1)*dayMs, Usage: []ModelUsage{}}
	// ReadOnly: a plain BEGIN (the pool's default is IMMEDIATE, which would take the write lock).
	tx, err := s.db.R.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // one snapshot for every count
	if err != nil {
		return o, fmt.Errorf("workspace overview: %w", err)
	}
	defer tx.Rollback()
	if s.counts == nil {
		o.Daily = days(o.Since, make([]int64, UsageDays))
		return o, nil
	}
	c, err := s.counts.Counts(ctx, tx, workspaceID)
	if err != nil {
		return o, fmt.Errorf("workspace overview: %w", err)
	}
	o.Chats, o.Messages, o.Documents, o.Chunks = c.Chats, c.Messages, c.Documents, c.Chunks
	files, err := s.counts.Files(ctx, tx, workspaceID)
	if err != nil {
		return o, fmt.Errorf("workspace overview: %w", err)
	}
	for _, size := range files {
		o.StorageBytes += size
	}
	usage, daily, err := s.counts.Usage(ctx, tx, workspaceID, o.Since, dayMs, UsageDays)
	if err != nil {
		return o, fmt.Errorf("workspace usage: %w", err)
	}
	o.Usage, o.Daily = usage, days(o.Since, daily)
	return o, nil
}

// days turns tokens per day (the first day starting at since) into the
// overview's entries.
func days(since int64, tokens []int64) []DayUsage {
	out := make([]DayUsage, len(tokens))
	for i, n := range tokens {
		out[i] = DayUsage{Day: since + int64(i)*dayMs, Tokens: n}
	}
	return out
}
