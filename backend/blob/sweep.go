package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Named lists the hashes of every stored file some live row names, read in
// one pass per domain (a per-file InUse check would scan messages once per
// file).
type Named func(ctx context.Context) (map[string]bool, error)

// Swept is what a sweep found and removed.
type Swept struct {
	Files        int   // stored files looked at
	Removed      int   // unnamed files deleted
	RemovedBytes int64 // their size
	Temp         int   // leftover temporary files deleted
}

// Sweep deletes stored files no row names and that were last written before
// before, and temporary files left by writes interrupted before then. They
// are what a crash leaves: a file stored before the transaction naming it
// committed (an import cut short), or one whose rows went but whose removal
// did not run. Passing the start of this run as before keeps every file a
// running job may still be about to name: Put marks a file it stores again
// as just written. Each candidate is checked again with inUse just before it
// goes, under the lock Put takes, so a row committed during the sweep keeps
// its file.
func (s *Store) Sweep(ctx context.Context, before time.Time, named Named, inUse InUse) (Swept, error) {
	var out Swept
	names, err := named(ctx)
	if err != nil {
		return out, fmt.Errorf("list named files: %w", err)
	}
	var candidates []string
	err = filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == filepath.Join(s.dir, "tmp") {
				return filepath.SkipDir
			}
			return ctx.Err()
		}
		sum := d.Name()
		if !ValidSum(sum) {
			return nil // not ours (a stray file someone put here): left alone
		}
		out.Files++
		if !names[sum] && writtenBefore(path, before) {
			candidates = append(candidates, sum)
		}
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("list stored files: %w", err)
	}
	var errs []error
	for _, sum := range candidates {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		n, err := s.removeIfUnused(ctx, sum, before, inUse)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n >= 0 {
			out.Removed++
			out.RemovedBytes += n
		}
	}
	out.Temp, err = s.sweepTemp(before)
	errs = append(errs, err)
	return out, errors.Join(errs...)
}

// removeIfUnused deletes one file if it is still old and unnamed, and
// returns its size (-1 when it stays).
func (s *Store) removeIfUnused(ctx context.Context, sum string, before time.Time, inUse InUse) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := s.path(sum)
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return -1, nil
	}
	if err != nil {
		return -1, fmt.Errorf("stat blob: %w", err)
	}
	if !fi.ModTime().Before(before) {
		return -1, nil
	}
	used, err := inUse(ctx, sum)
	if err != nil || used {
		return -1, err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return -1, fmt.Errorf("delete blob: %w", err)
	}
	return fi.Size(), nil
}

// sweepTemp removes temporary files older than before: an interrupted Put's
// (a running one's file is newer).
func (s *Store) sweepTemp(before time.Time) (int, error) {
	dir := filepath.Join(s.dir, "tmp")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("list temporary files: %w", err)
	}
	n := 0
	var errs []error
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() || !writtenBefore(p, before) {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("delete temporary file: %w", err))
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

func writtenBefore(path string, t time.Time) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.ModTime().Before(t)
}
