package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/store"
)

// maxManifest bounds the manifest a reader will parse (a million files'
// entries fit in well under this).
const maxManifest = 256 << 20

// maxScryptLogN is the highest work factor a passphrase may cost to try:
// age's default for new files is 18; a hostile file cannot ask for hours.
const maxScryptLogN = 22

var ageMagic = []byte("age-encryption.org/v1")

// zipMagic starts a ZIP file, such as a workspace exported as .bookbag.
var zipMagic = []byte("PK\x03\x04")

// refuse is the error of a backup that will not be restored: Invalid, with
// a reason a person can act on.
func refuse(format string, args ...any) error {
	return apperr.New(apperr.Invalid, "the backup was refused: "+format, args...)
}

// archiveReader is an opened backup: the tar stream under its encryption
// and compression, with the manifest already read.
type archiveReader struct {
	f         *os.File
	raw       io.Reader // the decrypted, decompressed bytes
	tr        *tar.Reader
	count     *countingReader // what the tar reader consumed
	manifest  Manifest
	encrypted bool
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (a *archiveReader) Close() error { return a.f.Close() }

// errNeedPassphrase: the backup is encrypted and no passphrase was given.
var errNeedPassphrase = apperr.New(apperr.Invalid, "this backup is encrypted: enter its passphrase")

// openArchive opens a backup and reads its manifest. An encrypted backup
// without a passphrase fails with errNeedPassphrase (encrypted is set).
func openArchive(ctx context.Context, p, passphrase string) (*archiveReader, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.NotFound, "could not open %s: %s", p, diskProblem(err))
	}
	a := &archiveReader{f: f}
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	br := bufio.NewReaderSize(&ctxReader{ctx: ctx, r: f}, copyBuf)
	var r io.Reader = br
	if head, _ := br.Peek(len(ageMagic)); bytes.Equal(head, ageMagic) {
		a.encrypted = true
		if passphrase == "" {
			return a, errNeedPassphrase
		}
		id, err := age.NewScryptIdentity(passphrase)
		if err != nil {
			return a, refuse("unusable passphrase")
		}
		id.SetMaxWorkFactor(maxScryptLogN)
		dec, err := age.Decrypt(br, id)
		if err != nil {
			var nm *age.NoIdentityMatchError
			if errors.As(err, &nm) || errors.Is(err, age.ErrIncorrectIdentity) {
				return a, refuse("the passphrase is wrong")
			}
			return a, refuse("it is not a readable encrypted backup (%v)", err)
		}
		r = bufio.NewReaderSize(dec, copyBuf)
	}
	pr := r.(*bufio.Reader)
	if head, _ := pr.Peek(len(zipMagic)); bytes.Equal(head, zipMagic) {
		return a, refuse("it is a ZIP file, not a BookBag backup; a workspace exported as .bookbag is imported on the Workspaces page (Import…)")
	}
	if head, _ := pr.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		gz, err := gzip.NewReader(pr)
		if err != nil {
			return a, refuse("its compression is damaged (%v)", err)
		}
		r = gz
	}
	a.raw = r
	a.count = &countingReader{r: r}
	a.tr = tar.NewReader(a.count)
	if a.manifest, err = readManifest(a.tr); err != nil {
		return a, err
	}
	ok = true
	return a, nil
}

// readManifest reads and checks the first entry.
func readManifest(tr *tar.Reader) (Manifest, error) {
	var m Manifest
	h, err := tr.Next()
	if err != nil {
		return m, refuse("it is not a BookBag backup, or it is cut short (%v)", readErr(err))
	}
	if h.Name != manifestName || h.Typeflag != tar.TypeReg || h.Size > maxManifest {
		return m, refuse("it does not start with a BookBag backup manifest")
	}
	b, err := io.ReadAll(tr)
	if err != nil {
		return m, refuse("its manifest is cut short (%v)", readErr(err))
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, refuse("its manifest is not valid JSON (%v)", err)
	}
	if m.Format != Format {
		return m, refuse("it is not a BookBag backup (format %q)", m.Format)
	}
	if m.Version > Version {
		return m, refuse("it was written by a newer BookBag (backup format %d, this one reads %d): update BookBag first", m.Version, Version)
	}
	seen := map[string]bool{}
	var total int64
	for i, e := range m.Entries {
		if seen[e.Path] {
			return m, refuse("its manifest lists %s twice", e.Path)
		}
		seen[e.Path] = true
		switch {
		case e.Size < 0 || len(e.SHA256) != 64:
			return m, refuse("its manifest entry %s is malformed", e.Path)
		case i == 0 && e.Path != dbName:
			return m, refuse("its manifest does not start with the database")
		case i > 0 && (!blob.ValidSum(e.SHA256) || e.Path != blobPath(e.SHA256)):
			return m, refuse("its manifest names an unexpected entry %q", e.Path)
		}
		total += e.Size
	}
	if len(m.Entries) == 0 {
		return m, refuse("it holds no database")
	}
	if total != m.TotalBytes {
		return m, refuse("its manifest does not add up")
	}
	return m, nil
}

