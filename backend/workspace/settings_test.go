package workspace

import (
	"context"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

func TestUpdateSettingsStartsReembeddingAndSuggestsReindex(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Research"})
	e.seed(t, w.ID, "pelican")
	st, _ := e.svc.Settings(ctx, w.ID)
	if st.RerankSources {
		t.Fatal("a new workspace re-ranks sources; it must be off by default")
	}
	st.SystemPrompt = "  Answer like a librarian. "
	st.DefaultModelRef = "anthropic:claude-sonnet-4-5"
	st.TopK = 8
	st.MinScore = 0.2
	st.UseDocuments = false
	st.RerankSources = true
	ch, err := e.svc.UpdateSettings(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Reembedding || ch.ReindexSuggested || ch.Settings.SystemPrompt != "Answer like a librarian." ||
		ch.Settings.TopK != 8 || ch.Settings.MinScore != 0.2 || ch.Settings.UseDocuments || !ch.Settings.RerankSources || ch.Documents != 1 {
		t.Fatalf("plain change: %+v", ch)
	}
	if len(e.index.reembeds) != 0 {
		t.Fatal("re-embedding started without a model change")
	}
	st = ch.Settings
	st.EmbeddingModelRef = "ollama:nomic-embed-text@768"
	ch, err = e.svc.UpdateSettings(ctx, st)
	if err != nil || !ch.Reembedding || len(e.index.reembeds) != 1 || e.index.reembeds[0] != w.ID {
		t.Fatalf("embedding change: %+v %v %v", ch, err, e.index.reembeds)
	}
	st = ch.Settings
	st.ChunkSize, st.ChunkOverlap = 500, 50
	ch, err = e.svc.UpdateSettings(ctx, st)
	if err != nil || !ch.ReindexSuggested || ch.Reembedding {
		t.Fatalf("chunk change: %+v %v", ch, err)
	}
	if n, err := e.svc.ReindexDocuments(ctx, w.ID); err != nil || n != 2 || e.index.reindexed[0] != w.ID {
		t.Fatalf("reindex: %d %v", n, err)
	}
	// Other workspaces keep their own settings.
	def, _ := e.svc.Settings(ctx, e.def.ID)
	if def.ChunkSize != 1000 || def.EmbeddingModelRef != "" || def.SystemPrompt != "" {
		t.Fatalf("settings leaked to another workspace: %+v", def)
	}
}

func TestUpdateSettingsValidates(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "V"})
	other, _ := e.svc.Create(ctx, Input{Name: "Other"})
	var otherProfile string
	e.db.Tx(ctx, func(tx *store.Tx) error {
		otherProfile = store.NewID()
		return tx.Insert(ctx, "param_profiles", otherProfile, other.ID, store.Values{"name": "theirs"})
	})
	cases := []func(*Settings){
		func(s *Settings) { s.ChunkSize = 50 },
		func(s *Settings) { s.DefaultModelRef = "no ref" },
		func(s *Settings) { s.EmbeddingModelRef = "ollama:" },
		func(s *Settings) { s.DefaultProfileID = "missing" },
		func(s *Settings) { s.DefaultProfileID = otherProfile },
	}
	for i, mut := range cases {
		st, _ := e.svc.Settings(ctx, w.ID)
		mut(&st)
		if _, err := e.svc.UpdateSettings(ctx, st); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("case %d: %v", i, err)
		}
	}
	st := DefaultSettings("missing")
	if _, err := e.svc.UpdateSettings(ctx, st); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown workspace: %v", err)
	}
	// A personal profile (no workspace) is fine anywhere.
	var personal string
	e.db.Tx(ctx, func(tx *store.Tx) error {
		personal = store.NewID()
		return tx.Insert(ctx, "param_profiles", personal, "", store.Values{"name": "mine"})
	})
	st, _ = e.svc.Settings(ctx, w.ID)
	st.DefaultProfileID = personal
	if ch, err := e.svc.UpdateSettings(ctx, st); err != nil || ch.Settings.DefaultProfileID != personal {
		t.Fatalf("personal profile: %+v %v", ch, err)
	}
}

