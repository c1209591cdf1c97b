package rag

import (
	"context"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/rag/extract"
	"bookbag/backend/rag/rank"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

func TestMain(m *testing.M) {
	extract.RunChildIfRequested()
	code := m.Run()
	if benchEnv != nil {
		benchEnv.env.close()
	}
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// corpusDir is ../shared/corpus seen from this package (three levels up to
// the repo root's parent); tests that need it skip when it is absent.
func corpusDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "questions-dev.jsonl")); err != nil {
		t.Skipf("corpus not found at %s", dir)
	}
	return dir
}

// hashEmbedder is a deterministic fake embedding model: each word is hashed
// into one of dims buckets, and the vector is L2-normalised. Texts sharing
// words get similar vectors.
type hashEmbedder struct {
	dims   int
	mu     sync.Mutex
	calls  int
	fail   bool
	failOn string // fail a call with a text holding this word
	// noise makes it a model useless for retrieval: each text's vector is
	// drawn from its whole text's hash, unrelated to its words.
	noise bool
	// hold, when set, keeps a call waiting until it is closed or ctx ends.
	hold chan struct{}
}

func (h *hashEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	h.mu.Lock()
	h.calls++
	fail, failOn, noise, hold := h.fail, h.failOn, h.noise, h.hold
	h.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	for _, t := range texts {
		fail = fail || (failOn != "" && strings.Contains(t, failOn))
	}
	if fail {
		return nil, errFake
	}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, h.dims)
		words := rank.Words(t)
		if noise {
			words = []string{t}
		}
		for k, w := range words {
			f := fnv.New32a()
			f.Write([]byte(w))
			if noise {
				for j := range v { // a direction of its own for every text
					f.Write([]byte{byte(j), byte(k)})
					v[j] = float32(int32(f.Sum32())) / (1 << 31)
				}
				continue
			}
			v[f.Sum32()%uint32(h.dims)]++
		}
		var sum float64
		for _, x := range v {
			sum += float64(x * x)
		}
		if sum == 0 {
			v[0] = 1
			sum = 1
		}
		for j := range v {
			v[j] /= float32(math.Sqrt(sum))
		}
		out[i] = v
	}
	return out, nil
}

type fakeErr string

func (e fakeErr) Error() string { return string(e) }

const errFake = fakeErr("fake embedder is down")

// testEnv is a service on a real SQLite file in a temp dir.
type testEnv struct {
	dir   string
	db    *store.DB
	svc   *Service
	rec   *events.Recorder
	ws    string
	st    *Settings
	stMu  *sync.Mutex
	embed *hashEmbedder
	wide  *hashEmbedder // "fake:wide@1024": words rarely share a bucket, a fair look-up model
	usage *usageLog
	waits *waitLog // the embedding retry's waits: recorded, none taken
}

// usageLog keeps the embedding calls the service records; refuse, when
// set, is its budget's answer to every call.
type usageLog struct {
	mu     sync.Mutex
	calls  []usageCall
	refuse error
	asked  int
}

func (u *usageLog) Allow(context.Context, string, string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.asked++
	return u.refuse
}

type usageCall struct {
	ws, ref string
	tokens  int
}

func (u *usageLog) RecordEmbedding(_ context.Context, ws, ref string, tokens int, _ time.Duration) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls = append(u.calls, usageCall{ws, ref, tokens})
	return nil
}

// take returns the calls recorded since the last take.
func (u *usageLog) take() []usageCall {
	u.mu.Lock()
	defer u.mu.Unlock()
	c := u.calls
	u.calls = nil
	return c
}

func newEnv(t *testing.T, dir string, st Settings) *testEnv {
	t.Helper()
	e := newEnvNoCleanup(t, dir, st)
	t.Cleanup(func() { e.close() })
	return e
}

