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
	bad.embed.mu.Lock()
	bad.embed.calls = 0
	bad.embed.mu.Unlock()
	bad.usage.take()
	if _, err := bad.svc.CheckSearch(ctx, bad.ws); err != nil {
		t.Fatal(err)
	}
	calls := bad.usage.take()
	if bad.embed.calls != 1 || len(calls) != 1 || calls[0].ref != "fake:hash@64" || calls[0].ws != bad.ws || calls[0].tokens < checkSamples*checkWords {
		t.Fatalf("%d embedding calls, usage %+v", bad.embed.calls, calls)
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
	t.Logf("word-hash model, 64 buckets: %+v", a)
	if a.Keyword != b.Keyword || a.Vector != b.Vector || a.Hybrid != b.Hybrid || a.Questions != b.Questions {
		t.Fatalf("%+v then %+v", a, b)
	}
}

// heldChecks runs search checks whose embedding call waits until stopped.
type heldChecks struct {
	t *testing.T
	e *testEnv
}

func holdChecks(t *testing.T) heldChecks {
	e := checkEnv(t, "fake:hash@64", false)
	e.embed.mu.Lock()
	e.embed.hold = make(chan struct{})
	e.embed.calls = 0 // indexing is done: the calls from here are the checks'
	e.embed.mu.Unlock()
	return heldChecks{t, e}
}

// start runs a check; its error arrives on the channel.
func (h heldChecks) start() chan error {
	done := make(chan error, 1)
	go func() {
		_, err := h.e.svc.CheckSearch(context.Background(), h.e.ws)
		done <- err
	}()
	return done
}

// waitCalls waits until n checks wait for their embedding call.
func (h heldChecks) waitCalls(n int) {
	h.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		h.e.embed.mu.Lock()
		c := h.e.embed.calls
		h.e.embed.mu.Unlock()
		if c >= n {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%d embedding calls, want %d", c, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stopped waits for a check to end as stopped.
func (h heldChecks) stopped(done chan error, what string) {
	h.t.Helper()
	select {
	case err := <-done:
		if apperr.CodeOf(err) != apperr.Canceled || !strings.Contains(apperr.MessageOf(err), "stopped") {
			h.t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(10 * time.Second):
		h.t.Fatalf("%s did not stop", what)
	}
}

func TestCheckSearchStops(t *testing.T) {
	h := holdChecks(t)
	done := h.start()
	h.waitCalls(1)
	h.e.svc.CancelSearchCheck(h.e.ws)
	h.stopped(done, "the check, after Stop")
}

// A second check on a workspace stops the first, and Stop then stops the
// second: the first one's ending must not unregister it.
func TestCheckSearchSecondRunStops(t *testing.T) {
	h := holdChecks(t)
	first := h.start()
	h.waitCalls(1)
	second := h.start()
	h.stopped(first, "the first check, replaced by the second")
	h.waitCalls(2)
	h.e.svc.CancelSearchCheck(h.e.ws)
	h.stopped(second, "the second check, after Stop")
}

func TestCheckSearchNeedsPassages(t *testing.T) {
	st := DefaultSettings()
	e := newEnv(t, t.TempDir(), st)
	_, err := e.svc.CheckSearch(context.Background(), e.ws)
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), "no indexed documents") {
		t.Fatalf("empty workspace: %v", err)
	}
	// With an embedding model too: nothing to wait for, no documents to ask about.
	e.setModel("fake:hash@64")
	_, err = e.svc.CheckSearch(context.Background(), e.ws)
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), "no indexed documents") {
		t.Fatalf("empty workspace with a model: %v", err)
	}
}

// Look-ups come from every part of the workspace: with a few more chunks
// than look-ups, the last documents' chunks are asked about too.
func TestCheckSearchSpreadsLookups(t *testing.T) {
	e := checkEnv(t, "", false)
	ctx := context.Background()
	ids, err := e.svc.checkChunks(ctx, e.ws, "")
	if err != nil {
		t.Fatal(err)
	}
	looks, err := e.svc.lookups(ctx, e.ws, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) <= checkSamples || len(looks) != checkSamples {
		t.Fatalf("%d chunks, %d look-ups", len(ids), len(looks))
	}
	last := ids[len(ids)-len(ids)/checkSamples-1]
	if looks[len(looks)-1].chunk < last {
		t.Fatalf("the last look-up is from chunk %d; the last stride starts at %d (ids %d..%d)", looks[len(looks)-1].chunk, last, ids[0], ids[len(ids)-1])
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
		// Whitespace inside a line collapses.
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
