package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/secrets"
)

// Frequencies of scheduled backups.
const (
	Off    = "off"
	Daily  = "daily"
	Weekly = "weekly"
)

// checkEvery is how often the schedule looks whether a backup is due.
const checkEvery = time.Hour

// Settings keys (the store's device-local key-value settings).
const (
	keySchedule = "backup.schedule"
	keyLastAuto = "backup.last_auto"
)

// passphraseAccount is the keychain account of the scheduled backups'
// passphrase.
const passphraseAccount = "backup/schedule"

// minPassphrase is the shortest passphrase a scheduled backup takes (as
// the Back up now form asks).
const minPassphrase = 8

// Schedule is the scheduled-backup setting plus what the last run did.
// Scheduled backups are compressed, and encrypted when Encrypt is set: the
// passphrase is kept in the OS keychain (never in the database, a log or
// an answer), since a schedule runs with nobody there to type it.
type Schedule struct {
	Frequency string `json:"frequency"` // off | daily | weekly
	Folder    string `json:"folder"`
	Keep      int    `json:"keep"` // how many scheduled backups to keep, at least 1
	Encrypt   bool   `json:"encrypt"`
	// Passphrase is only ever sent to SetSchedule: a new one for encrypted
	// backups ("" keeps the one in the keychain). It is never stored here
	// nor returned.
	Passphrase string `json:"passphrase"`
	// Filled in when read:
	HasPassphrase bool   `json:"hasPassphrase"` // the keychain holds the passphrase
	LastRunAt     int64  `json:"lastRunAt"`     // last success, Unix ms
	LastPath      string `json:"lastPath"`
	LastError     string `json:"lastError"`
	LastErrorAt   int64  `json:"lastErrorAt"`
	NextRunAt     int64  `json:"nextRunAt"` // 0 when off
}

// storedSchedule is what the setting keeps: no passphrase, nothing read back.
type storedSchedule struct {
	Frequency string `json:"frequency"`
	Folder    string `json:"folder"`
	Keep      int    `json:"keep"`
	Encrypt   bool   `json:"encrypt"`
}

type lastRun struct {
	At      int64  `json:"at"`
	Path    string `json:"path"`
	Error   string `json:"error"`
	ErrorAt int64  `json:"errorAt"`
}

// autoName matches scheduled backups' file names: the install's tag
// (none before tags were added: those count as every install's own) and
// the time. Retention never looks at anything else in the folder.
var autoName = regexp.MustCompile(`^bookbag-backup-auto-(?:([0-9a-f]{8})-)?(\d{8}-\d{6})\.tar(\.gz)?(\.age)?$`)

// installTag tells this install's scheduled backups from another's in a
// shared folder: 8 hex digits of a hash of the device ID (a restore carries
// the device ID over, as it carries the device over).
func (s *Service) installTag() string {
	sum := sha256.Sum256([]byte(s.deps.DB.Identity().DeviceID))
	return hex.EncodeToString(sum[:4])
}

// GetSchedule returns the schedule and the last run.
func (s *Service) GetSchedule(ctx context.Context) (Schedule, error) {
	if err := s.needDB(); err != nil {
		return Schedule{}, err
	}
	sc, err := s.readSchedule(ctx)
	if err != nil {
		return sc, err
	}
	lr, err := s.lastRun(ctx)
	if err != nil {
		return sc, err
	}
	sc.LastRunAt, sc.LastPath, sc.LastError, sc.LastErrorAt = lr.At, lr.Path, lr.Error, lr.ErrorAt
	if sc.Encrypt {
		_, err := s.passphrase(ctx)
		sc.HasPassphrase = err == nil
	}
	if every := interval(sc.Frequency); every > 0 && sc.Folder != "" {
		sc.NextRunAt = max(nextRun(lr.At, every, s.now()), s.now().UnixMilli())
	}
	return sc, nil
}

// readSchedule is the stored setting with its defaults, read without the
// keychain (the hourly check and a backup's list of secrets must not wait
// on an unlock prompt).
func (s *Service) readSchedule(ctx context.Context) (Schedule, error) {
	var st storedSchedule
	if v, ok, err := s.deps.DB.GetSetting(ctx, keySchedule); err != nil {
		return Schedule{Frequency: Off, Keep: 7}, err
	} else if !ok || json.Unmarshal([]byte(v), &st) != nil {
		return Schedule{Frequency: Off, Keep: 7}, nil // none yet, or damaged: the default
	}
	return Schedule{Frequency: st.Frequency, Folder: st.Folder, Keep: st.Keep, Encrypt: st.Encrypt}, nil
}

