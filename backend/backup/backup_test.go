package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/store"
)

// fixture is a data dir with a database and stored files, and a service on it.
type fixture struct {
	t       *testing.T
	ctx     context.Context
	dataDir string
	db      *store.DB
	blobs   *blob.Store
	svc     *Service
	rec     *events.Recorder
	files   map[string][]byte // sha256 -> content
}

type fakeProviders struct{}

func (fakeProviders) NeedKeys(context.Context) ([]ProviderKey, error) {
	return []ProviderKey{{ID: "p1", Name: "OpenAI", Preset: "openai", KeyEnv: "OPENAI_API_KEY"}}, nil
}

type fakeEmbeddings struct{}

func (fakeEmbeddings) InUse(context.Context) ([]EmbeddingUse, error) {
	return []EmbeddingUse{{WorkspaceID: "w", Ref: "ollama:nomic-embed-text@768", Dimensions: 768, Chunks: 3}}, nil
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), dataDir: filepath.Join(t.TempDir(), "bookbag"), files: map[string][]byte{}}
	f.open()
	for i := range 5 {
		b := bytes.Repeat([]byte{byte('a' + i)}, 1000*(i+1))
		ref, err := f.blobs.PutBytes(f.ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		f.files[ref.SHA256] = b
	}
	if err := f.db.SetSetting(f.ctx, "theme", "dark"); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) open() {
	f.t.Helper()
	db, err := store.Open(f.ctx, f.dataDir, store.Options{})
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { db.Close() })
	f.db = db
	if f.blobs, err = blob.New(f.dataDir, blob.Options{}); err != nil {
		f.t.Fatal(err)
	}
	f.rec = events.NewRecorder()
	f.svc = NewService(Deps{DB: db, DataDir: f.dataDir, AppVersion: "1.2.3", Providers: fakeProviders{},
		Embeddings: fakeEmbeddings{}, Events: f.rec, ScryptLogN: 10})
}