func TestAllowedModels(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Allowed"})
	got, err := e.svc.AllowedModels(ctx, w.ID)
	if err != nil || len(got) != 0 {
		t.Fatalf("fresh: %v %v", got, err)
	}
	got, err = e.svc.SetAllowedModels(ctx, w.ID, []string{"openai:gpt-4o-mini", " ollama:llama3.2:3b ", "openai:gpt-4o-mini", ""})
	if err != nil || len(got) != 2 || got[0] != "ollama:llama3.2:3b" || got[1] != "openai:gpt-4o-mini" {
		t.Fatalf("set: %v %v", got, err)
	}
	got, err = e.svc.SetAllowedModels(ctx, w.ID, []string{"openai:gpt-4o-mini", "anthropic:claude-sonnet-4-5"})
	if err != nil || len(got) != 2 || got[0] != "anthropic:claude-sonnet-4-5" {
		t.Fatalf("replace: %v %v", got, err)
	}
	var rows, live int
	e.db.R.QueryRow(`SELECT count(*), SUM(deleted_at IS NULL) FROM model_assignments WHERE workspace_id = ?`, w.ID).Scan(&rows, &live)
	if rows != 3 || live != 2 {
		t.Fatalf("assignment rows %d live %d: the removed one should be a tombstone", rows, live)
	}
	if other, _ := e.svc.AllowedModels(ctx, e.def.ID); len(other) != 0 {
		t.Fatalf("allowed models leaked: %v", other)
	}
	if _, err := e.svc.SetAllowedModels(ctx, w.ID, []string{"not a ref"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad ref: %v", err)
	}
	if got, err = e.svc.SetAllowedModels(ctx, w.ID, nil); err != nil || len(got) != 0 {
		t.Fatalf("clear: %v %v", got, err)
	}
}

func TestOverview(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Counted"})
	e.seed(t, w.ID, "pelican")
	e.seed(t, e.def.ID, "heron")
	// An old answer falls outside the 30 days.
	e.db.Tx(ctx, func(tx *store.Tx) error {
		chat := store.NewID()
		tx.Insert(ctx, "chats", chat, w.ID, store.Values{})
		return tx.Insert(ctx, "messages", store.NewID(), w.ID, store.Values{"chat_id": chat, "role": "assistant",
			"model_ref": "ollama:llama3.2:3b", "tokens_in": 5, "tokens_out": 5})
	})
	e.clk.Add(40 * 24 * time.Hour)
	e.db.Tx(ctx, func(tx *store.Tx) error {
		var chat string
		tx.QueryRowContext(ctx, `SELECT id FROM chats WHERE workspace_id = ? LIMIT 1`, w.ID).Scan(&chat)
		return tx.Insert(ctx, "messages", store.NewID(), w.ID, store.Values{"chat_id": chat, "role": "assistant",
			"model_ref": "anthropic:claude-sonnet-4-5", "tokens_in": 1000, "tokens_out": 500})
	})
	// A chat image counts once, however many messages show it; a missing one not at all.
	e.db.Tx(ctx, func(tx *store.Tx) error {
		var chat string
		tx.QueryRowContext(ctx, `SELECT id FROM chats WHERE workspace_id = ? LIMIT 1`, w.ID).Scan(&chat)
		img := `[{"sha256":"` + strings.Repeat("ab", 32) + `","name":"p.png","mime":"image/png","size":700},` +
			`{"sha256":"` + strings.Repeat("cd", 32) + `","name":"gone.png","size":900,"missing":true}]`
		tx.Insert(ctx, "messages", store.NewID(), w.ID, store.Values{"chat_id": chat, "role": "user", "content": "look", "attachments": img})
		return tx.Insert(ctx, "messages", store.NewID(), w.ID, store.Values{"chat_id": chat, "role": "user", "content": "again", "attachments": img})
	})
	o, err := e.svc.Overview(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Chats != 2 || o.Messages != 6 || o.Documents != 1 || o.Chunks != 2 || o.StorageBytes != int64(len("file of "+w.ID+" pelican"))+1+700 { // the seed's image says size 1
		t.Fatalf("counts %+v", o)
	}
	if len(o.Usage) != 1 || o.Usage[0].ModelRef != "anthropic:claude-sonnet-4-5" || o.Usage[0].Input != 1000 || o.Usage[0].Output != 500 {
		t.Fatalf("usage %+v", o.Usage)
	}
	if len(o.Daily) != UsageDays || o.Daily[UsageDays-1].Tokens != 1500 {
		t.Fatalf("daily %+v", o.Daily)
	}
	if _, err := e.svc.Overview(ctx, "missing"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("missing workspace: %v", err)
	}
}