// SetSchedule checks and stores the schedule.
func (s *Service) SetSchedule(ctx context.Context, sc Schedule) (Schedule, error) {
	if err := s.needDB(); err != nil {
		return Schedule{}, err
	}
	switch sc.Frequency {
	case Off, Daily, Weekly:
	default:
		return Schedule{}, apperr.New(apperr.Invalid, "unknown frequency %q", sc.Frequency)
	}
	if sc.Keep < 1 || sc.Keep > 1000 {
		return Schedule{}, apperr.New(apperr.Invalid, "keep between 1 and 1000 backups")
	}
	if sc.Frequency != Off {
		if sc.Folder == "" || !filepath.IsAbs(sc.Folder) {
			return Schedule{}, apperr.New(apperr.Invalid, "choose a folder for scheduled backups")
		}
		if fi, err := os.Stat(sc.Folder); err != nil || !fi.IsDir() {
			return Schedule{}, apperr.New(apperr.Invalid, "%s is not a folder", sc.Folder)
		}
		if err := s.outsideDataDir(sc.Folder); err != nil {
			return Schedule{}, err
		}
	}
	if err := s.keepPassphrase(ctx, sc); err != nil {
		return Schedule{}, err
	}
	b, _ := json.Marshal(storedSchedule{Frequency: sc.Frequency, Folder: sc.Folder, Keep: sc.Keep, Encrypt: sc.Encrypt})
	if err := s.deps.DB.SetSetting(ctx, keySchedule, string(b)); err != nil {
		return Schedule{}, err
	}
	return s.GetSchedule(ctx)
}

// keepPassphrase stores a new passphrase for encrypted scheduled backups
// in the keychain, checks that one is there when encrypting, and forgets
// it when the schedule stops encrypting.
func (s *Service) keepPassphrase(ctx context.Context, sc Schedule) error {
	if !sc.Encrypt {
		if sc.Passphrase != "" {
			return apperr.New(apperr.Invalid, "a passphrase was given for backups that are not encrypted")
		}
		if s.deps.Secrets != nil {
			if err := s.deps.Secrets.Delete(ctx, passphraseAccount); err != nil && !errors.Is(err, secrets.ErrUnavailable) {
				return fmt.Errorf("forget the scheduled backups' passphrase: %w", err)
			}
		}
		return nil
	}
	if s.deps.Secrets == nil {
		return apperr.New(apperr.Unavailable, "scheduled backups cannot be encrypted here: there is no keychain to keep the passphrase in")
	}
	if sc.Passphrase == "" {
		if sc.Frequency == Off {
			return nil // nothing runs: the passphrase is asked for when the schedule is turned on again
		}
		if _, err := s.passphrase(ctx); err != nil {
			return err
		}
		return nil
	}
	if len([]rune(sc.Passphrase)) < minPassphrase {
		return apperr.New(apperr.Invalid, "the passphrase needs at least %d characters", minPassphrase)
	}
	if err := s.deps.Secrets.Set(ctx, passphraseAccount, sc.Passphrase); err != nil {
		if errors.Is(err, secrets.ErrUnavailable) {
			return apperr.New(apperr.Unavailable, "the keychain cannot keep the passphrase (%v), so scheduled backups cannot be encrypted", err)
		}
		return fmt.Errorf("keep the scheduled backups' passphrase: %w", err)
	}
	return nil
}

// passphrase reads the scheduled backups' passphrase from the keychain,
// or says in words why it cannot.
func (s *Service) passphrase(ctx context.Context) (string, error) {
	if s.deps.Secrets == nil {
		return "", apperr.New(apperr.Unavailable, "scheduled backups are encrypted but there is no keychain to read their passphrase from")
	}
	p, err := s.deps.Secrets.Get(ctx, passphraseAccount)
	switch {
	case errors.Is(err, secrets.ErrNotFound):
		return "", apperr.New(apperr.Invalid, "scheduled backups are encrypted but the keychain holds no passphrase for them (as after a restore on another computer): enter it again")
	case errors.Is(err, secrets.ErrUnavailable):
		return "", apperr.New(apperr.Unavailable, "scheduled backups are encrypted but the keychain does not answer (%v)", err)
	case err != nil:
		return "", fmt.Errorf("read the scheduled backups' passphrase: %w", err)
	}
	return p, nil
}

func interval(freq string) time.Duration {
	switch freq {
	case Daily:
		return 24 * time.Hour
	case Weekly:
		return 7 * 24 * time.Hour
	}
	return 0
}

// nextRun is when a backup is due after the last one (Unix ms). A last run
// in the future means the clock was set back since: it does not count, or
// backups would stop until that date came round again.
func nextRun(last int64, every time.Duration, now time.Time) int64 {
	if last > now.UnixMilli() {
		return now.UnixMilli()
	}
	return last + every.Milliseconds()
}

