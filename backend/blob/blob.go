// Package blob is the content-addressed file store of a data dir: every file
// (document, chat image, archive) is kept once under files/, named by the
// SHA-256 of its bytes, so the same content added twice is stored once and
// recognised by its hash.
package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"bookbag/backend/apperr"
)

// DirName is the folder inside the data dir that holds the files.
const DirName = "files"

// DefaultMaxSize bounds one file (512 MiB): larger inputs are refused before
// they fill the disk.
const DefaultMaxSize int64 = 512 << 20

// Options tune New. The zero value is what the app uses.
type Options struct {
	MaxSize int64 // largest accepted file in bytes; DefaultMaxSize when 0
}

// Store keeps files under dir/ab/cd/<sha256>. It is safe for concurrent use:
// writes go to a temporary file and are renamed into place, so a reader never
// sees a half-written file and two writers of the same content both succeed.
type Store struct {
	dir     string
	maxSize int64
	// mu orders Put's last step (place or touch the file) against Sweep's
	// check-and-delete, so a sweep never removes a file a Put just returned.
	mu sync.Mutex
}

// Ref names a stored file.
type Ref struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// New opens (creating if needed) the store in dataDir/files.
func New(dataDir string, opts Options) (*Store, error) {
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	dir := filepath.Join(dataDir, DirName)
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o700); err != nil {
		return nil, fmt.Errorf("create blob dir: %w", err)
	}
	return &Store{dir: dir, maxSize: opts.MaxSize}, nil
}

// MaxSize is the largest file the store accepts.
func (s *Store) MaxSize() int64 { return s.maxSize }

// Put stores everything r yields and returns its hash. Inputs larger than
// MaxSize are refused with apperr.Invalid and leave nothing behind.
func (s *Store) Put(ctx context.Context, r io.Reader) (Ref, error) {
	tmp, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "put-*")
	if err != nil {
		return Ref{}, fmt.Errorf("create temp file: %w", err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // no-op once renamed
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), &ctxReader{ctx: ctx, r: io.LimitReader(r, s.maxSize+1)})
	if err == nil && n > s.maxSize {
		err = apperr.New(apperr.Invalid, "file too large (the limit is %d MB)", s.maxSize>>20)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return Ref{}, fmt.Errorf("write blob: %w", err)
	}
	ref := Ref{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}
	final := s.path(ref.SHA256)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := os.Stat(final); err == nil {
		// Same content already stored: mark it as just written, so a sweep of
		// files older than this run leaves it for the row about to name it.
		now := time.Now()
		if err := os.Chtimes(final, now, now); err != nil {
			return Ref{}, fmt.Errorf("touch blob: %w", err)
		}
		return ref, nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return Ref{}, fmt.Errorf("create blob shard: %w", err)
	}
	if err := os.Rename(tmpName, final); err != nil {
		return Ref{}, fmt.Errorf("store blob: %w", err)
	}
	return ref, nil
}

// PutBytes stores b.
func (s *Store) PutBytes(ctx context.Context, b []byte) (Ref, error) {
	return s.Put(ctx, bytes.NewReader(b))
}

// PutFile stores a copy of the file at path. Folders and missing files are
// refused with apperr.Invalid / apperr.NotFound.
func (s *Store) PutFile(ctx context.Context, path string) (Ref, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Ref{}, apperr.Wrap(err, apperr.NotFound, "file %s not found", filepath.Base(path))
	}
	if err != nil {
		return Ref{}, fmt.Errorf("stat file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return Ref{}, apperr.New(apperr.Invalid, "%s is not a regular file", filepath.Base(path))
	}
	if fi.Size() > s.maxSize {
		return Ref{}, apperr.New(apperr.Invalid, "file too large (the limit is %d MB)", s.maxSize>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		return Ref{}, fmt.Errorf("open file: %w", err)
	}
	defer f.Close()
	return s.Put(ctx, f)
}

// Open opens the stored file with hash sum for reading.
func (s *Store) Open(sum string) (*os.File, error) {
	p, err := s.Path(sum)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, apperr.Wrap(err, apperr.NotFound, "stored file %s not found", short(sum))
	}
	if err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	return f, nil
}

// Path returns where the file with hash sum lives (it may not exist).
func (s *Store) Path(sum string) (string, error) {
	if !ValidSum(sum) {
		return "", apperr.New(apperr.Invalid, "invalid file hash %q", sum)
	}
	return s.path(sum), nil
}

// Has reports whether a file with hash sum is stored.
func (s *Store) Has(sum string) (bool, error) {
	p, err := s.Path(sum)
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("stat blob: %w", err)
	}
	return true, nil
}

// Delete removes the file with hash sum; a missing file is not an error.
// Callers own reference counting: the store does not know who uses a file.
func (s *Store) Delete(sum string) error {
	p, err := s.Path(sum)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete blob: %w", err)
	}
	return nil
}

func (s *Store) path(sum string) string {
	return filepath.Join(s.dir, sum[0:2], sum[2:4], sum)
}

// ValidSum reports whether sum names a stored file: a lowercase hex
// SHA-256. The desktop, the sync protocol and the server all use this one.
func ValidSum(sum string) bool {
	if len(sum) != 64 || strings.ToLower(sum) != sum {
		return false
	}
	_, err := hex.DecodeString(sum)
	return err == nil
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

// ctxReader stops a long copy when ctx is cancelled.
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

// InUse reports whether a live row of some domain names the stored file sum.
type InUse func(ctx context.Context, sum string) (bool, error)

// RemoveUnused deletes each of the files (once, "" skipped) that inUse says
// no row names. A file whose use cannot be checked stays. It runs after the
// commit that dropped the rows: a crash in between leaves an unused file,
// never a row without its file.
func (s *Store) RemoveUnused(ctx context.Context, sums []string, inUse InUse) error {
	seen := map[string]bool{}
	var errs []error
	for _, sum := range sums {
		if sum == "" || seen[sum] {
			continue
		}
		seen[sum] = true
		if used, err := inUse(ctx, sum); err != nil || used {
			if err != nil {
				errs = append(errs, err)
			}
			continue
		}
		if err := s.Delete(sum); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
