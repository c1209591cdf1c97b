package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"bookbag/backend/apperr"
)

// Beside the data dir <data>: <data>.restore-<time> is a staged restore,
// <data>.restore-pending names the one to swap in at the next start, and
// <data>.before-restore-<time> is a previous data dir kept aside.
const (
	stagedInfix = ".restore-"
	pendingName = ".restore-pending"
	asideInfix  = ".before-restore-"
	stampLayout = "20060102-150405"
)

// marker is the pending file's content.
type marker struct {
	Dir       string        `json:"dir"` // the staged folder's name, beside the data dir
	Source    string        `json:"source"`
	StagedAt  int64         `json:"stagedAt"`
	CreatedAt int64         `json:"createdAt"`
	Providers []ProviderKey `json:"providers"`
	Problem   string        `json:"problem,omitempty"` // why the last start did not swap it in
	Aside     string        `json:"aside,omitempty"`   // where the swap moved the data dir, once it has
}

// leftover matches, after the data dir's name, what a restore or a check
// killed half way leaves beside it: a staged folder (os.MkdirTemp's suffix)
// and a database being checked (os.CreateTemp's).
var leftover = regexp.MustCompile(`^(\.restore-\d{8}-\d{6}-\d+|\.check-\d+\.db)$`)

// removeLeftovers removes what a restore or a check killed half way left
// beside the data dir: staged folders the pending marker does not name,
// and databases being checked. The running app holds the data dir, so no
// other process is writing them.
func (s *Service) removeLeftovers() {
	mk, err := readMarker(s.dataDir)
	if err != nil {
		return // a damaged marker: which folder it meant is unknown, keep them all
	}
	parent, base := filepath.Dir(s.dataDir), filepath.Base(s.dataDir)
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		if name == mk.Dir || !strings.HasPrefix(name, base) || !leftover.MatchString(name[len(base):]) {
			continue
		}
		if p := filepath.Join(parent, name); e.IsDir() || e.Type().IsRegular() {
			if err := os.RemoveAll(p); err != nil {
				s.log.Warn("remove an unfinished restore", "path", p, "err", err)
			}
		}
	}
}

func pendingPath(dataDir string) string { return filepath.Clean(dataDir) + pendingName }

// Restore checks a backup in full and stages it beside the data dir; the
// next start swaps it in. A refused backup leaves nothing behind, and the
// live data dir is never touched here.
func (s *Service) Restore(ctx context.Context, src, passphrase string) (Pending, error) {
	ctx, end, err := s.begin(ctx, "restore")
	if err != nil {
		return Pending{}, err
	}
	defer end()
	s.removeLeftovers()
	pr := s.newProgress("restore", 0)
	p, err := s.stage(ctx, src, passphrase, pr)
	if err != nil {
		pr.finish(failStage(err))
		s.log.Warn("restore refused", "source", src, "err", err)
		return Pending{}, wrapCanceled(err, "the restore was cancelled; nothing was changed")
	}
	pr.finish("done")
	s.log.Info("restore staged", "source", src, "dir", p.Dir)
	return p, nil
}

