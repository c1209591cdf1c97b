package main

import (
	"context"
	"log/slog"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/chat"
	"bookbag/backend/localapi"
	"bookbag/backend/syncproto"
	"bookbag/backend/usage"
)

// Adapters of the usage domain: chats, documents and the local API report
// each model call they make, and ask before a call whether a hard budget
// is reached. A failure to record or to read the budgets is logged and
// never stops the user's work; only a reached budget refuses.

// usageGate is the budget check every caller shares.
type usageGate struct {
	u   *usage.Service
	log *slog.Logger
}

func (g usageGate) Allow(ctx context.Context, workspaceID, modelRef string) error {
	err := g.u.Allow(ctx, workspaceID, modelRef)
	if err != nil && apperr.CodeOf(err) != usage.OverBudget {
		g.log.Warn("check budget", "workspace", workspaceID, "err", err)
		return nil
	}
	return err
}

// chatUsage records a chat turn's calls (answer rounds and titles).
type chatUsage struct{ usageGate }

func (c chatUsage) Record(ctx context.Context, m chat.ModelCall) error {
	_, err := c.u.Record(ctx, usage.Call{WorkspaceID: m.WorkspaceID, ModelRef: m.ModelRef, Source: m.Kind,
		InputTokens: int64(m.InputTokens), OutputTokens: int64(m.OutputTokens), CachedTokens: int64(m.CachedTokens),
		Estimated: m.Estimated, DurationMs: m.Duration.Milliseconds()})
	return err
}

// ragUsage records the documents' embedding calls (ingest and queries) and
// asks the budgets before them.
type ragUsage struct{ usageGate }

func (r ragUsage) RecordEmbedding(ctx context.Context, workspaceID, ref string, tokens int, took time.Duration) error {
	_, err := r.u.Record(ctx, usage.Call{WorkspaceID: workspaceID, ModelRef: ref, Source: usage.SourceEmbedding,
		InputTokens: int64(tokens), Estimated: true, DurationMs: took.Milliseconds()})
	return err
}

// localUsage records the local API's calls, as source api.
type localUsage struct{ usageGate }

func (l localUsage) Record(ctx context.Context, c localapi.UsageCall) error {
	_, err := l.u.Record(ctx, usage.Call{WorkspaceID: c.WorkspaceID, ModelRef: c.ModelRef, Source: usage.SourceAPI,
		InputTokens: int64(c.InputTokens), OutputTokens: int64(c.OutputTokens), CachedTokens: int64(c.CachedTokens),
		Estimated: c.Estimated, DurationMs: c.DurationMs})
	return err
}

// usageWorkspaces names workspaces for the Usage page.
type usageWorkspaces struct{ a *App }

func (w usageWorkspaces) Names(ctx context.Context) (map[string]string, error) {
	ws, err := w.a.workspaces.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ws))
	for _, x := range ws {
		out[x.ID] = x.Name
	}
	return out, nil
}

// syncUsage hands sync the calls of a shared workspace the office server
// does not have yet (event ids are the call ids: a re-send counts once).
type syncUsage struct{ u *usage.Service }

func (s syncUsage) PendingUsage(ctx context.Context, workspaceID string, limit int) ([]syncproto.UsageEvent, error) {
	return s.u.PendingSync(ctx, workspaceID, limit)
}

func (s syncUsage) MarkUsageSent(ctx context.Context, ids []string) error {
	return s.u.MarkSent(ctx, ids)
}
