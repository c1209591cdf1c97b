package rag

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
)

const retryRef = "openai:fake-embed@256"

// openAIEnv is a test service whose embedding model is served by a fake
// OpenAI server speaking the real protocol.
func openAIEnv(t *testing.T, key string) (*testEnv, *llmtest.Server) {
	t.Helper()
	srv := llmtest.Start(t, llmtest.WithAPIKey("sk-test-key-0000000000"))
	client, err := provider.New(provider.Config{Preset: llm.PresetOpenAI, BaseURL: srv.OpenAIURL(), APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, t.TempDir(), DefaultSettings())
	e.svc.embedders = EmbedderMap{retryRef: EmbedFunc(func(ctx context.Context, texts []string) ([][]float32, error) {
		return client.Embed(ctx, "fake-embed", texts)
	})}
	e.setModel(retryRef)
	return e, srv
}

// stages lists the progress stages document id went through, in order,
// each once per run of equal stages.
func stages(rec *events.Recorder, id string) []string {
	var out []string
	for _, ev := range rec.Events(events.DocumentProgress) {
		p := ev.Payload.(events.DocumentProgressPayload)
		if p.DocumentID == id && (len(out) == 0 || out[len(out)-1] != p.Stage) {
			out = append(out, p.Stage)
		}
	}
	return out
}

// byName returns the workspace's document named name.
func (e *testEnv) byName(t *testing.T, name string) Document {
	t.Helper()
	page, err := e.svc.List(context.Background(), e.ws, "", 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range page.Items {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no document %s in %+v", name, page.Items)
	return Document{}
}

// held waits until an embedding retry begins its (held) wait.
func (e *testEnv) held(t *testing.T) {
	t.Helper()
	select {
	case <-e.waits.hold:
	case <-time.After(60 * time.Second): // a failsafe, not a measure
		t.Fatal("no embedding retry began to wait")
	}
}

// A provider that answers "rate limited" (with Retry-After) or fails for a
// moment is waited out: the same batch is sent again, the document ends
// with vectors and no warning, and its progress said why it waited.
func TestEmbeddingRetriesAfterRateLimit(t *testing.T) {
	e, srv := openAIEnv(t, "sk-test-key-0000000000")
	srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 503, Message: "upstream overloaded"})
	srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 429, RetryAfter: "7", Message: "Rate limit reached"})
	began := time.Now()
	e.index(t, map[string]string{"puffins.txt": "Puffins nest in burrows on cliff tops."})
	ended := time.Now()
	d := e.mustOnly(t)
	if d.Warning != "" {
		t.Fatalf("warning after the provider recovered: %q", d.Warning)
	}
	// Each wait says when the next call is made, for the row's countdown.
	for _, ev := range e.rec.Events(events.DocumentProgress) {
		p := ev.Payload.(events.DocumentProgressPayload)
		waiting := p.Stage == StageRateLimited || p.Stage == StageRetrying
		if waiting != (p.RetryAt != 0) {
			t.Fatalf("stage %s with retryAt %d", p.Stage, p.RetryAt)
		}
		if p.Stage == StageRateLimited && (p.RetryAt < began.Add(7*time.Second).UnixMilli() || p.RetryAt > ended.Add(7*time.Second).UnixMilli()) {
			t.Fatalf("rate limit's retryAt %d is not 7 s after the call (between %d and %d)", p.RetryAt, began.UnixMilli(), ended.UnixMilli())
		}
	}
	// No Retry-After: the first back-off; then the provider's own.
	if got, want := e.waits.all(), []time.Duration{embedFirstWait, 7 * time.Second}; !slices.Equal(got, want) {
		t.Fatalf("waits %v, want %v", got, want)
	}
	calls := srv.CallsTo(llmtest.EndpointEmbed)
	if len(calls) != 3 || !slices.Equal(calls[0].Inputs, calls[2].Inputs) {
		t.Fatalf("%d embedding calls, want the same batch 3 times: %+v", len(calls), calls)
	}
	st, err := e.svc.Status(context.Background(), e.ws)
	if err != nil || st.Mode != ModeHybrid || st.Chunks == 0 || st.Embedded != st.Chunks || st.EmbedError != "" {
		t.Fatalf("status: %+v %v", st, err)
	}
	if !slices.Contains(stages(e.rec, d.ID), StageRateLimited) || !slices.Contains(stages(e.rec, d.ID), StageRetrying) {
		t.Fatalf("progress never said it waited: %v", stages(e.rec, d.ID))
	}
}

