package chat

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// testResolver resolves "<preset>:<model>" to the OpenAI adapter (or the
// Anthropic one) talking to an llmtest server: the real adapter and the
// real wire protocol.
type testResolver struct {
	srv      *llmtest.Server
	mu       sync.Mutex
	ws       WorkspaceDefaults
	profiles map[string]Profile
	def      string
	ctxLen   int
	noTools  bool   // models say they cannot call tools
	preset   string // the adapter and wire protocol: OpenAI's unless llm.PresetAnthropic or llm.PresetOllama
}

func (r *testResolver) Model(_ context.Context, ref string) (Model, error) {
	ref2, err := llm.ParseRef(ref)
	if err != nil {
		return Model{}, err
	}
	r.mu.Lock()
	preset, url := llm.PresetOpenAI, r.srv.OpenAIURL()
	switch r.preset {
	case llm.PresetAnthropic:
		preset, url = r.preset, r.srv.AnthropicURL()
	case llm.PresetOllama:
		preset, url = r.preset, r.srv.OllamaURL()
	}
	r.mu.Unlock()
	c, err := provider.New(provider.Config{Preset: preset, BaseURL: url, APIKey: "sk-test"})
	if err != nil {
		return Model{}, err
	}
	m := Model{Ref: ref, Name: ref2.Model, Preset: preset, Client: c, ContextLength: 8192}
	for _, fm := range llmtest.DefaultModels() {
		if fm.Name == ref2.Model {
			m.Vision, m.Thinking, m.ContextLength, m.Tools = fm.Vision, fm.Thinking, fm.ContextLength, fm.Tools
		}
	}
	r.mu.Lock()
	if r.ctxLen > 0 {
		m.ContextLength = r.ctxLen
	}
	if r.noTools {
		m.Tools = false
	}
	r.mu.Unlock()
	return m, nil
}

func (r *testResolver) Profile(_ context.Context, id string) (Profile, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.profiles[id]
	if !ok {
		return Profile{}, apperr.New(apperr.NotFound, "profile not found")
	}
	return p, nil
}

func (r *testResolver) Workspace(context.Context, string) (WorkspaceDefaults, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ws, nil
}

func (r *testResolver) DefaultModelRef(context.Context) (string, error) { return r.def, nil }

// swapRetriever lets a test choose what retrieval answers; none answers nothing.
type swapRetriever struct {
	mu sync.Mutex
	r  Retriever
}

func (s *swapRetriever) set(r Retriever) { s.mu.Lock(); s.r = r; s.mu.Unlock() }

func (s *swapRetriever) Retrieve(ctx context.Context, req RetrieveRequest) (Retrieval, error) {
	s.mu.Lock()
	r := s.r
	s.mu.Unlock()
	if r == nil {
		return Retrieval{}, nil
	}
	return r.Retrieve(ctx, req)
}

// sqlWorkspaces answers for the workspace domain straight from its table (a
// test stand-in for the service app.go plugs in).
type sqlWorkspaces struct{}

func (sqlWorkspaces) Live(ctx context.Context, q sqlkit.Queryer, id string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM workspaces WHERE id = ? AND deleted_at IS NULL`, id).Scan(&n)
	return n > 0, err
}

func (sqlWorkspaces) Deleted(context.Context) ([]string, error) { return nil, nil } // search tests delete none

type harness struct {
	svc *Service
	ret *swapRetriever
	db  *store.DB
	srv *llmtest.Server
	rec *events.Recorder
	res *testResolver
	ws  string
	dir string
}

func newHarness(t testing.TB, tune ...func(*Deps)) *harness {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bs, err := blob.New(dir, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := llmtest.Start(t, llmtest.WithAPIKey("sk-test"))
	h := &harness{db: db, srv: srv, rec: events.NewRecorder(), dir: dir, ret: &swapRetriever{}}
	h.res = &testResolver{srv: srv, def: "openai:fake-chat", profiles: map[string]Profile{}, ws: WorkspaceDefaults{UseDocuments: true}}
	d := Deps{DB: db, Resolver: h.res, Retriever: h.ret, Blobs: bs, Events: h.rec, Workspaces: sqlWorkspaces{}}
	for _, f := range tune {
		f(&d)
	}
	h.svc = NewService(d)
	h.svc.saveEvery = 50 * time.Millisecond
	h.ws = store.NewID()
	if err := db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.Insert(context.Background(), "workspaces", h.ws, h.ws, store.Values{"name": "W"})
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.svc.Close(); db.Close() })
	return h
}

func (h *harness) newChat(t testing.TB) Chat {
	t.Helper()
	c, err := h.svc.CreateChat(context.Background(), h.ws, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wait returns the one done or error event of a message, failing after 10 s.
func (h *harness) wait(t *testing.T, messageID string) events.Recorded {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		for _, e := range h.rec.Events(events.ChatDone, events.ChatError) {
			switch p := e.Payload.(type) {
			case events.ChatDonePayload:
				if p.MessageID == messageID {
					return e
				}
			case events.ChatErrorPayload:
				if p.MessageID == messageID {
					return e
				}
			}
		}
		select {
		case <-h.rec.Changed():
		case <-deadline:
			t.Fatalf("no done or error event for %s", messageID)
		}
	}
}

// deltas returns the text of a message's delta events, checking their order.
func (h *harness) deltas(t *testing.T, messageID string) (text, thinking string) {
	t.Helper()
	var tb, kb bytes.Buffer
	seq := 0
	for _, e := range h.rec.Events(events.ChatDelta) {
		p := e.Payload.(events.ChatDeltaPayload)
		if p.MessageID != messageID {
			continue
		}
		seq++
		if p.Seq != seq {
			t.Fatalf("delta seq %d, want %d", p.Seq, seq)
		}
		tb.WriteString(p.Text)
		kb.WriteString(p.Thinking)
	}
	return tb.String(), kb.String()
}

// endEvents counts done and error events for a message.
func (h *harness) endEvents(messageID string) int {
	n := 0
	for _, e := range h.rec.Events(events.ChatDone, events.ChatError) {
		switch p := e.Payload.(type) {
		case events.ChatDonePayload:
			if p.MessageID == messageID {
				n++
			}
		case events.ChatErrorPayload:
			if p.MessageID == messageID {
				n++
			}
		}
	}
	return n
}

func writePNG(t *testing.T, dir string) string {
	t.Helper()
	// The smallest valid PNG header is enough for content sniffing.
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 60)...)
	p := filepath.Join(dir, "photo.png")
	if err := os.WriteFile(p, png, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// lastAnswerCall is the latest chat request other than a title request:
// a chat's first answer starts its title in the background, which may
// reach the fake after a later answer's request.
func (h *harness) lastAnswerCall(t *testing.T) llmtest.Call {
	t.Helper()
	cs := h.srv.CallsTo(llmtest.EndpointChat)
	for i := len(cs) - 1; i >= 0; i-- {
		if m := cs[i].Messages; len(m) == 1 && strings.HasPrefix(m[0].Text, "Title for a conversation") {
			continue
		}
		return cs[i]
	}
	t.Fatal("no chat request")
	return llmtest.Call{}
}
