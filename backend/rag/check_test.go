package rag

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
)

// checkEnv is a running service with three corpus documents indexed (about
// a hundred chunks), embedding with the fake model unless model is "".
func checkEnv(t *testing.T, model string, noise bool) *testEnv {
	t.Helper()
	dir := corpusDir(t)
	st := DefaultSettings()
	st.EmbeddingModel = model
	e := newEnv(t, t.TempDir(), st)
	e.embed.noise = noise
	ctx := context.Background()
	e.svc.Start(ctx)
	var ids []string
	for _, name := range []string{"mpl-2.0.txt", "lgpl-2.1.md", "go-godebug.md"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.svc.AddBytes(ctx, e.ws, "", name, b)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Document.ID)
	}
	for _, d := range e.wait(t, ids...) {
		if d.Status != StatusCompleted {
			t.Fatalf("document %+v", d)
		}
	}
	return e
}

// A model that finds passages by their words keeps the fusion level with
// keywords; one whose vectors are unrelated to the words drags it down and
// is named as the cause; without a model the check says keywords only.
func TestCheckSearchVerdicts(t *testing.T) {
	ctx := context.Background()

	good := checkEnv(t, "fake:wide@1024", false)
	c, err := good.svc.CheckSearch(ctx, good.ws)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("word-hash model, 1024 buckets: %+v", c)
	if c.Questions != checkSamples || c.Model != "fake:wide@1024" || c.Verdict != CheckOK || c.Keyword < c.Questions*8/10 ||
		c.Vector == 0 || c.Hybrid < c.Keyword-2 || !strings.Contains(c.Message, "Hybrid search found") {
		t.Fatalf("good model %+v", c)
	}

	bad := checkEnv(t, "fake:hash@64", true)
	c, err = bad.svc.CheckSearch(ctx, bad.ws)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("noise model: %+v", c)
	if c.Verdict != CheckWeak || c.Hybrid > c.Keyword-2 || c.Vector > c.Questions/4 ||
		!strings.Contains(c.Message, "hash makes search worse") || !strings.Contains(c.Message, "keywords only") {
		t.Fatalf("noise model %+v", c)
	}
	// The one embedding call (all the look-ups at once) is recorded like
	// any other: the check is not free on a paid model.
	if bad.embed.calls == 0 {
		t.Fatal("no embedding call")
	}

	none := checkEnv(t, "", false)
	c, err = none.svc.CheckSearch(ctx, none.ws)
	if err != nil {
		t.Fatal(err)
	}
	if c.Verdict != CheckKeyword || c.Model != "" || c.Vector != 0 || c.Hybrid != c.Keyword ||
		!strings.Contains(c.Message, "no embedding model") {
		t.Fatalf("keyword only %+v", c)
	}
}

// The same workspace gives the same look-ups and the same counts: a user
// comparing two models compares them on the same questions.
func TestCheckSearchRepeatable(t *testing.T) {
	e := checkEnv(t, "fake:hash@64", false)
	ctx := context.Background()
	a, err := e.svc.CheckSearch(ctx, e.ws)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.CheckSearch(ctx, e.ws)
	if err != nil {
		t.Fatal(err)
	}
	if a.Keyword != b.Keyword || a.Vector != b.Vector || a.Hybrid != b.Hybrid || a.Questions != b.Questions {
		t.Fatalf("%+v then %+v", a, b)
	}
}

func TestCheckSearchStops(t *testing.T) {
	e := checkEnv(t, "fake:hash@64", false)
	e.embed.mu.Lock()
	e.embed.hold = make(chan struct{})
	e.embed.calls = 0
	e.embed.mu.Unlock()
	done := make(chan error, 1)
	go func() {
		_, err := e.svc.CheckSearch(context.Background(), e.ws)
		done <- err
	}()
	// Stop while the check waits for its embedding call (indexing is done).
	for deadline := time.Now().Add(10 * time.Second); ; {
		e.embed.mu.Lock()
		running := e.embed.calls > 0
		e.embed.mu.Unlock()
		if running {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the check never started")
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.svc.CancelSearchCheck(e.ws)
	select {
	case err := <-done:
		if apperr.CodeOf(err) != apperr.Canceled || !strings.Contains(apperr.MessageOf(err), "stopped") {
			t.Fatalf("stopped check: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the check did not stop")
	}
}

func TestCheckSearchNeedsPassages(t *testing.T) {
	st := DefaultSettings()
	e := newEnv(t, t.TempDir(), st)
	_, err := e.svc.CheckSearch(context.Background(), e.ws)
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), "add documents") {
		t.Fatalf("empty workspace: %v", err)
	}
}

func TestPickSentence(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		// The sentence nearest the middle with five content words.
		{"Short one. The harbour master keeps a careful log of every ship that docks here. Tail.",
			"The harbour master keeps a careful log of every ship that docks here."},
		// CSV rows have no full stop: a line is a sentence.
		{"alpha_2: NL; alpha_3: NLD; numeric: 528; name: Netherlands\nalpha_2: NO; alpha_3: NOR; numeric: 578; name: Norway",
			"alpha_2: NL; alpha_3: NLD; numeric: 528; name: Netherlands"},
		// Whitespace collapses; a wrapped sentence stays one.
		{"Photosynthesis turns sunlight, water   and carbon dioxide into sugar and oxygen.",
			"Photosynthesis turns sunlight, water and carbon dioxide into sugar and oxygen."},
		// Nothing long enough.
		{"Too short. Also short.", ""},
	} {
		got, words := pickSentence(tc.text)
		if got != tc.want {
			t.Errorf("pickSentence(%q) = %q, want %q", tc.text, got, tc.want)
		}
		if got != "" && len(words) < checkWords {
			t.Errorf("%q: words %v", got, words)
		}
	}
}

// Versions of one document hold the same passages: a look-up is found when
// search returns any of them, not only the one it was made from.
func TestCheckSearchCountsCopiesOfThePassage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(corpusDir(t), "mpl-2.0.txt"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	e.svc.Start(ctx)
	var ids []string
	for v := 1; v <= 8; v++ {
		r, err := e.svc.AddBytes(ctx, e.ws, "", fmt.Sprintf("mpl-v%d.txt", v), append(b, fmt.Sprintf("\nRevision %d.\n", v)...))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Document.ID)
	}
	e.wait(t, ids...)
	c, err := e.svc.CheckSearch(ctx, e.ws)
	if err != nil {
		t.Fatal(err)
	}
	// Counting only the chunk a look-up came from finds about five in
	// eight here (the copies tie); counting any copy finds nearly all.
	if c.Questions != checkSamples || c.Keyword < c.Questions-2 {
		t.Fatalf("eight versions: %+v", c)
	}
}
