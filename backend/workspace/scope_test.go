package workspace_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"bookbag/backend/blob"
	"bookbag/backend/chat"
	"bookbag/backend/rag"
	"bookbag/backend/rag/extract"
	"bookbag/backend/store"
	"bookbag/backend/workspace"
)

func TestMain(m *testing.M) {
	extract.RunChildIfRequested() // the documents service may re-execute the test binary
	os.Exit(m.Run())
}

type world struct {
	db    *store.DB
	ws    *workspace.Service
	chats *chat.Service
	docs  *rag.Service
}

func newWorld(t *testing.T) *world {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.New(dir, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{db: db}
	w.ws = workspace.NewService(workspace.Deps{DB: db, Blobs: blobs})
	w.chats = chat.NewService(chat.Deps{DB: db, Blobs: blobs, Workspaces: w.ws, Documents: movedDocs{w}})
	w.docs = rag.NewService(rag.Deps{DB: db, Blobs: blobs, Extractor: extract.New(extract.Options{}),
		Workspaces: w.ws, Chats: w.chats})
	w.docs.Start(ctx)
	t.Cleanup(func() { w.chats.Close(); w.docs.Close(); w.ws.Close(); db.Close() })
	return w
}

// movedDocs moves a chat's documents with it (the documents service is
// built after the chats).
type movedDocs struct{ w *world }

func (m movedDocs) MoveChatDocuments(ctx context.Context, tx *store.Tx, chatID, ws string) error {
	return m.w.docs.MoveChatDocuments(ctx, tx, chatID, ws)
}

// chat makes a chat with one question in a workspace.
func (w *world) chat(t *testing.T, ws, title, question string) string {
	t.Helper()
	ctx := context.Background()
	c, err := w.chats.CreateChat(ctx, ws, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.chats.RenameChat(ctx, c.ID, title); err != nil {
		t.Fatal(err)
	}
	err = w.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "messages", store.NewID(), ws, store.Values{"chat_id": c.ID, "role": "user", "content": question})
	})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// doc adds a text document and waits until it is indexed.
