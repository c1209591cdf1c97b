package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wailsapp/wails/v2/pkg/options"

	"bookbag/backend/apperr"
	"bookbag/backend/backup"
	"bookbag/backend/models"
	"bookbag/backend/rag/extract"
	"bookbag/backend/settings"
	"bookbag/backend/store"
	"bookbag/backend/workspace"
)

func newTestApp(t *testing.T, dir string) *App {
	t.Helper()
	a := NewApp(Flags{DataDir: dir})
	t.Cleanup(a.close)
	return a
}

func TestBootstrapFreshDataDir(t *testing.T) {
	a := newTestApp(t, t.TempDir())
	b, err := a.Bootstrap()
	if err != nil {
		t.Fatal(err)
	}
	if b.State != "ready" || len(b.Workspaces) != 1 || b.Workspaces[0].Name != "Personal" ||
		b.CurrentWorkspaceID != b.Workspaces[0].ID || !b.FirstRun || b.Identity.DeviceID == "" || b.Theme != "system" {
		t.Fatalf("bootstrap: %+v", b)
	}
	if b.SidebarCollapsed {
		t.Fatal("sidebar collapsed on a fresh data dir")
	}
	// A second call (StrictMode, a browser and the window) must not add a workspace.
	b2, _ := a.Bootstrap()
	if len(b2.Workspaces) != 1 || b2.CurrentWorkspaceID != b.CurrentWorkspaceID {
		t.Fatalf("second bootstrap changed things: %+v", b2)
	}
	// The first screen draws the sidebar as the user left it.
	if err := a.settings.SetSidebarCollapsed(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	if b3, err := a.Bootstrap(); err != nil || !b3.SidebarCollapsed {
		t.Fatalf("collapsed sidebar not reported: %+v %v", b3, err)
	}
}

func TestBootstrapCorruptDatabaseAndMoveAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	junk := []byte("definitely not sqlite, but somebody's data: keep me")
	os.WriteFile(path, junk, 0o600)
	a := newTestApp(t, dir)
	b, err := a.Bootstrap()
	if err != nil || b.State != "corrupt" || b.DatabasePath != path || b.Message == "" {
		t.Fatalf("bootstrap: %+v %v", b, err)
	}
	moved, err := a.MoveDatabaseAside()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(moved); string(got) != string(junk) {
		t.Fatal("moved file lost its content")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("damaged file still in place")
	}
	// After a restart the fresh database opens.
	b, err = newTestApp(t, dir).Bootstrap()
	if err != nil || b.State != "ready" {
		t.Fatalf("after recovery: %+v %v", b, err)
	}
}

func TestMoveAsideRefusedForHealthyDatabase(t *testing.T) {
	a := newTestApp(t, t.TempDir())
	if _, err := a.MoveDatabaseAside(); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("healthy database moved: %v", err)
	}
}

