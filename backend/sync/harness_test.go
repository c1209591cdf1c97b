package sync

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/chat"
	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
	"bookbag/backend/rag"
	"bookbag/backend/rag/extract"
	"bookbag/backend/secrets"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
	"bookbag/backend/workspace"
)

// The tests run two (or more) desktop backends, each with its own data dir,
// real SQLite and the real chat and documents services, against a real
// bookbag-server process on loopback, built once here.

var (
	serverBin      string
	serverBuildErr error
)

func TestMain(m *testing.M) {
	extract.RunChildIfRequested() // the desks ingest documents: this binary is also the PDF child
	dir, err := os.MkdirTemp("", "bookbag-sync-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin := filepath.Join(dir, "bookbag-server")
	cmd := exec.Command("go", "build", "-o", bin, "bookbag/cmd/bookbag-server")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		serverBuildErr = fmt.Errorf("%v: %s", err, out)
	} else {
		serverBin = bin
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testServer is a running bookbag-server with a server admin signed in.
type testServer struct {
	url   string
	dir   string
	cmd   *exec.Cmd
	admin *syncproto.Client
	mu    gosync.Mutex
	log   strings.Builder
}

var (
	listenRe = regexp.MustCompile(`url=(https?://\S+)`)
	tokenRe  = regexp.MustCompile(`^\s+(bbs_[A-Za-z0-9_-]+)\s*$`)
)

func startServer(t testing.TB, args ...string) *testServer {
	t.Helper()
	if serverBin == "" {
		t.Skipf("bookbag-server could not be built: %v", serverBuildErr)
	}
	ts := &testServer{dir: t.TempDir()}
	ts.cmd = exec.Command(serverBin, append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", ts.dir}, args...)...)
	ts.cmd.Env = append(os.Environ(), "BOOKBAG_SERVER_BCRYPT_COST=4", "BOOKBAG_SERVER_LOG_FORMAT=text")
	stderr, err := ts.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ts.cmd.Process.Kill()
		ts.cmd.Wait()
	})
	ready := make(chan string, 1)
	var token string
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			ts.mu.Lock()
			ts.log.WriteString(line + "\n")
			ts.mu.Unlock()
			if m := tokenRe.FindStringSubmatch(line); m != nil && token == "" {
				token = m[1]
			}
			if m := listenRe.FindStringSubmatch(line); m != nil && !sent {
				sent = true
				ready <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case ts.url = <-ready:
	case <-time.After(60 * time.Second):
		t.Fatalf("bookbag-server did not start:\n%s", ts.logText())
	}
	ts.admin = syncproto.NewClient(ts.url, nil)
	if _, err := ts.admin.Setup(context.Background(), syncproto.SetupRequest{Token: token, Email: "root@example.com",
		Password: "root password 1", DisplayName: "Root"}); err != nil {
		t.Fatalf("setup: %v\n%s", err, ts.logText())
	}
	return ts
}

func (ts *testServer) logText() string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.log.String()
}

// newUser creates a server account and returns its password.
func (ts *testServer) newUser(t testing.TB, email, name string) string {
	t.Helper()
	pw := "pw of " + email
	if _, err := ts.admin.CreateUser(context.Background(), syncproto.CreateUserRequest{Email: email, DisplayName: name,
		Role: syncproto.RoleMember, Password: pw}); err != nil {
		t.Fatal(err)
	}
	return pw
}

// client signs a fresh protocol client in (another device of the user).
func (ts *testServer) client(t testing.TB, email, pw string) *syncproto.Client {
	t.Helper()
	c := syncproto.NewClient(ts.url, nil)
	if _, err := c.Login(context.Background(), syncproto.LoginRequest{Email: email, Password: pw, DeviceID: "other"}); err != nil {
		t.Fatal(err)
	}
	return c
}

// testResolver runs chats against an llmtest server with the real OpenAI adapter.
type testResolver struct{ srv *llmtest.Server }

func (r testResolver) Model(_ context.Context, ref string) (chat.Model, error) {
	p, err := llm.ParseRef(ref)
	if err != nil {
		return chat.Model{}, err
	}
	c, err := provider.New(provider.Config{Preset: llm.PresetOpenAI, BaseURL: r.srv.OpenAIURL(), APIKey: "sk-test"})
	if err != nil {
		return chat.Model{}, err
	}
	return chat.Model{Ref: ref, Name: p.Model, Client: c, ContextLength: 8192}, nil
}
func (testResolver) Profile(context.Context, string) (chat.Profile, error) {
	return chat.Profile{}, apperr.New(apperr.NotFound, "no profiles")
}
func (testResolver) Workspace(context.Context, string) (chat.WorkspaceDefaults, error) {
	return chat.WorkspaceDefaults{}, nil
}
func (testResolver) DefaultModelRef(context.Context) (string, error) { return "openai:fake-chat", nil }