// schemaProblem says why this app cannot restore a manifest, "" when it can.
func schemaProblem(m Manifest) string {
	if known := store.LatestSchema(); m.SchemaVersion > known {
		return fmt.Sprintf("it was made by a newer BookBag (%s, database schema %d; this BookBag knows up to %d): update BookBag, then restore",
			orUnknown(m.AppVersion), m.SchemaVersion, known)
	}
	return ""
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown version"
	}
	return s
}

// readEntries streams every entry after the manifest into open (which
// returns where its bytes go, or nil to discard them), checking the order,
// sizes and hashes against the manifest, then reads the stream to its end so
// gzip and age check their own trailers. Any mismatch is a refusal.
func (a *archiveReader) readEntries(ctx context.Context, pr *progress, open func(Entry) (io.WriteCloser, error)) (int, error) {
	buf := make([]byte, copyBuf)
	checked := 0
	dataEnd := a.count.n
	for i := 0; ; i++ {
		h, err := a.tr.Next()
		if err == io.EOF {
			if i < len(a.manifest.Entries) {
				return checked, refuse("it is cut short: %d of %d entries are missing", len(a.manifest.Entries)-i, len(a.manifest.Entries))
			}
			// Go's tar reader takes a file that stops right after an entry
			// for a complete one; a whole backup ends with two zero blocks.
			if a.count.n < (dataEnd+511)/512*512+1024 {
				return checked, refuse("it is cut short: its end marker is missing")
			}
			break
		}
		if err != nil {
			if ctx.Err() != nil {
				return checked, ctx.Err()
			}
			return checked, refuse("it is cut short or damaged (%v)", readErr(err))
		}
		if i >= len(a.manifest.Entries) {
			return checked, refuse("it holds %q, which its manifest does not list", h.Name)
		}
		e := a.manifest.Entries[i]
		if h.Name != e.Path || h.Typeflag != tar.TypeReg || h.Size != e.Size || !safeName(h.Name) {
			return checked, refuse("entry %q does not match its manifest (expected %s)", h.Name, e.Path)
		}
		var dst io.WriteCloser = nopWriteCloser{io.Discard}
		if open != nil {
			if dst, err = open(e); err != nil {
				return checked, err
			}
		}
		hs := sha256.New()
		n, err := io.CopyBuffer(io.MultiWriter(dst, hs, countingWriter{pr}), a.tr, buf)
		cerr := dst.Close()
		if err != nil {
			if ctx.Err() != nil {
				return checked, ctx.Err()
			}
			if w := writeFailed(err, "could not write %s", e.Path); w != nil {
				return checked, w
			}
			var pe *os.PathError
			if errors.As(err, &pe) {
				return checked, apperr.Wrap(err, apperr.Unavailable, "could not read the backup: %s", diskProblem(err))
			}
			return checked, refuse("it is cut short or damaged in %s (%v)", e.Path, readErr(err))
		}
		if cerr != nil {
			return checked, apperr.Wrap(cerr, apperr.Unavailable, "could not write %s: %s", e.Path, diskProblem(cerr))
		}
		if n != e.Size || hex.EncodeToString(hs.Sum(nil)) != e.SHA256 {
			return checked, refuse("%s does not match its recorded SHA-256: the backup was changed or damaged", e.Path)
		}
		checked++
		dataEnd = a.count.n
	}
	// The tar end marker is not the end of the gzip or age stream: read on,
	// so a cut or altered tail is found by their checks.
	if _, err := io.CopyBuffer(io.Discard, a.raw, buf); err != nil {
		if ctx.Err() != nil {
			return checked, ctx.Err()
		}
		return checked, refuse("its end is damaged (%v)", readErr(err))
	}
	return checked, nil
}

// readErr names a short read as what it is.
func readErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("the file ends too early")
	}
	return err
}

