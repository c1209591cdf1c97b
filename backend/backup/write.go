package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
)

// copyBuf is the size of one read while streaming an entry.
const copyBuf = 1 << 20

// A backup being written is <dst>.bookbag-partial, its database snapshot
// <dst>.bookbag-partial.db: names no other program uses, so cleaning up
// after a killed backup touches nothing else in the folder.
const (
	partialSuffix  = ".bookbag-partial"
	snapshotSuffix = ".db"
)

// FileName is a backup's suggested name for a time and options.
func FileName(t time.Time, opts Options) string {
	return "bookbag-backup-" + t.Format(stampLayout) + fileSuffix(opts)
}

// autoFileName is a scheduled backup's name: "auto" and the install's tag
// (see Service.installTag) so retention only ever deletes its own files,
// even in a folder another BookBag backs up into.
func autoFileName(t time.Time, opts Options, tag string) string {
	return "bookbag-backup-auto-" + tag + "-" + t.Format(stampLayout) + fileSuffix(opts)
}

// fileSuffix says what the file is: a tar, gzip'd, age-encrypted.
func fileSuffix(opts Options) string {
	name := ".tar"
	if opts.Compress {
		name += ".gz"
	}
	if opts.Passphrase != "" {
		name += ".age"
	}
	return name
}

// Backup writes a backup of the data dir to path, which must not exist. It
// is written to path+partialSuffix and renamed when complete, so a failed or
// cancelled backup leaves nothing behind (and what a killed one left, the
// next backup into that folder removes).
func (s *Service) Backup(ctx context.Context, dst string, opts Options) (Result, error) {
	return s.backup(ctx, dst, opts, false)
}

// BackupReplacing is Backup to a path the user chose to replace (the save
// dialog asked): a file there is replaced by the rename that completes the
// new backup, so a failed or cancelled backup leaves it as it was.
func (s *Service) BackupReplacing(ctx context.Context, dst string, opts Options) (Result, error) {
	return s.backup(ctx, dst, opts, true)
}

func (s *Service) backup(ctx context.Context, dst string, opts Options, replace bool) (Result, error) {
	if err := s.needDB(); err != nil {
		return Result{}, err
	}
	ctx, end, err := s.begin(ctx, "backup")
	if err != nil {
		return Result{}, err
	}
	defer end()
	started := time.Now()
	pr := s.newProgress("backup", 0)
	res, err := s.write(ctx, dst, opts, replace, pr)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			pr.finish("canceled")
			return Result{}, apperr.Wrap(err, apperr.Canceled, "the backup was cancelled; nothing was written")
		}
		pr.finish("failed")
		s.log.Warn("backup failed", "err", err)
		return Result{}, err
	}
	res.TookMs = time.Since(started).Milliseconds()
	pr.finish("done")
	s.log.Info("backup written", "path", res.Path, "bytes", res.Bytes, "files", res.Files, "encrypted", res.Encrypted, "ms", res.TookMs)
	return res, nil
}

