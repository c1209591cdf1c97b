package backup

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// refused checks that restoring p fails as Invalid with a reason containing
// want, and leaves the data dir, its siblings and the pending state as they
// were.
func (f *fixture) refused(p, pass, want string) {
	f.t.Helper()
	before, beside := tree(f.t, f.dataDir), strings.Join(siblings(f.t, f.dataDir), ",")
	_, err := f.svc.Restore(f.ctx, p, pass)
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), want) {
		f.t.Fatalf("restore error = %v, want Invalid with %q", err, want)
	}
	if _, err := f.svc.Verify(f.ctx, p, pass); !apperr.Is(err, apperr.Invalid) {
		f.t.Fatalf("verify accepted it: %v", err)
	}
	if tree(f.t, f.dataDir) != before {
		f.t.Fatal("a refused restore changed the data dir")
	}
	if got := strings.Join(siblings(f.t, f.dataDir), ","); got != beside {
		f.t.Fatalf("a refused restore left %s (was %s)", got, beside)
	}
	if sw := f.restart(); sw.Applied {
		f.t.Fatal("a refused restore was swapped in")
	}
	if v, _, _ := f.db.GetSetting(f.ctx, "theme"); v != "dark" {
		f.t.Fatal("current data changed")
	}
}

func copyCut(t *testing.T, src string, keep func(n int) int) string {
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "cut-"+filepath.Base(src))
	os.WriteFile(dst, b[:keep(len(b))], 0o600)
	return dst
}

func TestRefuseTruncated(t *testing.T) {
	for _, opts := range []Options{{}, {Compress: true}, {Passphrase: "pw"}} {
		f := newFixture(t)
		p := f.backup(opts)
		for _, keep := range []func(int) int{
			func(n int) int { return n / 2 },
			func(n int) int { return n - 1 },
			func(n int) int { return n - 1024 }, // a tar loses its end marker, or gzip/age their tail
			func(n int) int { return 100 },
		} {
			cut := copyCut(t, p, keep)
			want := "cut short"
			if opts.Passphrase != "" || opts.Compress {
				want = "refused"
			}
			f.refused(cut, opts.Passphrase, want)
		}
	}
}

func TestRefuseTampered(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{})
	b, _ := os.ReadFile(p)
	// Change one byte of one stored file's content inside the archive.
	var target []byte
	for _, content := range f.files {
		target = content
		break
	}
	i := bytes.Index(b, target)
	if i < 0 {
		t.Fatal("content not found in the archive")
	}
	b[i+10] ^= 0xff
	tampered := filepath.Join(t.TempDir(), "tampered.tar")
	os.WriteFile(tampered, b, 0o600)
	f.refused(tampered, "", "does not match its recorded SHA-256")

	// An encrypted backup altered anywhere fails age's authentication.
	enc := f.backup(Options{Passphrase: "pw"})
	b, _ = os.ReadFile(enc)
	b[len(b)/2] ^= 0x01
	os.WriteFile(enc, b, 0o600)
	f.refused(enc, "pw", "refused")
}

func TestRefuseWrongPassphrase(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{Passphrase: "right one", Compress: true})
	f.refused(p, "wrong one", "the passphrase is wrong")
	if _, err := f.svc.Inspect(f.ctx, p, "wrong one"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("inspect with a wrong passphrase: %v", err)
	}
	if _, err := f.svc.Restore(f.ctx, p, ""); !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "passphrase") {
		t.Fatalf("restore without a passphrase: %v", err)
	}
}

// rewrite copies a plain backup with its manifest changed by edit and, when
// dbEdit is set, its database replaced by the file dbEdit makes.
func rewrite(t *testing.T, src string, edit func(*Manifest), dbFile string) string {
	t.Helper()
	in, _ := os.Open(src)
	defer in.Close()
	tr := tar.NewReader(in)
	var m Manifest
	var rest []struct {
		h    *tar.Header
		data []byte
	}
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		var buf bytes.Buffer
		buf.ReadFrom(tr)
		if h.Name == manifestName {
			json.Unmarshal(buf.Bytes(), &m)
			continue
		}
		rest = append(rest, struct {
			h    *tar.Header
			data []byte
		}{h, buf.Bytes()})
	}
	if dbFile != "" {
		e, err := hashFile(context.Background(), dbFile, dbName)
		if err != nil {
			t.Fatal(err)
		}
		m.TotalBytes += e.Size - m.Entries[0].Size
		m.Entries[0] = e
		data, _ := os.ReadFile(dbFile)
		rest[0].data = data
		rest[0].h.Size = int64(len(data))
	}
	edit(&m)
	dst := filepath.Join(t.TempDir(), "edited.tar")
	out, _ := os.Create(dst)
	defer out.Close()
	tw := tar.NewWriter(out)
	mj, _ := json.Marshal(m)
	writeEntry(tw, manifestName, int64(len(mj)), time.Now(), bytes.NewReader(mj))
	for _, r := range rest {
		tw.WriteHeader(r.h)
		tw.Write(r.data)
	}
	tw.Close()
	return dst
}

func TestRefuseNewerSchema(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{})
	newer := store.LatestSchema() + 1
	// The manifest says so: refused before anything is written.
	edited := rewrite(t, p, func(m *Manifest) { m.SchemaVersion = newer; m.AppVersion = "9.0.0" }, "")
	in, err := f.svc.Inspect(f.ctx, edited, "")
	if err != nil || in.Compatible || !strings.Contains(in.Problem, "newer BookBag") {
		t.Fatalf("inspect %+v %v", in, err)
	}
	f.refused(edited, "", "newer BookBag (9.0.0")

	// The manifest lies but the database has the newer schema: found by the
	// check of the staged database.
	dbFile := filepath.Join(t.TempDir(), "newer.db")
	if err := f.db.Snapshot(f.ctx, dbFile); err != nil {
		t.Fatal(err)
	}
	ndb, err := store.Open(f.ctx, filepath.Dir(dbFile), store.Options{})
	if err == nil {
		ndb.Close()
	}
	os.Rename(dbFile, filepath.Join(filepath.Dir(dbFile), "x.db"))
	dbFile = filepath.Join(filepath.Dir(dbFile), "x.db")
	bumpSchema(t, dbFile, newer)
	lying := rewrite(t, p, func(*Manifest) {}, dbFile)
	f.refused(lying, "", "schema")
}

func TestRefuseForeignFiles(t *testing.T) {
	f := newFixture(t)
	junk := filepath.Join(t.TempDir(), "junk.tar")
	os.WriteFile(junk, []byte(strings.Repeat("not a backup at all ", 100)), 0o600)
	f.refused(junk, "", "refused")
	// A workspace exported as .bookbag (a ZIP) picked by mistake: the
	// refusal says where it goes instead.
	ws := filepath.Join(t.TempDir(), "Research.bookbag")
	wf, _ := os.Create(ws)
	zw := zip.NewWriter(wf)
	w, _ := zw.Create("manifest.json")
	w.Write([]byte(`{"format":"bookbag-workspace"}`))
	zw.Close()
	wf.Close()
	f.refused(ws, "", "Workspaces page")
	p := f.backup(Options{})
	// An entry that escapes the folder is refused by its manifest check.
	escaping := rewrite(t, p, func(m *Manifest) { m.Entries[1].Path = "../../evil" }, "")
	f.refused(escaping, "", "unexpected entry")
}