func (s *Service) lastRun(ctx context.Context) (lastRun, error) {
	var lr lastRun
	v, ok, err := s.deps.DB.GetSetting(ctx, keyLastAuto)
	if err != nil || !ok {
		return lr, err
	}
	json.Unmarshal([]byte(v), &lr)
	return lr, nil
}

// RunDue runs a scheduled backup if one is due, then applies retention.
// It returns the backup's path, "" when none was due.
func (s *Service) RunDue(ctx context.Context) (string, error) {
	if s.deps.DB == nil {
		return "", nil
	}
	// The keychain is read only when a backup is due and encrypted.
	sc, err := s.readSchedule(ctx)
	if err != nil {
		return "", err
	}
	lr, err := s.lastRun(ctx)
	if err != nil {
		return "", err
	}
	every := interval(sc.Frequency)
	now := s.now()
	if every == 0 || sc.Folder == "" || now.UnixMilli() < nextRun(lr.At, every, now) {
		return "", nil
	}
	opts := Options{Compress: true}
	lr = lastRun{At: lr.At, Path: lr.Path}
	if sc.Encrypt {
		// Never a plain backup in place of an encrypted one: without the
		// passphrase the run fails and says why.
		pass, err := s.passphrase(ctx)
		if err != nil {
			return "", s.failedRun(ctx, lr, err, now)
		}
		opts.Passphrase = pass
	}
	tag := s.installTag()
	p := filepath.Join(sc.Folder, autoFileName(now, opts, tag))
	if _, err := s.Backup(ctx, p, opts); err != nil {
		return "", s.failedRun(ctx, lr, err, now)
	}
	lr = lastRun{At: now.UnixMilli(), Path: p}
	if err := s.saveLastRun(ctx, lr); err != nil {
		return p, err
	}
	if err := prune(sc.Folder, sc.Keep, tag, filepath.Base(p)); err != nil {
		s.log.Warn("scheduled backup retention", "err", err)
	}
	return p, nil
}

// failedRun records why a scheduled run failed and tells the user at once
// (backup:scheduled): a schedule failing unseen, night after night, is how
// people find they have no backup. One the user cancelled is recorded
// (it runs again within the hour) but is no news to them.
func (s *Service) failedRun(ctx context.Context, lr lastRun, err error, now time.Time) error {
	lr.Error, lr.ErrorAt = apperr.MessageOf(err), now.UnixMilli()
	s.saveLastRun(ctx, lr)
	if !apperr.Is(err, apperr.Canceled) {
		s.deps.Events.Emit(events.BackupScheduled, events.BackupScheduledPayload{Error: lr.Error, At: lr.ErrorAt})
	}
	return fmt.Errorf("scheduled backup: %w", err)
}

func (s *Service) saveLastRun(ctx context.Context, lr lastRun) error {
	b, _ := json.Marshal(lr)
	return s.deps.DB.SetSetting(ctx, keyLastAuto, string(b))
}

// prune deletes the oldest of this install's scheduled backups in folder
// beyond keep. Only files named as its scheduled backups (tag, or no tag
// at all) are candidates, oldest by the time in their name. The one just
// written (newest) is always kept, whatever its name says: after the clock
// was set back it has the oldest time.
func prune(folder string, keep int, tag, newest string) error {
	ents, err := os.ReadDir(folder)
	if err != nil {
		return fmt.Errorf("list backups: %w", err)
	}
	type file struct{ name, at string }
	var mine []file
	for _, e := range ents {
		m := autoName.FindStringSubmatch(e.Name())
		if e.Type().IsRegular() && m != nil && (m[1] == tag || m[1] == "") && e.Name() != newest {
			mine = append(mine, file{e.Name(), m[2]})
		}
	}
	sort.Slice(mine, func(i, j int) bool {
		if mine[i].at != mine[j].at {
			return mine[i].at < mine[j].at
		}
		return mine[i].name < mine[j].name
	})
	var errs []error
	for len(mine) > keep-1 {
		if err := os.Remove(filepath.Join(folder, mine[0].name)); err != nil {
			errs = append(errs, err)
		}
		mine = mine[1:]
	}
	return errors.Join(errs...)
}

// Start checks the schedule now and then every hour until Close.
func (s *Service) Start(ctx context.Context) {
	if s.deps.DB == nil || s.stop != nil {
		return
	}
	s.stop, s.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.done)
		t := time.NewTicker(checkEvery)
		defer t.Stop()
		for {
			if _, err := s.RunDue(ctx); err != nil {
				s.log.Warn("scheduled backup failed", "err", err)
			}
			select {
			case <-s.stop:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Close stops the schedule and any running operation, and waits.
func (s *Service) Close() {
	s.CancelRunning()
	if s.stop != nil {
		close(s.stop)
		<-s.done
		s.stop = nil
	}
}