func TestBootstrapNewerSchema(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.W.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)`)
	db.Close()
	b, err := newTestApp(t, dir).Bootstrap()
	if err != nil || b.State != "newer_schema" {
		t.Fatalf("bootstrap: %+v %v", b, err)
	}
}

func TestBootstrapNotWritable(t *testing.T) {
	f := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(f, nil, 0o600)
	b, err := newTestApp(t, filepath.Join(f, "data")).Bootstrap()
	if err != nil || b.State != "not_writable" {
		t.Fatalf("bootstrap: %+v %v", b, err)
	}
}

func TestFormatErrorGivesCodeAndMessage(t *testing.T) {
	a := newTestApp(t, t.TempDir())
	decode := func(v any) map[string]string {
		var m map[string]string
		if err := json.Unmarshal([]byte(v.(string)), &m); err != nil {
			t.Fatalf("formatted error is not a JSON string: %v", v)
		}
		return m
	}
	got := decode(a.formatError(apperr.New(apperr.NotFound, "chat not found")))
	if got["code"] != "not_found" || got["message"] != "chat not found" {
		t.Fatalf("formatted %v", got)
	}
	got = decode(a.formatError(errors.New("boom")))
	if got["code"] != "internal" {
		t.Fatalf("plain error formatted %v", got)
	}
}

func TestInstanceIDPerDataDir(t *testing.T) {
	if instanceID("/a") == instanceID("/b") || instanceID("/a") != instanceID("/a") {
		t.Fatal("instance id must be stable per data dir and differ between dirs")
	}
}

func TestParseFlags(t *testing.T) {
	f, err := parseFlags([]string{"--smoke", "--data-dir", "/x"})
	if err != nil || !f.Smoke || f.DataDir != "/x" {
		t.Fatalf("%+v %v", f, err)
	}
}

func TestMain(m *testing.M) {
	extract.RunChildIfRequested() // the app's tests ingest through the real PDF child
	os.Exit(m.Run())
}

func TestDefaultEmbeddingModelMakesWorkspacesHybrid(t *testing.T) {
	a := newTestApp(t, t.TempDir())
	boot, err := a.Bootstrap()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// A provider with an embedding model, stored directly (no network).
	_, err = a.db.W.Exec(`INSERT INTO providers (id, kind, preset, name, base_url, created_at, updated_at) VALUES ('p', 'ollama', 'ollama', 'Ollama', 'http://127.0.0.1:9', 0, 0);
		INSERT INTO models (id, provider_id, name, ref, embedding, dimensions, created_at, updated_at) VALUES ('m', 'p', 'nomic', 'ollama:nomic@768', 1, 768, 0, 0)`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.models.SetDefaults(ctx, models.Defaults{EmbeddingModelRef: "ollama:nomic@768"}); err != nil {
		t.Fatal(err)
	}
	st, _ := a.workspaces.Settings(ctx, boot.CurrentWorkspaceID)
	if st.EmbeddingModelRef != "ollama:nomic@768" {
		t.Fatalf("keyword-only workspace did not adopt the default: %q", st.EmbeddingModelRef)
	}
	w, err := a.workspaces.Create(ctx, workspace.Input{Name: "New one"})
	if err != nil {
		t.Fatal(err)
	}
	st, _ = a.workspaces.Settings(ctx, w.ID)
	if st.EmbeddingModelRef != "ollama:nomic@768" {
		t.Fatalf("new workspace did not start with the default: %q", st.EmbeddingModelRef)
	}
}

// Settings carry the licence of the WordNet table built into the binary
// (its licence asks for the notice on every copy).
func TestSettingsShowWordNetNotice(t *testing.T) {
	a := newTestApp(t, t.TempDir())
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	st, err := a.api.settings.Get()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Notices) != 1 || !strings.Contains(st.Notices[0].Name, "WordNet") ||
		!strings.Contains(st.Notices[0].Text, "Princeton University") || !strings.Contains(st.Notices[0].Text, "Permission to use, copy, modify") {
		t.Fatalf("notices: %+v", st.Notices)
	}
}

// A window closed maximised comes back maximised from the first frame (not
// maximised later, at domReady); otherwise it opens at its remembered size.
func TestWindowStartsAsItWasLeft(t *testing.T) {
	dir := t.TempDir()
	a := newTestApp(t, dir)
	if o := a.options(nil); o.WindowStartState != options.Normal || o.Width != 1200 || o.Height != 800 {
		t.Fatalf("first start: state %v size %dx%d", o.WindowStartState, o.Width, o.Height)
	}
	if err := a.settings.SetWindow(context.Background(), settings.Window{Width: 900, Height: 640, X: 120, Y: 90}); err != nil {
		t.Fatal(err)
	}
	if o := a.options(nil); o.WindowStartState != options.Normal || o.Width != 900 || o.Height != 640 {
		t.Fatalf("normal window: state %v size %dx%d", o.WindowStartState, o.Width, o.Height)
	}
	if err := a.settings.SetWindow(context.Background(), settings.Window{Width: 900, Height: 640, Maximised: true}); err != nil {
		t.Fatal(err)
	}
	if o := a.options(nil); o.WindowStartState != options.Maximised || o.Width != 900 {
		t.Fatalf("maximised window: state %v size %dx%d", o.WindowStartState, o.Width, o.Height)
	}
}

// A restore swap that left no data dir (both renames failed) must not start
// the app on a fresh, empty data dir: the recovery screen says where the
// data is, and nothing is created where the data dir belongs.
func TestStartAfterAnIncompleteRestoreSwap(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bookbag")
	inc := &backup.IncompleteSwapError{DataDir: dir, Aside: dir + ".before-restore-x", Staged: dir + ".restore-x", Err: errors.New("access denied")}
	a := newApp(Flags{DataDir: dir}, func(string) (backup.Swap, error) { return backup.Swap{}, inc })
	t.Cleanup(a.close)
	b, err := a.Bootstrap()
	if err != nil {
		t.Fatal(err)
	}
	if b.State != "restore_incomplete" || !strings.Contains(b.Message, inc.Aside) || !strings.Contains(b.Message, inc.Staged) {
		t.Fatalf("bootstrap: %+v", b)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("the start created the data dir: %v", err)
	}
}