func (s *Service) write(ctx context.Context, dst string, opts Options, replace bool, pr *progress) (Result, error) {
	dst = filepath.Clean(dst)
	if fi, err := os.Lstat(dst); err == nil {
		switch {
		case !replace:
			return Result{}, apperr.New(apperr.Conflict, "%s already exists", dst)
		case !fi.Mode().IsRegular():
			// A rename over a folder fails; over a link it would replace the
			// link, not the file the user saw.
			return Result{}, apperr.New(apperr.Invalid, "%s is not a file: choose another name for the backup", dst)
		}
	}
	dir := filepath.Dir(dst)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return Result{}, apperr.New(apperr.Unavailable, "the folder %s is not there (is its drive connected?)", dir)
	}
	if err := s.outsideDataDir(dir); err != nil {
		return Result{}, err
	}
	removeUnfinished(dir)
	created := s.now()

	// The unfinished file is held locked until it is complete, so the next
	// backup into this folder can tell one a killed app left behind.
	partial := dst + partialSuffix
	f, err := os.OpenFile(partial, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return Result{}, apperr.Wrap(err, apperr.Unavailable, "could not create %s: %s", partial, diskProblem(err))
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(partial)
		}
	}()
	if err := lockFile(f); err != nil {
		return Result{}, apperr.Wrap(err, apperr.Unavailable, "could not lock %s", partial)
	}

	// The snapshot goes beside the destination: that disk has to hold the
	// backup anyway, and a tmpfs /tmp may be too small for the database.
	pr.setStage("snapshot")
	snap := partial + snapshotSuffix
	defer os.Remove(snap)
	if err := s.deps.DB.Snapshot(ctx, snap); err != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		return Result{}, apperr.Wrap(err, apperr.Unavailable, "could not copy the database into %s (is the disk full?)", dir)
	}
	dbEntry, err := hashFile(ctx, snap, dbName)
	if err != nil {
		return Result{}, err
	}
	files, err := listFiles(ctx, filepath.Join(s.dataDir, blob.DirName))
	if err != nil {
		return Result{}, err
	}
	m, err := s.manifest(ctx, created, append([]Entry{dbEntry}, files...))
	if err != nil {
		return Result{}, err
	}
	pr.setTotal(m.TotalBytes)
	pr.setStage("files")

	sink := &countingFile{w: f}
	bw := bufio.NewWriterSize(sink, copyBuf)
	var w io.Writer = bw
	var enc io.WriteCloser
	if opts.Passphrase != "" {
		r, err := age.NewScryptRecipient(opts.Passphrase)
		if err != nil {
			return Result{}, apperr.Wrap(err, apperr.Invalid, "unusable passphrase")
		}
		if s.deps.ScryptLogN > 0 {
			r.SetWorkFactor(s.deps.ScryptLogN)
		}
		if enc, err = age.Encrypt(w, r); err != nil {
			return Result{}, fmt.Errorf("start encryption: %w", err)
		}
		w = enc
	}
	var gz *gzip.Writer
	if opts.Compress {
		gz, _ = gzip.NewWriterLevel(w, gzip.BestSpeed) // the level is valid
		w = gz
	}
	tw := tar.NewWriter(w)
	mj, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return Result{}, fmt.Errorf("encode manifest: %w", err)
	}
	if err := writeEntry(tw, manifestName, int64(len(mj)), created, bytesReader(mj)); err != nil {
		return Result{}, orWriteFailed(err, dir)
	}
	buf := make([]byte, copyBuf)
	for _, e := range m.Entries {
		src := snap
		if e.Path != dbName {
			src = filepath.Join(s.dataDir, filepath.FromSlash(e.Path))
		}
		if err := copyEntry(ctx, tw, e, src, created, buf, pr); err != nil {
			return Result{}, orWriteFailed(err, dir)
		}
	}
	closers := []func() error{tw.Close}
	if gz != nil {
		closers = append(closers, gz.Close)
	}
	if enc != nil {
		closers = append(closers, enc.Close)
	}
	closers = append(closers, bw.Flush, f.Sync, f.Close)
	for _, c := range closers {
		if err := c(); err != nil {
			return Result{}, apperr.Wrap(err, apperr.Unavailable, "could not finish writing the backup in %s: %s", dir, diskProblem(err))
		}
	}
	if err := os.Rename(partial, dst); err != nil {
		return Result{}, apperr.Wrap(err, apperr.Unavailable, "could not move the backup into place: %s", diskProblem(err))
	}
	syncDir(dir) // the new name on disk before retention deletes an older backup
	ok = true
	return Result{Path: dst, Bytes: sink.n, Files: len(files), Encrypted: opts.Passphrase != "",
		CreatedAt: m.CreatedAt, Providers: m.Providers}, nil
}

// orWriteFailed names a failed write of the backup file as such (the
// copy's own errors name the entry being copied), else returns err.
func orWriteFailed(err error, dir string) error {
	if w := writeFailed(err, "could not write the backup in %s", dir); w != nil {
		return w
	}
	return err
}

// manifest describes what the backup will hold.
func (s *Service) manifest(ctx context.Context, created time.Time, entries []Entry) (Manifest, error) {
	m := Manifest{Format: Format, Version: Version, AppVersion: s.deps.AppVersion, CreatedAt: created.UnixMilli(),
		Embeddings: []EmbeddingUse{}, Providers: []ProviderKey{}, Secrets: []string{}, Entries: entries}
	v, err := s.deps.DB.SchemaVersion(ctx)
	if err != nil {
		return m, fmt.Errorf("read schema version: %w", err)
	}
	m.SchemaVersion = v
	if s.deps.Providers != nil {
		if m.Providers, err = s.deps.Providers.NeedKeys(ctx); err != nil {
			return m, fmt.Errorf("list providers: %w", err)
		}
	}
	if m.Secrets, err = s.needSecrets(ctx); err != nil {
		return m, err
	}
	if s.deps.Embeddings != nil {
		if m.Embeddings, err = s.deps.Embeddings.InUse(ctx); err != nil {
			return m, fmt.Errorf("list embedding models: %w", err)
		}
	}
	for _, e := range entries {
		m.TotalBytes += e.Size
	}
	return m, nil
}