// ragDocs plugs the documents service into sync the way app.go does.
type ragDocs struct{ *rag.Service }

func (r ragDocs) Index(_ context.Context, ws string, _ []string)  { r.ForgetWorkspace(ws) }
func (r ragDocs) Forget(_ context.Context, ws string, _ []string) { r.ForgetWorkspace(ws) }
func (r ragDocs) Reembed(ctx context.Context, ws string)          { r.Service.Reembed(ctx, ws) }

// retrievalSettings reads a workspace's settings as app.go does.
func retrievalSettings(ws *workspace.Service) rag.SettingsFunc {
	return func(ctx context.Context, id string) (rag.Settings, error) {
		st, err := ws.Settings(ctx, id)
		if err != nil {
			return rag.Settings{}, err
		}
		return rag.Settings{ChunkSize: st.ChunkSize, ChunkOverlap: st.ChunkOverlap, TopK: st.TopK, MinScore: st.MinScore,
			EmbeddingModel: st.EmbeddingModelRef}, nil
	}
}

// desk is one desktop backend: a data dir and the services the app builds.
type desk struct {
	t     testing.TB
	name  string
	dir   string
	keys  *secrets.Memory
	opts  deskOpts
	llm   *llmtest.Server
	db    *store.DB
	blobs *blob.Store
	chats *chat.Service
	docs  *rag.Service
	wss   *workspace.Service
	svc   *Service
	rec   *events.Recorder
	// linked is svc for the documents service's Shared hook, which may run
	// on the ingest worker while open is still building svc.
	linked atomic.Pointer[Service]
}

type deskOpts struct {
	background bool // run the sync loops (default: manual, SyncNow only)
	pageSize   int
	transport  http.RoundTripper
	embedders  rag.Embedders // nil: keyword search only
	usage      Usage         // nil: no usage is sent
}

func newDesk(t testing.TB, name string, o deskOpts) *desk {
	t.Helper()
	d := &desk{t: t, name: name, dir: t.TempDir(), keys: secrets.NewMemory(), opts: o, llm: llmtest.Start(t)}
	d.open()
	t.Cleanup(d.close)
	return d
}