// A provider that stays rate limited is given up on after the bound, and
// one that asks for a longer wait than the bound at once: either document
// completes for keyword search, saying why it has no vectors.
func TestEmbeddingRetryGivesUp(t *testing.T) {
	e, srv := openAIEnv(t, "sk-test-key-0000000000")
	for range embedAttempts {
		srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 429, RetryAfter: "1", Message: "Rate limit reached"})
	}
	e.index(t, map[string]string{"puffins.txt": "Puffins nest in burrows on cliff tops."})
	d := e.mustOnly(t)
	if d.Status != StatusCompleted || !strings.Contains(d.Warning, "keyword search only") ||
		!strings.Contains(d.Warning, "rate limited") || !strings.Contains(d.Warning, fmt.Sprintf("gave up after %d tries", embedAttempts)) {
		t.Fatalf("document after the bound: %+v", d)
	}
	if n := len(srv.CallsTo(llmtest.EndpointEmbed)); n != embedAttempts || len(e.waits.all()) != embedAttempts-1 {
		t.Fatalf("%d calls and waits %v", n, e.waits.all())
	}
	st, _ := e.svc.Status(context.Background(), e.ws)
	if st.Embedded != 0 || !strings.Contains(st.EmbedError, "rate limited") {
		t.Fatalf("status: %+v", st)
	}

	srv.Reset()
	srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 429, RetryAfter: "3600", Message: "Daily quota reached"})
	e.index(t, map[string]string{"gannets.txt": "Gannets dive for fish."})
	g := e.byName(t, "gannets.txt")
	if !strings.Contains(g.Warning, "too long to wait") || len(srv.CallsTo(llmtest.EndpointEmbed)) != 1 {
		t.Fatalf("an hour's Retry-After was waited for: %+v", g)
	}

	// Waits of a minute each: the fourth would pass the 3 minutes.
	srv.Reset()
	for range embedAttempts {
		srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 429, RetryAfter: "60"})
	}
	before := len(e.waits.all())
	e.index(t, map[string]string{"terns.txt": "Terns fly from pole to pole."})
	if tr := e.byName(t, "terns.txt"); !strings.Contains(tr.Warning, "gave up after 4 tries") || len(e.waits.all())-before != 3 {
		t.Fatalf("over the wait budget: %+v, waits %v", tr, e.waits.all()[before:])
	}
}

// An error that would come back the same (a refused key, an unknown model)
// is not tried again.
func TestEmbeddingPermanentErrorNotRetried(t *testing.T) {
	e, srv := openAIEnv(t, "sk-wrong-key-1111111111")
	e.index(t, map[string]string{"puffins.txt": "Puffins nest in burrows on cliff tops."})
	d := e.mustOnly(t)
	if !strings.Contains(d.Warning, "401") || len(srv.CallsTo(llmtest.EndpointEmbed)) != 1 || len(e.waits.all()) != 0 {
		t.Fatalf("a refused key was retried: %+v, %d calls, waits %v", d, len(srv.CallsTo(llmtest.EndpointEmbed)), e.waits.all())
	}
	srv.SetAPIKey("")
	srv.Reset()
	srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 404, Message: "The model fake-embed does not exist"})
	e.index(t, map[string]string{"gannets.txt": "Gannets dive for fish."})
	if g := e.byName(t, "gannets.txt"); !strings.Contains(g.Warning, "no model") || len(srv.CallsTo(llmtest.EndpointEmbed)) != 1 {
		t.Fatalf("an unknown model was retried: %+v", g)
	}
}