func (w *world) doc(t *testing.T, ws, chatID, name, text string) string {
	t.Helper()
	ctx := context.Background()
	res, err := w.docs.AddBytes(ctx, ws, chatID, name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		d, err := w.docs.Get(ctx, res.Document.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status == rag.StatusCompleted {
			return d.ID
		}
		if d.Status == rag.StatusError || time.Now().After(deadline) {
			t.Fatalf("%s: %s %s", name, d.Status, d.Error)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func chatTitles(t *testing.T, w *world, ws string) []string {
	t.Helper()
	page, err := w.chats.ListChats(context.Background(), chat.ListFilter{WorkspaceID: ws, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range page.Chats {
		out = append(out, c.Title)
	}
	return out
}

func searchChats(t *testing.T, w *world, ws, q string) []string {
	t.Helper()
	hits, err := w.chats.Search(context.Background(), chat.SearchQuery{Query: q, WorkspaceID: ws})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.ChatTitle)
	}
	return out
}

func docNames(t *testing.T, w *world, ws, chatID string) []string {
	t.Helper()
	page, err := w.docs.List(context.Background(), ws, chatID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range page.Items {
		out = append(out, d.Name)
	}
	return out
}

func retrieved(t *testing.T, w *world, ws, chatID, q string) []string {
	t.Helper()
	src, err := w.docs.Retrieve(context.Background(), ws, chatID, q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range src {
		out = append(out, s.DocumentName)
	}
	return out
}

func searchedDocs(t *testing.T, w *world, ws, q string) []string {
	t.Helper()
	res, err := w.docs.Search(context.Background(), rag.SearchRequest{WorkspaceID: ws, Query: q})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range res.Hits {
		out = append(out, s.DocumentName)
	}
	return out
}

func only(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}

// A chat or document of workspace A never appears in B: chat list, chat
// search, documents list, retrieval and document search, also after a chat
// moves, and nothing of a deleted workspace shows anywhere.
func TestEverythingIsScopedToItsWorkspace(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a, err := w.ws.EnsureDefault(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.ws.Create(ctx, workspace.Input{Name: "Herons"})
	if err != nil {
		t.Fatal(err)
	}
	w.chat(t, a.ID, "Pelican chat", "Do pelicans eat fish?")
	w.chat(t, b.ID, "Heron chat", "Why do herons stand still?")
	w.doc(t, a.ID, "", "pelican.txt", "Pelicans are large water birds with a throat pouch for catching fish.")
	w.doc(t, b.ID, "", "heron.txt", "Herons wade in shallow water and wait for fish to come close.")

	only(t, "chat list of A", chatTitles(t, w, a.ID), "Pelican chat")
	only(t, "chat list of B", chatTitles(t, w, b.ID), "Heron chat")

	only(t, "search pelicans in B", searchChats(t, w, b.ID, "pelicans"))
	only(t, "search herons in A", searchChats(t, w, a.ID, "herons"))
	only(t, "search pelicans in A", searchChats(t, w, a.ID, "pelicans"), "Pelican chat")
	only(t, "search pelicans everywhere", searchChats(t, w, "", "pelicans"), "Pelican chat")
	only(t, "search herons everywhere", searchChats(t, w, "", "herons"), "Heron chat")

	only(t, "documents of A", docNames(t, w, a.ID, ""), "pelican.txt")
	only(t, "documents of B", docNames(t, w, b.ID, ""), "heron.txt")

	only(t, "retrieve pelicans in B", retrieved(t, w, b.ID, "", "pelican throat pouch"))
	only(t, "retrieve herons in A", retrieved(t, w, a.ID, "", "herons wade shallow"))
	only(t, "retrieve pelicans in A", retrieved(t, w, a.ID, "", "pelican throat pouch"), "pelican.txt")
	only(t, "document search pelicans in B", searchedDocs(t, w, b.ID, "pelican"))
	only(t, "document search fish in B", searchedDocs(t, w, b.ID, "fish"), "heron.txt")

	// A chat with its own document moves from A to B, document included.
	moving := w.chat(t, a.ID, "Moving chat", "Tell me about ospreys")
	w.doc(t, a.ID, moving, "osprey.txt", "Ospreys dive feet first to catch fish.")
	only(t, "chat document seen from its chat in A", docNames(t, w, a.ID, moving), "osprey.txt", "pelican.txt")
	if _, err := w.chats.MoveChat(ctx, moving, b.ID); err != nil {
		t.Fatal(err)
	}
	only(t, "chat list of A after the move", chatTitles(t, w, a.ID), "Pelican chat")
	if got := chatTitles(t, w, b.ID); len(got) != 2 {
		t.Errorf("chat list of B after the move: %q", got)
	}
	only(t, "search ospreys in A", searchChats(t, w, a.ID, "ospreys"))
	only(t, "search ospreys in B", searchChats(t, w, b.ID, "ospreys"), "Moving chat")
	only(t, "chat document seen from A", docNames(t, w, a.ID, moving), "pelican.txt")
	if got := docNames(t, w, b.ID, moving); len(got) != 2 || got[0] != "osprey.txt" && got[1] != "osprey.txt" {
		t.Errorf("chat document seen from its chat in B: %q", got)
	}
	only(t, "retrieve ospreys in A", retrieved(t, w, a.ID, moving, "ospreys dive feet first"))
	only(t, "retrieve ospreys from the moved chat", retrieved(t, w, b.ID, moving, "ospreys dive feet first"), "osprey.txt")

	// Deleting B removes it from every list at once (before any purge).
	if _, err := w.ws.Delete(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := w.ws.List(ctx)
	if len(list) != 1 || list[0].ID != a.ID {
		t.Errorf("workspaces after delete: %+v", list)
	}
	only(t, "search herons everywhere after deleting B", searchChats(t, w, "", "herons"))
	only(t, "search pelicans everywhere after deleting B", searchChats(t, w, "", "pelicans"), "Pelican chat")
}