// safeName reports whether an entry name stays inside the folder it is
// extracted to: relative, clean, slash-separated.
func safeName(name string) bool {
	if name == "" || strings.ContainsAny(name, "\\:\x00") || strings.HasPrefix(name, "/") || path.Clean(name) != name {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// inspection summarises a manifest for the UI.
func inspection(p string, encrypted bool, m Manifest) Inspection {
	in := Inspection{Path: p, Encrypted: encrypted, AppVersion: m.AppVersion, SchemaVersion: m.SchemaVersion,
		CreatedAt: m.CreatedAt, Files: max(len(m.Entries)-1, 0), TotalBytes: m.TotalBytes,
		Embeddings: m.Embeddings, Providers: m.Providers, Secrets: orEmpty(m.Secrets)}
	if in.Embeddings == nil {
		in.Embeddings = []EmbeddingUse{}
	}
	if in.Providers == nil {
		in.Providers = []ProviderKey{}
	}
	in.Problem = schemaProblem(m)
	in.Compatible = in.Problem == ""
	return in
}

// Inspect reads a backup's manifest only: quick, for the UI to show what
// the file is before a full check. An encrypted backup without a passphrase
// comes back with NeedsPassphrase.
func (s *Service) Inspect(ctx context.Context, p, passphrase string) (Inspection, error) {
	a, err := openArchive(ctx, p, passphrase)
	if err == errNeedPassphrase {
		return Inspection{Path: p, Encrypted: true, NeedsPassphrase: true, Embeddings: []EmbeddingUse{}, Providers: []ProviderKey{}, Secrets: []string{}}, nil
	}
	if err != nil {
		return Inspection{}, err
	}
	defer a.Close()
	return inspection(p, a.encrypted, a.manifest), nil
}

// Verify reads the whole backup and checks every entry's hash and the
// schema version, writing nothing.
func (s *Service) Verify(ctx context.Context, p, passphrase string) (Verification, error) {
	ctx, end, err := s.begin(ctx, "check")
	if err != nil {
		return Verification{}, err
	}
	defer end()
	s.removeLeftovers()
	a, err := openArchive(ctx, p, passphrase)
	if err != nil {
		return Verification{}, err
	}
	defer a.Close()
	v := Verification{Manifest: inspection(p, a.encrypted, a.manifest), Bytes: a.manifest.TotalBytes}
	if !v.Manifest.Compatible {
		return v, refuse("%s", v.Manifest.Problem)
	}
	pr := s.newProgress("verify", a.manifest.TotalBytes)
	pr.setStage("verify")
	// The database is kept in a temporary file for its own checks; stored
	// files are only hashed.
	parent := filepath.Dir(s.dataDir)
	os.MkdirAll(parent, 0o700)
	tmpDB, err := tempName(parent, filepath.Base(s.dataDir)+".check-*.db")
	if err != nil {
		return v, apperr.Wrap(err, apperr.Unavailable, "could not create a temporary file beside %s: %s", s.dataDir, diskProblem(err))
	}
	defer os.Remove(tmpDB)
	v.Checked, err = a.readEntries(ctx, pr, func(e Entry) (io.WriteCloser, error) {
		if e.Path != dbName {
			return nopWriteCloser{io.Discard}, nil
		}
		f, err := os.OpenFile(tmpDB, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, apperr.Wrap(err, apperr.Unavailable, "could not write a temporary file: %s", diskProblem(err))
		}
		return f, nil
	})
	if err == nil {
		pr.setStage("check")
		err = checkDB(ctx, tmpDB, a.manifest)
	}
	if err != nil {
		pr.finish(failStage(err))
		return v, wrapCanceled(err, "the check was cancelled")
	}
	pr.finish("done")
	v.OK = true
	return v, nil
}

// checkDB checks a database extracted from a backup: readable, not
// damaged, and of the schema its manifest claims.
func checkDB(ctx context.Context, p string, m Manifest) error {
	fc, err := store.CheckFile(ctx, p)
	if err != nil {
		return refuse("its database cannot be read (%v)", err)
	}
	if fc.Integrity != "ok" {
		return refuse("its database is damaged (%s)", fc.Integrity)
	}
	if fc.SchemaVersion != m.SchemaVersion {
		return refuse("its database has schema %d but its manifest says %d", fc.SchemaVersion, m.SchemaVersion)
	}
	return nil
}

func failStage(err error) string {
	if errors.Is(err, context.Canceled) {
		return "canceled"
	}
	return "failed"
}

func wrapCanceled(err error, msg string) error {
	if errors.Is(err, context.Canceled) && apperr.CodeOf(err) != apperr.Canceled {
		return apperr.Wrap(err, apperr.Canceled, "%s", msg)
	}
	return err
}