// restart closes the database, swaps a pending restore in and reopens.
func (f *fixture) restart() Swap {
	f.t.Helper()
	f.db.Close()
	sw, err := ApplyPending(f.dataDir, time.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	f.open()
	return sw
}

func (f *fixture) backup(opts Options) string {
	f.t.Helper()
	p := filepath.Join(f.t.TempDir(), FileName(time.Now(), opts))
	res, err := f.svc.Backup(f.ctx, p, opts)
	if err != nil {
		f.t.Fatal(err)
	}
	if res.Files != len(f.files) || res.Bytes == 0 || res.Path != p || len(res.Providers) != 1 {
		f.t.Fatalf("result %+v", res)
	}
	return p
}

// tree fingerprints every file under dir (path, size, sha256), to prove a
// refused restore changed nothing.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		s := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		lines = append(lines, rel+" "+hex.EncodeToString(s[:]))
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// siblings lists what sits beside the data dir.
func siblings(t *testing.T, dataDir string) []string {
	ents, _ := os.ReadDir(filepath.Dir(dataDir))
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	for _, opts := range []Options{{}, {Compress: true}, {Passphrase: "correct horse", Compress: true}, {Passphrase: "p"}} {
		t.Run(FileName(time.Unix(0, 0), opts), func(t *testing.T) {
			f := newFixture(t)
			p := f.backup(opts)
			in, err := f.svc.Inspect(f.ctx, p, "")
			if err != nil {
				t.Fatal(err)
			}
			if opts.Passphrase != "" {
				if !in.NeedsPassphrase {
					t.Fatalf("encrypted backup did not ask for a passphrase: %+v", in)
				}
				in, _ = f.svc.Inspect(f.ctx, p, opts.Passphrase)
			}
			if !in.Compatible || in.Files != 5 || in.AppVersion != "1.2.3" || len(in.Embeddings) != 1 || in.Providers[0].Name != "OpenAI" {
				t.Fatalf("inspection %+v", in)
			}
			if v, err := f.svc.Verify(f.ctx, p, opts.Passphrase); err != nil || !v.OK || v.Checked != 6 {
				t.Fatalf("verify %+v %v", v, err)
			}
			// Change the live data after the backup: the restore must bring the old state back.
			f.db.SetSetting(f.ctx, "theme", "light")
			f.blobs.PutBytes(f.ctx, []byte("added after the backup"))
			before := tree(t, f.dataDir)

			pend, err := f.svc.Restore(f.ctx, p, opts.Passphrase)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := f.svc.Pending(); !got.Pending || got.Dir != pend.Dir || len(got.Providers) != 1 {
				t.Fatalf("pending %+v", got)
			}
			if tree(t, f.dataDir) != before {
				t.Fatal("staging a restore changed the live data dir")
			}
			sw := f.restart()
			if !sw.Applied || sw.AsideDir == "" {
				t.Fatalf("swap %+v", sw)
			}
			if v, _, _ := f.db.GetSetting(f.ctx, "theme"); v != "dark" {
				t.Fatalf("theme after restore = %q", v)
			}
			for sum, want := range f.files {
				rc, err := f.blobs.Open(sum)
				if err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				got.ReadFrom(rc)
				rc.Close()
				if !bytes.Equal(got.Bytes(), want) {
					t.Fatalf("file %s differs", sum[:8])
				}
			}
			n, _ := f.svc.Notice()
			if !n.Restored || n.AsideDir != sw.AsideDir || len(n.Providers) != 1 || n.Providers[0].KeyEnv != "OPENAI_API_KEY" {
				t.Fatalf("notice %+v", n)
			}
			if p, _ := f.svc.Pending(); p.Pending {
				t.Fatal("still pending after the swap")
			}
			kept, _ := f.svc.KeptAside()
			if len(kept) != 1 || kept[0].Path != sw.AsideDir || kept[0].Bytes == 0 {
				t.Fatalf("kept %+v", kept)
			}
			if err := f.svc.RemoveKeptAside("../etc"); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("removed a foreign name: %v", err)
			}
			if err := f.svc.RemoveKeptAside(kept[0].Name); err != nil {
				t.Fatal(err)
			}
			if kept, _ := f.svc.KeptAside(); len(kept) != 0 {
				t.Fatalf("kept after remove %+v", kept)
			}
			f.svc.DismissNotice()
			if n, _ := f.svc.Notice(); n.Restored {
				t.Fatal("notice not dismissed")
			}
		})
	}
}

func TestRestoreIntoFreshInstall(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{Compress: true})
	// Another machine: no data dir yet.
	fresh := filepath.Join(t.TempDir(), "nested", "bookbag")
	svc := NewService(Deps{DataDir: fresh})
	if _, err := svc.Backup(context.Background(), filepath.Join(t.TempDir(), "x.tar"), Options{}); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("backup without a database: %v", err)
	}
	if _, err := svc.Restore(context.Background(), p, ""); err != nil {
		t.Fatal(err)
	}
	sw, err := ApplyPending(fresh, time.Now())
	if err != nil || !sw.Applied || sw.AsideDir != "" {
		t.Fatalf("swap %+v %v", sw, err)
	}
	db, err := store.Open(context.Background(), fresh, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _, _ := db.GetSetting(context.Background(), "theme"); v != "dark" {
		t.Fatalf("theme %q", v)
	}
	if db.Identity().DeviceID != f.db.Identity().DeviceID {
		t.Fatal("the restored device is not the backed-up one")
	}
}