// Cancel stops a document waiting out a rate limit at once, and the queue
// goes on; closing the app mid-wait does not wait the rate limit out
// either, and leaves the document to resume.
func TestEmbeddingWaitEndsOnCancelAndClose(t *testing.T) {
	e, srv := openAIEnv(t, "sk-test-key-0000000000")
	ctx := context.Background()
	e.waits.hold = make(chan struct{})
	srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 429, RetryAfter: "30"})
	r, err := e.svc.AddBytes(ctx, e.ws, "", "puffins.txt", []byte("Puffins nest in burrows on cliff tops."))
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Start(ctx)
	e.held(t) // waiting for the rate limit
	if got := stages(e.rec, r.Document.ID); got[len(got)-1] != StageRateLimited {
		t.Fatalf("progress while waiting: %v", got)
	}
	if d, err := e.svc.Cancel(ctx, r.Document.ID); err != nil || d.Status != StatusError || d.Error != "canceled" {
		t.Fatalf("cancel: %+v %v", d, err)
	}
	e.waits.mu.Lock()
	e.waits.hold = nil
	e.waits.mu.Unlock()
	next, err := e.svc.AddBytes(ctx, e.ws, "", "gannets.txt", []byte("Gannets dive for fish."))
	if err != nil {
		t.Fatal(err)
	}
	if d := e.wait(t, next.Document.ID)[0]; d.Status != StatusCompleted || d.Warning != "" {
		t.Fatalf("the queue did not go on after the cancel: %+v", d)
	}
	if d, _ := e.svc.Get(ctx, r.Document.ID); d.Status != StatusError || d.Error != "canceled" || d.Chunks != 0 {
		t.Fatalf("canceled document: %+v", d)
	}
	if n := len(srv.CallsTo(llmtest.EndpointEmbed)); n != 2 {
		t.Fatalf("%d embedding calls: the canceled batch was sent again", n)
	}

	e.waits.mu.Lock()
	e.waits.hold = make(chan struct{})
	e.waits.mu.Unlock()
	srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 429, RetryAfter: "30"})
	last, err := e.svc.AddBytes(ctx, e.ws, "", "terns.txt", []byte("Terns fly from pole to pole."))
	if err != nil {
		t.Fatal(err)
	}
	e.held(t)
	e.svc.Close() // returns: the wait ends with the app's context
	if d, _ := e.svc.Get(ctx, last.Document.ID); d.Status != StatusProcessing {
		t.Fatalf("closed mid-wait: %+v, want processing to resume", d)
	}
}

// Which failures pass: rate limits, overloaded or failing servers and
// dropped connections, however the adapters wrap them; not refused keys,
// bad requests, unknown models or a server that is not there.
func TestPassingFailure(t *testing.T) {
	ep := llm.NewEndpoint("OpenAI", "https://api.openai.com/v1", false, "sk-x")
	status := func(code int, typ string) error {
		return ep.Err(&llm.StatusError{Status: code, Type: typ, RetryAfter: 3 * time.Second}, "m")
	}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	cases := []struct {
		err   error
		stage string
		after time.Duration
	}{
		{status(429, ""), StageRateLimited, 3 * time.Second},
		{ep.Err(&llm.StatusError{Type: "rate_limit_exceeded"}, "m"), StageRateLimited, 0},
		{status(503, ""), StageRetrying, 3 * time.Second},
		{status(529, "overloaded_error"), StageRetrying, 3 * time.Second},
		{ep.Err(fmt.Errorf("embed: %w", reset), "m"), StageRetrying, 0},
		{status(401, ""), "", 0},
		{status(400, ""), "", 0},
		{status(404, ""), "", 0},
		{status(501, ""), "", 0},
		{ep.Err(refused, "m"), "", 0},
		{apperr.New(apperr.Unavailable, "embedding model x is not available on this device"), "", 0},
		{errors.New("fake embedder is down"), "", 0},
	}
	for _, c := range cases {
		stage, after, ok := passingFailure(c.err)
		if stage != c.stage || after != c.after || ok != (c.stage != "") {
			t.Errorf("%v: %q %v %v, want %q %v", c.err, stage, after, ok, c.stage, c.after)
		}
	}
}

// The app's wait ends with its context, whatever it was asked to wait.
func TestSleepEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("sleep: %v", err)
	}
}