func (s *Service) stage(ctx context.Context, src, passphrase string, pr *progress) (Pending, error) {
	a, err := openArchive(ctx, src, passphrase)
	if err != nil {
		return Pending{}, err
	}
	defer a.Close()
	m := a.manifest
	if problem := schemaProblem(m); problem != "" {
		return Pending{}, refuse("%s", problem)
	}
	pr.setTotal(m.TotalBytes)
	pr.setStage("verify")
	now := s.now()
	parent := filepath.Dir(s.dataDir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return Pending{}, apperr.Wrap(err, apperr.Unavailable, "could not create %s: %s", parent, diskProblem(err))
	}
	if free, ok := freeSpace(parent); ok && free < uint64(m.TotalBytes)+spareRoom {
		return Pending{}, apperr.New(apperr.Unavailable, "the restore needs %s beside %s and that disk has %s free: make room, then restore again",
			sizeWords(m.TotalBytes+spareRoom), s.dataDir, sizeWords(int64(free)))
	}
	dir, err := os.MkdirTemp(parent, filepath.Base(s.dataDir)+stagedInfix+now.Format(stampLayout)+"-")
	if err != nil {
		return Pending{}, apperr.Wrap(err, apperr.Unavailable, "could not create a folder beside %s: %s", s.dataDir, diskProblem(err))
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(dir)
		}
	}()
	_, err = a.readEntries(ctx, pr, func(e Entry) (io.WriteCloser, error) {
		p := filepath.Join(dir, filepath.FromSlash(e.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return nil, apperr.Wrap(err, apperr.Unavailable, "could not write %s: %s", e.Path, diskProblem(err))
		}
		f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, apperr.Wrap(err, apperr.Unavailable, "could not write %s: %s", e.Path, diskProblem(err))
		}
		return syncCloser{f}, nil
	})
	if err != nil {
		return Pending{}, err
	}
	pr.setStage("check")
	if err := checkDB(ctx, filepath.Join(dir, dbName), m); err != nil {
		return Pending{}, err
	}
	notice := Notice{Restored: true, Source: filepath.Base(src), CreatedAt: m.CreatedAt, AppVersion: m.AppVersion,
		Providers: orEmpty(m.Providers), Secrets: orEmpty(m.Secrets), Embeddings: orEmpty(m.Embeddings)}
	if err := writeJSON(filepath.Join(dir, noticeName), notice); err != nil {
		return Pending{}, err
	}
	mk := marker{Dir: filepath.Base(dir), Source: src, StagedAt: now.UnixMilli(), CreatedAt: m.CreatedAt, Providers: notice.Providers}
	old, _ := readMarker(s.dataDir)
	if err := writeJSON(pendingPath(s.dataDir), mk); err != nil {
		return Pending{}, err
	}
	if old.Dir != "" && old.Dir != mk.Dir {
		os.RemoveAll(filepath.Join(parent, old.Dir)) // an earlier staged restore, replaced
	}
	ok = true
	return s.pendingOf(mk), nil
}

// spareRoom is what a restore leaves free on the data dir's disk: filling it
// would stop the running app from saving (its database is on that disk).
const spareRoom = 64 << 20

// sizeWords writes a size the way a person reads it.
func sizeWords(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, units := float64(n)/unit, "KMGTPE"
	i := 0
	for ; v >= unit && i < len(units)-1; i++ {
		v /= unit
	}
	return fmt.Sprintf("%.1f %cB", v, units[i])
}

func (s *Service) pendingOf(mk marker) Pending {
	return Pending{Pending: true, Dir: filepath.Join(filepath.Dir(s.dataDir), mk.Dir), Source: mk.Source,
		StagedAt: mk.StagedAt, CreatedAt: mk.CreatedAt, Providers: orEmpty(mk.Providers), Problem: mk.Problem}
}

// Pending reports a staged restore waiting for the next start. A damaged
// marker is reported as a pending restore with a problem, so the card
// offers to cancel it.
func (s *Service) Pending() (Pending, error) {
	mk, err := readMarker(s.dataDir)
	if errors.Is(err, errDamagedMarker) {
		return Pending{Pending: true, Providers: []ProviderKey{},
			Problem: "the restore waiting for the next start was not saved whole (as after a power cut), so it cannot be swapped in: cancel it, then restore again"}, nil
	}
	if err != nil || mk.Dir == "" {
		return Pending{Providers: []ProviderKey{}}, err
	}
	return s.pendingOf(mk), nil
}

