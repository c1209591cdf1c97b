package chat

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/store"
)

func TestFTSQuery(t *testing.T) {
	cases := map[string]string{
		"hello world":     `"hello" "world"*`,
		"hello world ":    `"hello" "world"`,
		`NEAR("x") OR y*`: `"NEAR" "x" "OR" "y"*`,
		"   ":             "",
		"naïve café":      `"naïve" "café"*`,
		`a"b`:             `"a" "b"*`,
	}
	for in, want := range cases {
		if got := ftsQuery(in); got != want {
			t.Errorf("ftsQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

// insertMessages adds a chat with the given user messages directly.
func insertMessages(t *testing.T, h *harness, ws, title string, contents ...string) (string, []string) {
	t.Helper()
	ctx := context.Background()
	chat := store.NewID()
	var ids []string
	err := h.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.Insert(ctx, "chats", chat, ws, store.Values{"title": title}); err != nil {
			return err
		}
		parent := ""
		for _, c := range contents {
			id := store.NewID()
			var p any
			if parent != "" {
				p = parent
			}
			if err := tx.Insert(ctx, "messages", id, ws, store.Values{"chat_id": chat, "parent_id": p, "role": "user", "content": c}); err != nil {
				return err
			}
			ids = append(ids, id)
			parent = id
		}
		return tx.Update(ctx, "chats", chat, store.Values{"active_leaf_id": parent})
	})
	if err != nil {
		t.Fatal(err)
	}
	return chat, ids
}

func TestSearchRanksHighlightsScopesAndForgetsDeleted(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	other := store.NewID()
	h.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "workspaces", other, other, store.Values{"name": "Other"})
	})
	_, ids := insertMessages(t, h, h.ws, "Gardening", "How often should I water tomato plants in July?",
		"Tomato plants like deep watering; tomato leaves should stay dry.", "What about basil?")
	insertMessages(t, h, other, "Cooking", "A tomato sauce recipe please")

	hits, err := h.svc.Search(ctx, SearchQuery{Query: "tomato", WorkspaceID: h.ws})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].MessageID != ids[1] {
		t.Fatalf("ranking: %+v", hits)
	}
	if !strings.Contains(hits[0].Snippet, MarkStart+"Tomato"+MarkEnd) || hits[0].ChatTitle != "Gardening" {
		t.Fatalf("snippet %q", hits[0].Snippet)
	}
	all, _ := h.svc.Search(ctx, SearchQuery{Query: "tomato"})
	if len(all) != 3 {
		t.Fatalf("all workspaces: %d hits", len(all))
	}
	// Stemming: "watering" finds "water".
	if hits, _ := h.svc.Search(ctx, SearchQuery{Query: "watering plants ", WorkspaceID: h.ws}); len(hits) != 2 {
		t.Fatalf("stemmed search: %d hits", len(hits))
	}
	// Prefix match while typing.
	if hits, _ := h.svc.Search(ctx, SearchQuery{Query: "bas", WorkspaceID: h.ws}); len(hits) != 1 || hits[0].MessageID != ids[2] {
		t.Fatalf("prefix: %+v", hits)
	}
	// Hostile input is just words.
	if _, err := h.svc.Search(ctx, SearchQuery{Query: `") OR * NEAR(`}); err != nil {
		t.Fatalf("syntax leaked into FTS: %v", err)
	}
	// Deleted messages disappear from search at once.
	if _, err := h.svc.DeleteMessage(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	hits, _ = h.svc.Search(ctx, SearchQuery{Query: "tomato", WorkspaceID: h.ws})
	if len(hits) != 1 || hits[0].MessageID != ids[0] {
		t.Fatalf("after delete: %+v", hits)
	}
}

func TestOpenAtSwitchesToTheBranchOfTheHit(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.newChat(t)
	r1, _ := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "original zebra question"})
	h.wait(t, r1.Assistant.ID)
	ed, _ := h.svc.EditAndResend(ctx, r1.User.ID, "edited question")
	h.wait(t, ed.Assistant.ID)
	hits, _ := h.svc.Search(ctx, SearchQuery{Query: "zebra"})
	if len(hits) == 0 {
		t.Fatal("no hit")
	}
	v, err := h.svc.OpenAt(ctx, hits[0].MessageID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range v.Messages {
		found = found || m.ID == hits[0].MessageID
	}
	if !found {
		t.Fatal("the hit is not on the branch shown")
	}
}

func TestSearchWhileTypingMarksTheUnfinishedWord(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	insertMessages(t, h, h.ws, "Garden", "Tomato plants like deep watering; Water them at dawn.", "Basil likes sun.")
	hits, err := h.svc.Search(ctx, SearchQuery{Query: "tomato wat", WorkspaceID: h.ws})
	if err != nil || len(hits) != 1 {
		t.Fatalf("hits %+v %v", hits, err)
	}
	for _, w := range []string{"Tomato", "watering", "Water"} {
		if !strings.Contains(hits[0].Snippet, MarkStart+w+MarkEnd) {
			t.Errorf("%q not marked in %q", w, hits[0].Snippet)
		}
	}
	if got := markPrefix("a "+MarkStart+"wa"+MarkEnd+" water wet", "wa"); got != "a "+MarkStart+"wa"+MarkEnd+" "+MarkStart+"water"+MarkEnd+" wet" {
		t.Fatalf("markPrefix %q", got)
	}
}