// open builds the services on the data dir (again, after close: a restart).
func (d *desk) open() {
	t := d.t
	ctx := context.Background()
	db, err := store.Open(ctx, d.dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.db = db
	if d.blobs, err = blob.New(d.dir, blob.Options{}); err != nil {
		t.Fatal(err)
	}
	d.rec = events.NewRecorder()
	d.wss = workspace.NewService(workspace.Deps{DB: db})
	d.chats = chat.NewService(chat.Deps{DB: db, Resolver: testResolver{d.llm}, Blobs: d.blobs, Events: d.rec, Workspaces: d.wss})
	d.docs = rag.NewService(rag.Deps{DB: db, Blobs: d.blobs, Extractor: extract.New(extract.Options{}), Emitter: d.rec,
		Embedders: d.opts.embedders, Settings: retrievalSettings(d.wss), Workspaces: d.wss, Chats: d.chats,
		FilesInUse: d.filesInUse, Shared: func(_ context.Context, ws string) bool {
			svc := d.linked.Load()
			return svc != nil && svc.Linked(ws)
		}})
	var hc *http.Client
	if d.opts.transport != nil {
		hc = &http.Client{Transport: d.opts.transport, Timeout: 90 * time.Second}
	}
	d.svc = NewService(Deps{DB: db, Blobs: d.blobs, Secrets: d.keys, Events: d.rec, Documents: ragDocs{d.docs},
		Chats: d.chats, Workspaces: d.wss, FilesInUse: d.filesInUse, Usage: d.opts.usage,
		HTTP: hc, DeviceName: d.name, Manual: !d.opts.background, PageSize: d.opts.pageSize,
		MinBackoff: 50 * time.Millisecond, MaxBackoff: 500 * time.Millisecond, WaitTimeout: 5 * time.Second})
	d.linked.Store(d.svc)
	// In app.go's order: documents start (and may finish a document left
	// pending) before sync has loaded its links.
	d.docs.Start(ctx)
	if err := d.svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
}

// filesInUse asks documents and chats, as app.go does.
func (d *desk) filesInUse(ctx context.Context, sum string) (bool, error) {
	if used, err := d.docs.FileInUse(ctx, d.db.R, sum); err != nil || used {
		return used, err
	}
	return d.chats.FileInUse(ctx, d.db.R, sum)
}

func (d *desk) close() {
	if d.db == nil {
		return
	}
	d.svc.Close()
	d.chats.Close()
	d.docs.Close()
	d.wss.Close()
	d.db.Close()
	d.db = nil
}

func (d *desk) restart() {
	d.close()
	d.open()
}

var ctxb = context.Background()

// newWorkspace creates a workspace with its settings, as the workspace
// service does.
func (d *desk) newWorkspace(name string) string {
	d.t.Helper()
	id := store.NewID()
	err := d.db.Tx(ctxb, func(tx *store.Tx) error {
		if err := tx.Insert(ctxb, "workspaces", id, id, store.Values{"name": name}); err != nil {
			return err
		}
		return tx.Insert(ctxb, "workspace_settings", store.NewID(), id, store.Values{"system_prompt": "", "chunk_size": 1000,
			"chunk_overlap": 200, "top_k": 6, "use_documents": 1})
	})
	if err != nil {
		d.t.Fatal(err)
	}
	return id
}

func (d *desk) insert(table, ws string, v store.Values) string {
	d.t.Helper()
	id := store.NewID()
	if err := d.db.Tx(ctxb, func(tx *store.Tx) error { return tx.Insert(ctxb, table, id, ws, v) }); err != nil {
		d.t.Fatal(err)
	}
	return id
}

func (d *desk) update(table, id string, v store.Values) {
	d.t.Helper()
	if err := d.db.Tx(ctxb, func(tx *store.Tx) error { return tx.Update(ctxb, table, id, v) }); err != nil {
		d.t.Fatal(err)
	}
}

func (d *desk) del(table, id string) {
	d.t.Helper()
	if err := d.db.Tx(ctxb, func(tx *store.Tx) error { return tx.Delete(ctxb, table, id) }); err != nil {
		d.t.Fatal(err)
	}
}

// send asks the fake model in a chat and waits for the answer to finish.
func (d *desk) send(chatID, text string) chat.SendResult {
	d.t.Helper()
	res, err := d.chats.Send(ctxb, chat.SendInput{ChatID: chatID, Content: text})
	if err != nil {
		d.t.Fatal(err)
	}
	d.waitFor(fmt.Sprintf("answer %s", res.Assistant.ID), func() bool {
		var st string
		d.db.R.QueryRow(`SELECT status FROM messages WHERE id = ?`, res.Assistant.ID).Scan(&st)
		return st != "" && st != chat.StatusStreaming
	})
	return res
}

func (d *desk) newChat(ws string) string {
	d.t.Helper()
	c, err := d.chats.CreateChat(ctxb, ws, "openai:fake-chat")
	if err != nil {
		d.t.Fatal(err)
	}
	return c.ID
}

// addDocument adds a text file and waits for it to be indexed.
func (d *desk) addDocument(ws, name, text string) string {
	d.t.Helper()
	res, err := d.docs.AddBytes(ctxb, ws, "", name, []byte(text))
	if err != nil {
		d.t.Fatal(err)
	}
	d.waitIndexed(res.Document.ID)
	return res.Document.ID
}

func (d *desk) waitIndexed(id string) {
	d.t.Helper()
	d.waitFor("document "+id+" indexed", func() bool {
		var st string
		d.db.R.QueryRow(`SELECT status FROM documents WHERE id = ?`, id).Scan(&st)
		return st == rag.StatusCompleted || st == rag.StatusError
	})
}

// waitFor polls cond for up to 30 s (a wait for an outcome, not a timing
// assertion).
func (d *desk) waitFor(what string, cond func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			d.t.Fatalf("%s: timed out waiting for %s", d.name, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// share signs in and shares ws (CreateShared); join takes an invitation.
func (d *desk) share(ts *testServer, email, pw, ws string) Status {
	d.t.Helper()
	return d.shareAt(ts.url, email, pw, ws)
}

// shareAt is share with a server at url (servertest's in-process ones).
func (d *desk) shareAt(url, email, pw, ws string) Status {
	d.t.Helper()
	res, err := d.svc.SignIn(ctxb, SignInInput{ServerURL: url, Email: email, Password: pw})
	if err != nil {
		d.t.Fatal(err)
	}
	st, err := d.svc.CreateShared(ctxb, res.Session, ws)
	if err != nil {
		d.t.Fatal(err)
	}
	return st
}

func (d *desk) join(ts *testServer, email, pw string) string {
	d.t.Helper()
	res, err := d.svc.SignIn(ctxb, SignInInput{ServerURL: ts.url, Email: email, Password: pw})
	if err != nil {
		d.t.Fatal(err)
	}
	if len(res.Invitations) == 0 {
		d.t.Fatalf("%s has no invitation", email)
	}
	st, err := d.svc.Join(ctxb, res.Session, res.Invitations[0].ID, "")
	if err != nil {
		d.t.Fatal(err)
	}
	return st.WorkspaceID
}

// settle waits for the documents being indexed here, then syncs (the
// index-state changes are settled without sending anything).
func (d *desk) settle(ws string) Status {
	d.t.Helper()
	d.waitFor("documents indexed", func() bool {
		return d.count(`SELECT count(*) FROM documents WHERE workspace_id = ? AND status IN ('pending', 'processing') AND deleted_at IS NULL`, ws) == 0
	})
	return d.sync(ws)
}

// settleAll syncs the desks in turn until documents pulled along the way are
// indexed and nothing is left to exchange.
func settleAll(ws string, ds ...*desk) {
	for range 2 {
		for _, d := range ds {
			d.settle(ws)
		}
	}
}

func (d *desk) sync(ws string) Status {
	d.t.Helper()
	st, err := d.svc.SyncNow(ctxb, ws)
	if err != nil {
		d.t.Fatalf("%s: sync: %v (status %+v)", d.name, err, st)
	}
	return st
}

func (d *desk) count(q string, args ...any) int {
	d.t.Helper()
	var n int
	if err := d.db.R.QueryRow(q, args...).Scan(&n); err != nil {
		d.t.Fatal(err)
	}
	return n
}

func (d *desk) str(q string, args ...any) string {
	d.t.Helper()
	var s string
	if err := d.db.R.QueryRow(q, args...).Scan(&s); err != nil {
		d.t.Fatalf("%s: %v", q, err)
	}
	return s
}

// dump describes every synced row of a workspace that all members see (not
// private chats): id, stamp, author and shared content (device-local columns
// left out), for comparing devices.
func (d *desk) dump(ws string) map[string]string {
	d.t.Helper()
	out := map[string]string{}
	for _, table := range syncproto.Tables() {
		q := `SELECT * FROM ` + table + ` WHERE workspace_id = ?`
		switch table {
		case "chats":
			q += ` AND shared = 1`
		case "messages", "documents":
			q += ` AND (chat_id IS NULL OR chat_id IN (SELECT id FROM chats WHERE shared = 1))`
		}
		rows, err := d.db.R.Query(q, ws)
		if err != nil {
			d.t.Fatal(err)
		}
		snaps, err := scanMaps(rows)
		if err != nil {
			d.t.Fatal(err)
		}
		for _, s := range snaps {
			// Through JSON like the wire: numbers compare as numbers.
			m := map[string]any{}
			for k, v := range s {
				switch x := v.(type) {
				case int64:
					m[k] = float64(x)
				default:
					m[k] = x
				}
			}
			out[table+"/"+s["id"].(string)] = fmt.Sprintf("%v %v %s", s["hlc"], s["author_id"], contentHash(table, m))
		}
	}
	return out
}

// sameRows fails when two devices hold different copies of a workspace.
func sameRows(t testing.TB, a, b *desk, ws string) {
	t.Helper()
	da, db := a.dump(ws), b.dump(ws)
	var diffs []string
	for k, v := range da {
		if db[k] != v {
			diffs = append(diffs, fmt.Sprintf("%s: %s=%q %s=%q", k, a.name, v, b.name, db[k]))
		}
	}
	for k, v := range db {
		if _, ok := da[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: only on %s (%q)", k, b.name, v))
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Fatalf("%d rows differ:\n%s", len(diffs), strings.Join(diffs, "\n"))
	}
	if len(da) == 0 {
		t.Fatal("no rows compared")
	}
}

// cutTransport fails requests chosen by cut after the server handled them
// (the answer is lost, as when the app is killed mid-request).
type cutTransport struct {
	base  http.RoundTripper
	cut   atomic.Pointer[func(*http.Request) bool]
	count atomic.Int64
}

func (c *cutTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	if f := c.cut.Load(); f != nil && (*f)(r) {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		c.count.Add(1)
		return nil, errors.New("connection lost (test)")
	}
	return resp, nil
}

func (c *cutTransport) set(f func(*http.Request) bool) {
	if f == nil {
		c.cut.Store(nil)
		return
	}
	c.cut.Store(&f)
}