// listFiles lists the stored files (ab/cd/<sha256> under dir) as entries;
// their names are their hashes, checked again as they are copied.
func listFiles(ctx context.Context, dir string) ([]Entry, error) {
	var out []Entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d.IsDir() {
			if d.Name() == "tmp" && filepath.Dir(p) == dir {
				return filepath.SkipDir // half-written uploads
			}
			return nil
		}
		if !d.Type().IsRegular() || !blob.ValidSum(d.Name()) {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		name := path.Join(filesDir, filepath.ToSlash(rel))
		if name != blobPath(d.Name()) {
			return nil // not where the store keeps it
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, Entry{Path: name, Size: fi.Size(), SHA256: d.Name()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list stored files: %w", err)
	}
	return out, nil
}

// blobPath is where a stored file with hash sum sits in the archive.
func blobPath(sum string) string { return path.Join(filesDir, sum[0:2], sum[2:4], sum) }

// copyEntry streams one file into the archive, checking that it is still
// the size and content the manifest promised.
func copyEntry(ctx context.Context, tw *tar.Writer, e Entry, src string, mod time.Time, buf []byte, pr *progress) error {
	f, err := os.Open(src)
	if err != nil {
		return apperr.Wrap(err, apperr.Unavailable, "could not read %s (was it removed while backing up? try again)", e.Path)
	}
	defer f.Close()
	if err := tw.WriteHeader(header(e.Path, e.Size, mod)); err != nil {
		return fmt.Errorf("write %s: %w", e.Path, err)
	}
	h := sha256.New()
	r := io.TeeReader(io.LimitReader(&ctxReader{ctx: ctx, r: f}, e.Size), io.MultiWriter(h, countingWriter{pr}))
	n, err := io.CopyBuffer(tw, r, buf)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("write %s: %w", e.Path, err)
	}
	if n != e.Size || hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
		return apperr.New(apperr.Internal, "stored file %s is damaged: its content no longer matches its hash", e.Path)
	}
	return nil
}

func writeEntry(tw *tar.Writer, name string, size int64, mod time.Time, r io.Reader) error {
	if err := tw.WriteHeader(header(name, size, mod)); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if _, err := io.Copy(tw, r); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

func header(name string, size int64, mod time.Time) *tar.Header {
	return &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: mod.Truncate(time.Second), Format: tar.FormatPAX}
}

// hashFile makes the entry of a file on disk.
func hashFile(ctx context.Context, p, name string) (Entry, error) {
	f, err := os.Open(p)
	if err != nil {
		return Entry{}, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.CopyBuffer(h, &ctxReader{ctx: ctx, r: f}, make([]byte, copyBuf))
	if err != nil {
		return Entry{}, fmt.Errorf("hash %s: %w", name, err)
	}
	return Entry{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// outsideDataDir refuses a backup folder inside the data dir: a restore
// moves such a backup aside with the old data, and removing that folder in
// Settings deletes it.
func (s *Service) outsideDataDir(dir string) error {
	real := func(p string) string {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r
		}
		return filepath.Clean(p)
	}
	rel, err := filepath.Rel(real(s.dataDir), real(dir))
	if err == nil && (rel == "." || rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))) {
		return apperr.New(apperr.Invalid, "choose a folder outside BookBag's data folder (%s): a restore moves what is in it aside with the old data", s.dataDir)
	}
	return nil
}

// syncDir flushes a folder's entries (a rename) to disk where the OS can;
// Windows cannot sync a folder, and its renames are journaled anyway.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// removeUnfinished removes what killed backups left in dir: unfinished
// files no process holds locked (a running backup holds its own), and
// snapshots whose unfinished file is gone.
func removeUnfinished(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		p := filepath.Join(dir, name)
		switch {
		case !e.Type().IsRegular():
		case strings.HasSuffix(name, partialSuffix):
			f, err := os.Open(p)
			if err != nil {
				continue
			}
			err = lockFile(f)
			f.Close() // before the removal: Windows removes no open file
			if err == nil {
				os.Remove(p)
				os.Remove(p + snapshotSuffix)
			}
		case strings.HasSuffix(name, partialSuffix+snapshotSuffix):
			if !exists(strings.TrimSuffix(p, snapshotSuffix)) {
				os.Remove(p)
			}
		}
	}
}

// tempName returns a fresh unused file name in dir.
func tempName(dir, pattern string) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	return name, os.Remove(name)
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// countingFile counts what reaches the file.
type countingFile struct {
	w io.Writer
	n int64
}

func (c *countingFile) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// needSecrets lists the secrets kept in the keychain that a restore
// elsewhere needs entered again: the other domains' (Deps.Others) and the
// scheduled backups' passphrase when they are encrypted.
func (s *Service) needSecrets(ctx context.Context) ([]string, error) {
	out := []string{}
	if s.deps.Others != nil {
		more, err := s.deps.Others.NeedSecrets(ctx)
		if err != nil {
			return nil, fmt.Errorf("list secrets: %w", err)
		}
		out = append(out, more...)
	}
	sc, err := s.readSchedule(ctx)
	if err != nil {
		return nil, fmt.Errorf("list secrets: %w", err)
	}
	if sc.Encrypt {
		out = append(out, "the passphrase of scheduled backups (Settings → Backup & restore)")
	}
	return out, nil
}