func newEnvNoCleanup(t testing.TB, dir string, st Settings) *testEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.New(dir, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := &testEnv{dir: dir, db: db, rec: events.NewRecorder(), st: &st, stMu: &sync.Mutex{}, embed: &hashEmbedder{dims: 64},
		wide: &hashEmbedder{dims: 1024}, usage: &usageLog{}, waits: &waitLog{}}
	var ws string
	if err := db.R.QueryRow(`SELECT id FROM workspaces LIMIT 1`).Scan(&ws); err != nil {
		ws = store.NewID()
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.Insert(ctx, "workspaces", ws, ws, store.Values{"name": "test"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	e.ws = ws
	e.svc = NewService(Deps{
		DB: db, Blobs: blobs, Extractor: extract.New(extract.Options{}), Emitter: e.rec,
		Settings: SettingsFunc(func(context.Context, string) (Settings, error) {
			e.stMu.Lock()
			defer e.stMu.Unlock()
			return *e.st, nil
		}),
		Embedders:  EmbedderMap{"fake:hash@64": e.embed, "fake:wide@1024": e.wide},
		Workspaces: sqlDomains{}, Chats: sqlDomains{}, Usage: e.usage, EmbedWait: e.waits.wait,
	})
	return e
}

// waitLog stands in for the timer of the embedding retry: it records each
// wait and returns at once, or, with hold set, tells hold it began and
// lasts until its context ends.
type waitLog struct {
	mu    sync.Mutex
	waits []time.Duration
	hold  chan struct{}
}

func (w *waitLog) wait(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.waits = append(w.waits, d)
	hold := w.hold
	w.mu.Unlock()
	if hold != nil {
		select {
		case hold <- struct{}{}:
			<-ctx.Done()
		case <-ctx.Done():
		}
	}
	return ctx.Err()
}

func (w *waitLog) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.waits...)
}

// sqlDomains answers for the workspace and chat domains straight from their
// tables (a test stand-in for the services app.go plugs in).
type sqlDomains struct{}

func (sqlDomains) Live(ctx context.Context, q sqlkit.Queryer, id string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM workspaces WHERE id = ? AND deleted_at IS NULL`, id).Scan(&n)
	return n > 0, err
}

func (sqlDomains) ChatIn(ctx context.Context, q sqlkit.Queryer, chat, ws string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM chats WHERE id = ? AND workspace_id = ? AND deleted_at IS NULL`, chat, ws).Scan(&n)
	return n > 0, err
}

func (sqlDomains) DeletedChats(ctx context.Context, q sqlkit.Queryer, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM chats WHERE id = ? AND deleted_at IS NOT NULL`, id).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, id)
		}
	}
	return out, nil
}

func (e *testEnv) close() {
	e.svc.Close()
	e.db.Close()
}

func (e *testEnv) setModel(ref string) {
	e.stMu.Lock()
	e.st.EmbeddingModel = ref
	e.stMu.Unlock()
}

// wait polls until every listed document is completed or error and its
// job has returned: a job's last steps (its vectors made visible, a
// re-embedding pass after a model change) follow the completed status, and
// a test that changes settings next must not race them.
func (e *testEnv) wait(t *testing.T, ids ...string) []Document {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	out := make([]Document, len(ids))
	for i, id := range ids {
		for {
			d, err := e.svc.Get(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			e.svc.mu.Lock()
			_, running := e.svc.running[id]
			e.svc.mu.Unlock()
			if (d.Status == StatusCompleted || d.Status == StatusError) && !running {
				out[i] = d
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("document %s still %s", d.Name, d.Status)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return out
}

// index adds each text as a workspace document (name → text), starts the
// queue and waits until all are completed.
func (e *testEnv) index(t *testing.T, texts map[string]string) {
	t.Helper()
	ctx := context.Background()
	var ids []string
	for name, text := range texts {
		r, err := e.svc.AddBytes(ctx, e.ws, "", name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Document.ID)
	}
	e.svc.Start(ctx)
	for _, d := range e.wait(t, ids...) {
		if d.Status != StatusCompleted {
			t.Fatalf("%s: %+v", d.Name, d)
		}
	}
}

func (e *testEnv) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