func TestApplyPendingResumesAfterACrash(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{})
	pend, err := f.svc.Restore(f.ctx, p, "")
	if err != nil {
		t.Fatal(err)
	}
	f.db.Close()
	// A crash after the first rename: the data dir is gone, the staged folder is there.
	os.Rename(f.dataDir, f.dataDir+asideInfix+"crash")
	sw, err := ApplyPending(f.dataDir, time.Now())
	if err != nil || !sw.Applied || sw.AsideDir != "" {
		t.Fatalf("resume %+v %v", sw, err)
	}
	if _, err := os.Stat(pend.Dir); !os.IsNotExist(err) {
		t.Fatal("staged folder still there")
	}
	// Nothing pending any more: a second call does nothing.
	if sw, err := ApplyPending(f.dataDir, time.Now()); err != nil || sw.Applied {
		t.Fatalf("second apply %+v %v", sw, err)
	}
}

func TestCancelPendingRestore(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{})
	pend, _ := f.svc.Restore(f.ctx, p, "")
	if err := f.svc.CancelPending(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(pend.Dir); !os.IsNotExist(err) {
		t.Fatal("staged folder kept")
	}
	if sw := f.restart(); sw.Applied {
		t.Fatal("a cancelled restore was applied")
	}
}

func TestBackupCancelLeavesNothing(t *testing.T) {
	f := newFixture(t)
	// Enough bytes for several progress reports.
	for i := range 30 {
		f.blobs.PutBytes(f.ctx, bytes.Repeat([]byte{byte(i)}, 2<<20))
	}
	dir := t.TempDir()
	f.svc.deps.Events = events.Func(func(name string, payload any) {
		if pl, ok := payload.(events.BackupProgressPayload); ok && pl.Stage == "files" {
			f.svc.CancelRunning()
		}
	})
	_, err := f.svc.Backup(f.ctx, filepath.Join(dir, "b.tar"), Options{})
	if !apperr.Is(err, apperr.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("left behind: %v", ents)
	}
	if f.svc.Running() != "" {
		t.Fatal("still running")
	}
}

func TestProgressIsThrottledAndEnds(t *testing.T) {
	f := newFixture(t)
	f.backup(Options{})
	evs := f.rec.Events(events.BackupProgress)
	if len(evs) < 2 || len(evs) > 20 {
		t.Fatalf("%d progress events", len(evs))
	}
	last := evs[len(evs)-1].Payload.(events.BackupProgressPayload)
	if last.Stage != "done" || last.Done != last.Total || last.Total == 0 {
		t.Fatalf("last progress %+v", last)
	}
	if strings.Contains(f.rec.JSON(), "correct horse") {
		t.Fatal("passphrase in an event")
	}
}

func TestApplyPendingWaitsForARunningInstance(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{})
	if _, err := f.svc.Restore(f.ctx, p, ""); err != nil {
		t.Fatal(err)
	}
	running, err := HoldDataDir(f.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := HoldDataDir(f.dataDir); err != ErrDataDirInUse {
		t.Fatalf("second hold: %v", err)
	}
	before := tree(t, f.dataDir)
	if sw, err := ApplyPending(f.dataDir, time.Now()); err != ErrDataDirInUse || sw.Applied {
		t.Fatalf("swap under a running instance: %+v %v", sw, err)
	}
	if tree(t, f.dataDir) != before {
		t.Fatal("data dir changed under a running instance")
	}
	// The restore card says why the restart did not swap it in.
	if p, err := f.svc.Pending(); err != nil || !p.Pending || !strings.Contains(p.Problem, "another BookBag") {
		t.Fatalf("pending after a failed swap: %+v %v", p, err)
	}
	// A restart on Windows: the old process quits while the new one waits.
	f.db.Close()
	go func() { time.Sleep(300 * time.Millisecond); running.Close() }()
	sw, err := ApplyPendingWait(f.dataDir, time.Now(), 5*time.Second)
	if err != nil || !sw.Applied {
		t.Fatalf("not applied once the instance stopped: %+v %v", sw, err)
	}
	f.open()
	if p, _ := f.svc.Pending(); p.Pending || p.Problem != "" {
		t.Fatalf("pending after the swap: %+v", p)
	}
}
