package gen_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"bookbag/backend/chat"
	"bookbag/backend/store"
	"bookbag/cmd/bookbag-gen/gen"
)

func count(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestGenerateWritesWhatTheAppReads(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	o := gen.Options{Workspaces: 2, Chats: 20, Messages: 1000, LongChat: 300, Documents: 3, ChunksPerDoc: 5, Branches: 0.1, Batch: 400, Vocab: 800}
	st, err := gen.Generate(ctx, db, o)
	if err != nil {
		t.Fatal(err)
	}
	if st.Chats != 21 || st.Messages != 1300 || st.Documents != 3 || st.Chunks != 15 || len(st.WorkspaceIDs) != 2 || st.LongChatID == "" {
		t.Fatalf("stats %+v", st)
	}
	if n := count(t, db, `SELECT count(*) FROM messages`); n != 1300 {
		t.Fatalf("%d messages", n)
	}
	if n := count(t, db, `SELECT count(*) FROM change_log WHERE table_name = 'messages' AND op = 'insert'`); n != 1300 {
		t.Fatalf("%d messages logged", n)
	}
	var snap string
	db.R.QueryRow(`SELECT snapshot FROM change_log WHERE table_name = 'messages' LIMIT 1`).Scan(&snap)
	var m map[string]any
	if err := json.Unmarshal([]byte(snap), &m); err != nil || m["content"] == "" || m["hlc"] == "" || m["citations"] != "[]" {
		t.Fatalf("snapshot %s", snap)
	}
	// The bulk FTS rows match the content, and the trigger is back.
	for _, q := range []string{`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`,
		`INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')`} {
		if _, err := db.W.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'messages_fts_ai'`); n != 1 {
		t.Fatal("FTS trigger missing")
	}
	// The chat service reads it: a page of the long chat, search, the sidebar.
	svc := chat.NewService(chat.Deps{DB: db})
	defer svc.Close()
	v, err := svc.ViewChat(ctx, st.LongChatID, 50, "")
	if err != nil || len(v.Messages) != 50 || !v.HasMore || v.Messages[49].ID != v.Chat.ActiveLeafID {
		t.Fatalf("long chat view: %d messages, %v", len(v.Messages), err)
	}
	words := strings.Fields(v.Messages[10].Content)
	hits, err := svc.Search(ctx, chat.SearchQuery{Query: strings.Trim(words[len(words)-1], ".?") + " "})
	if err != nil || len(hits) == 0 {
		t.Fatalf("search: %v %d", err, len(hits))
	}
	page, err := svc.ListChats(ctx, chat.ListFilter{WorkspaceID: st.WorkspaceIDs[1]})
	if err != nil || len(page.Chats) == 0 {
		t.Fatalf("list: %v", err)
	}
	// Branches: some answers have an older alternative.
	if n := count(t, db, `SELECT count(*) FROM (SELECT parent_id FROM messages WHERE role = 'assistant' GROUP BY parent_id HAVING count(*) > 1)`); n == 0 {
		t.Fatal("no regenerated answers")
	}
}

func TestQueriesAreStableAndMultiTerm(t *testing.T) {
	v := gen.NewVocab(7, 2000)
	a, b := gen.Queries(v, 7, 50), gen.Queries(v, 7, 50)
	if strings.Join(a, "|") != strings.Join(b, "|") {
		t.Fatal("queries differ for one seed")
	}
	for _, q := range a {
		if n := len(strings.Fields(q)); n < 2 || n > 3 {
			t.Fatalf("query %q", q)
		}
	}
}