// CancelPending drops a staged restore: the marker, then its folder.
func (s *Service) CancelPending() error {
	mk, err := readMarker(s.dataDir)
	if errors.Is(err, errDamagedMarker) {
		// The folder it named is removed by the next restore or check.
		if err := os.Remove(pendingPath(s.dataDir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return apperr.Wrap(err, apperr.Unavailable, "could not cancel the restore: %s", diskProblem(err))
		}
		return nil
	}
	if err != nil || mk.Dir == "" {
		return err
	}
	if err := os.Remove(pendingPath(s.dataDir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return apperr.Wrap(err, apperr.Unavailable, "could not cancel the restore")
	}
	if err := os.RemoveAll(filepath.Join(filepath.Dir(s.dataDir), mk.Dir)); err != nil {
		return apperr.Wrap(err, apperr.Unavailable, "could not remove the staged restore")
	}
	return nil
}

// Swap is what ApplyPending did.
type Swap struct {
	Applied  bool
	AsideDir string // the previous data dir, kept; "" when there was none
	Source   string
}

// ApplyPending swaps a staged restore in, if one is pending and no other
// BookBag holds the data dir (ErrDataDirInUse: it stays pending): the data dir
// is renamed to <data>.before-restore-<time> and the staged folder to the
// data dir. It runs at start before anything opens a file in the data dir
// (the log, the database), so the renames work on every OS. Each step can
// be repeated after a crash: a missing data dir means the first rename
// happened; a missing staged folder means both did.
func ApplyPending(dataDir string, now time.Time) (Swap, error) {
	return ApplyPendingWait(dataDir, now, 0)
}

// ApplyPendingWait is ApplyPending waiting up to wait for another BookBag
// to let go of the data dir: a restart on Windows starts the new process
// before the old one has quit.
func ApplyPendingWait(dataDir string, now time.Time, wait time.Duration) (Swap, error) {
	return applyPending(dataDir, now, wait, os.Rename)
}

// IncompleteSwapError: the data dir was moved aside, the restored folder
// could not take its place and the data could not be moved back either, so
// there is no data dir. Nothing is lost; the app must not start on a fresh,
// empty one (the next start tries the swap again).
type IncompleteSwapError struct {
	DataDir, Aside, Staged string
	Err                    error
}

func (e *IncompleteSwapError) Error() string {
	where := "is in " + e.Aside
	if e.Aside == "" {
		where = "was moved aside"
	}
	return fmt.Sprintf("A restored backup could not be moved into place (%v), and the data it was to replace could not be moved back. "+
		"Nothing is lost: the previous data %s, the restored backup is in %s. BookBag tries again at its next start; "+
		"if it keeps failing, quit BookBag and rename one of the two folders to %s.", e.Err, where, e.Staged, e.DataDir)
}

func (e *IncompleteSwapError) Unwrap() error { return e.Err }

// applyPending is ApplyPendingWait with the rename to use (tests make it fail).
func applyPending(dataDir string, now time.Time, wait time.Duration, rename func(oldpath, newpath string) error) (Swap, error) {
	dataDir = realDir(filepath.Clean(dataDir))
	mk, err := readMarker(dataDir)
	if err != nil || mk.Dir == "" {
		return Swap{}, err
	}
	sw, err := swap(dataDir, &mk, now, wait, rename)
	if err != nil {
		// The restore card says why the restart did not bring the backup
		// back; the next start tries again.
		mk.Problem = "the last start could not swap it in: " + err.Error()
		if errors.Is(err, ErrDataDirInUse) {
			mk.Problem = "the last start could not swap it in: another BookBag was still using the data folder. Quit every BookBag window, then start BookBag again."
		}
		writeJSON(pendingPath(dataDir), mk)
	}
	return sw, err
}

// swap does the two renames of ApplyPendingWait for the marker mk. Where
// the data dir goes is written to the marker before it moves, so a start
// that finishes the swap after a crash or a failure still knows it.
func swap(dataDir string, mk *marker, now time.Time, wait time.Duration, rename func(oldpath, newpath string) error) (Swap, error) {
	parent := filepath.Dir(dataDir)
	staged := filepath.Join(parent, mk.Dir)
	sw := Swap{Source: mk.Source}
	if _, err := os.Stat(staged); err != nil {
		// Both renames happened before a crash, or the folder was removed.
		return sw, clearMarker(dataDir)
	}
	if mk.Aside != "" && exists(filepath.Join(parent, mk.Aside)) {
		sw.AsideDir = filepath.Join(parent, mk.Aside) // moved by an earlier start
	}
	if _, err := os.Stat(dataDir); err == nil {
		// Not under a running BookBag. The lock is let go before the renames:
		// Windows cannot rename a folder with a file open in it.
		l, err := HoldDataDir(dataDir)
		for deadline := time.Now().Add(wait); errors.Is(err, ErrDataDirInUse) && time.Now().Before(deadline); {
			time.Sleep(100 * time.Millisecond)
			l, err = HoldDataDir(dataDir)
		}
		if err != nil {
			return sw, err
		}
		l.Close()
		aside := dataDir + asideInfix + now.Format(stampLayout)
		for i := 2; exists(aside); i++ {
			aside = fmt.Sprintf("%s%s%s-%d", dataDir, asideInfix, now.Format(stampLayout), i)
		}
		mk.Aside = filepath.Base(aside)
		if err := writeJSON(pendingPath(dataDir), mk); err != nil {
			return sw, err
		}
		if err := rename(dataDir, aside); err != nil {
			return sw, fmt.Errorf("move data dir aside: %w", err)
		}
		sw.AsideDir = aside
	}
	if err := rename(staged, dataDir); err != nil {
		if sw.AsideDir == "" {
			return Swap{}, &IncompleteSwapError{DataDir: dataDir, Staged: staged, Err: err}
		}
		if rename(sw.AsideDir, dataDir) != nil { // put the old data back: it is still whole
			return Swap{}, &IncompleteSwapError{DataDir: dataDir, Aside: sw.AsideDir, Staged: staged, Err: err}
		}
		mk.Aside = ""
		return Swap{}, fmt.Errorf("swap in restored data: %w", err)
	}
	sw.Applied = true
	// The notice shown after the restart learns where the old data went.
	var n Notice
	if b, err := os.ReadFile(filepath.Join(dataDir, noticeName)); err == nil && json.Unmarshal(b, &n) == nil {
		n.AsideDir, n.RestoredAt = sw.AsideDir, now.UnixMilli()
		writeJSON(filepath.Join(dataDir, noticeName), n)
	}
	return sw, clearMarker(dataDir)
}

// Notice is the report of the last restore, until DismissNotice.
func (s *Service) Notice() (Notice, error) {
	b, err := os.ReadFile(filepath.Join(s.dataDir, noticeName))
	if errors.Is(err, fs.ErrNotExist) {
		return Notice{Providers: []ProviderKey{}, Secrets: []string{}, Embeddings: []EmbeddingUse{}}, nil
	}
	if err != nil {
		return Notice{}, fmt.Errorf("read restore notice: %w", err)
	}
	var n Notice
	if err := json.Unmarshal(b, &n); err != nil {
		return Notice{Providers: []ProviderKey{}, Secrets: []string{}, Embeddings: []EmbeddingUse{}}, nil
	}
	n.Providers, n.Secrets, n.Embeddings = orEmpty(n.Providers), orEmpty(n.Secrets), orEmpty(n.Embeddings)
	return n, nil
}

// DismissNotice forgets the last restore's report.
func (s *Service) DismissNotice() error {
	if err := os.Remove(filepath.Join(s.dataDir, noticeName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove restore notice: %w", err)
	}
	return nil
}

// errDamagedMarker: the pending marker is not whole (a power cut as it was
// written); which staged folder it named is unknown.
var errDamagedMarker = errors.New("the file is damaged")

func readMarker(dataDir string) (marker, error) {
	var mk marker
	b, err := os.ReadFile(pendingPath(dataDir))
	if errors.Is(err, fs.ErrNotExist) {
		return mk, nil
	}
	if err != nil {
		return mk, fmt.Errorf("read pending restore: %w", err)
	}
	if err := json.Unmarshal(b, &mk); err != nil || mk.Dir == "" || filepath.Base(mk.Dir) != mk.Dir {
		return marker{}, fmt.Errorf("read pending restore %s: %w", pendingPath(dataDir), errDamagedMarker)
	}
	return mk, nil
}

func clearMarker(dataDir string) error {
	if err := os.Remove(pendingPath(dataDir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("clear pending restore: %w", err)
	}
	return nil
}

// writeJSON writes v to p through a temporary file and a rename, so a
// reader never sees half of it; the file is on disk before the rename, so
// a power cut cannot leave an empty marker that names no restore.
func writeJSON(p string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", filepath.Base(p), err)
	}
	tmp := p + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err == nil {
		_, err = f.Write(b)
		err = errors.Join(err, f.Sync(), f.Close())
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err == nil {
		syncDir(filepath.Dir(p))
	}
	if err != nil {
		os.Remove(tmp)
		return apperr.Wrap(err, apperr.Unavailable, "could not write %s: %s", p, diskProblem(err))
	}
	return nil
}

func exists(p string) bool { _, err := os.Lstat(p); return err == nil }

// orEmpty is s, or an empty list for nil (JSON [] for the UI, not null).
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// syncCloser flushes a restored file to disk before closing it: the staged
// folder must survive a power cut between staging and the swap.
type syncCloser struct{ f *os.File }

func (s syncCloser) Write(b []byte) (int, error) { return s.f.Write(b) }
func (s syncCloser) Close() error {
	err := s.f.Sync()
	return errors.Join(err, s.f.Close())
}
