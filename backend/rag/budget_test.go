package rag

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/apperr"
)

// A reached hard budget refuses embedding calls: a new document is kept for
// keyword search and says why it has no vectors, a question is searched by
// keywords with the budget as the note, and no call is made or recorded.
// Once the budget allows, Re-embed fills the gap.
func TestBudgetRefusesEmbeddingCalls(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	e.setModel("fake:hash@64")
	ctx := context.Background()
	const said = "This workspace reached its monthly budget of $1.00 (spent $1.20). Raise it in Usage → Budgets."
	e.usage.mu.Lock()
	e.usage.refuse = apperr.New("over_budget", said)
	e.usage.mu.Unlock()

	e.index(t, map[string]string{"puffins.txt": "Puffins nest in burrows on cliff tops."})
	d := e.mustOnly(t)
	if !strings.Contains(d.Warning, "embeddings unavailable") || !strings.Contains(d.Warning, "monthly budget of $1.00") {
		t.Fatalf("document warning: %q", d.Warning)
	}
	res, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "where do puffins nest"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != ModeKeyword || !strings.Contains(res.Note, said) || len(res.Hits) != 1 {
		t.Fatalf("search over budget: mode %q note %q hits %d", res.Mode, res.Note, len(res.Hits))
	}
	e.embed.mu.Lock()
	calls := e.embed.calls
	e.embed.mu.Unlock()
	if calls != 0 || len(e.usage.take()) != 0 || e.usage.asked < 2 {
		t.Fatalf("over budget: %d embedding calls, %d asks", calls, e.usage.asked)
	}

	e.usage.mu.Lock()
	e.usage.refuse = nil
	e.usage.mu.Unlock()
	if _, err := e.svc.Reembed(ctx, e.ws); err != nil {
		t.Fatal(err)
	}
	st := waitStatus(t, e, func(s IndexStatus) bool { return !s.Reembedding })
	if st.Embedded != st.Chunks || st.Chunks == 0 {
		t.Fatalf("status after the budget allowed: %+v", st)
	}
	if res, _ := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "where do puffins nest"}); res.Mode != ModeHybrid {
		t.Fatalf("search after: %q %q", res.Mode, res.Note)
	}
	if len(e.usage.take()) == 0 {
		t.Fatal("the allowed calls were not recorded")
	}
}
