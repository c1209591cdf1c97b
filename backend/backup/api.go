package backup

import (
	"context"
	"path/filepath"

	"bookbag/backend/apperr"
	"bookbag/backend/dialog"
	"bookbag/backend/events"
)

// API is the bound backup service: back up now, restore, the schedule and
// the folders kept aside. Calls run long; CancelRunning stops one.
type API struct {
	ctx     func() context.Context
	svc     *Service
	dialogs dialog.Dialogs
}

// NewAPI wraps svc for binding; dialogs asks where to save and what to open.
func NewAPI(ctx func() context.Context, svc *Service, dialogs dialog.Dialogs) *API {
	return &API{ctx: ctx, svc: svc, dialogs: dialogs}
}

func backupFilter() dialog.Filter {
	return dialog.Filter{Name: "BookBag backup (*.tar, *.tar.gz, *.age)", Pattern: "*.tar;*.tar.gz;*.age"}
}

func (a *API) ready() error {
	if a.svc == nil {
		return apperr.New(apperr.Unavailable, "backups are not available")
	}
	return nil
}

// BackupNow asks where to save a backup and writes it there, with progress
// events. Path is "" when the dialog was cancelled.
func (a *API) BackupNow(opts Options) (Result, error) {
	if err := a.ready(); err != nil {
		return Result{}, err
	}
	p, err := a.dialogs.SaveFile("Back up BookBag", FileName(a.svc.now(), opts), backupFilter())
	if err != nil {
		return Result{}, apperr.Wrap(err, apperr.Internal, "could not open the save dialog")
	}
	if p == "" {
		return Result{Providers: []ProviderKey{}}, nil
	}
	// The dialog asked before the user chose an existing file, so it is
	// replaced (once the new backup is whole); a name the suffix made was
	// not shown to the user and is never replaced.
	if dst := withSuffix(p, opts); dst != p {
		return a.svc.Backup(a.ctx(), dst, opts)
	}
	return a.svc.BackupReplacing(a.ctx(), p, opts)
}

// withSuffix adds what the dialog may have dropped, so the name says what
// the file is.
func withSuffix(p string, opts Options) string {
	if filepath.Ext(p) == "" {
		return p + fileSuffix(opts)
	}
	return p
}

// CancelRunning stops the running backup, check or restore.
func (a *API) CancelRunning() (bool, error) {
	if err := a.ready(); err != nil {
		return false, err
	}
	return a.svc.CancelRunning(), nil
}

// Progress is the running backup's, check's or restore's last progress
// (Op "" when none runs), for a view opened while one runs.
func (a *API) Progress() (events.BackupProgressPayload, error) {
	if err := a.ready(); err != nil {
		return events.BackupProgressPayload{}, err
	}
	return a.svc.Progress(), nil
}

// ChooseBackupFile asks for a backup file to restore; "" when cancelled.
func (a *API) ChooseBackupFile() (string, error) {
	p, err := a.dialogs.OpenFile("Restore a BookBag backup", backupFilter(), dialog.AllFiles())
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "could not open the file dialog")
	}
	return p, nil
}

// InspectBackup reads a backup's manifest (quick).
func (a *API) InspectBackup(path, passphrase string) (Inspection, error) {
	if err := a.ready(); err != nil {
		return Inspection{}, err
	}
	return a.svc.Inspect(a.ctx(), path, passphrase)
}

// VerifyBackup checks every entry of a backup, writing nothing.
func (a *API) VerifyBackup(path, passphrase string) (Verification, error) {
	if err := a.ready(); err != nil {
		return Verification{}, err
	}
	return a.svc.Verify(a.ctx(), path, passphrase)
}

// RestoreBackup checks a backup in full and stages it; the next start
// swaps it in (the UI offers to restart).
func (a *API) RestoreBackup(path, passphrase string) (Pending, error) {
	if err := a.ready(); err != nil {
		return Pending{}, err
	}
	return a.svc.Restore(a.ctx(), path, passphrase)
}

// PendingRestore reports a restore waiting for the next start.
func (a *API) PendingRestore() (Pending, error) {
	if err := a.ready(); err != nil {
		return Pending{}, err
	}
	return a.svc.Pending()
}

// CancelPendingRestore drops the staged restore.
func (a *API) CancelPendingRestore() (Pending, error) {
	if err := a.ready(); err != nil {
		return Pending{}, err
	}
	if err := a.svc.CancelPending(); err != nil {
		return Pending{}, err
	}
	return a.svc.Pending()
}

// RestoreNotice is the report of the last restore (which providers need
// their key again), until dismissed.
func (a *API) RestoreNotice() (Notice, error) {
	if err := a.ready(); err != nil {
		return Notice{}, err
	}
	return a.svc.Notice()
}

// DismissRestoreNotice forgets that report.
func (a *API) DismissRestoreNotice() (Notice, error) {
	if err := a.ready(); err != nil {
		return Notice{}, err
	}
	if err := a.svc.DismissNotice(); err != nil {
		return Notice{}, err
	}
	return a.svc.Notice()
}

// KeptAside lists previous data dirs kept by restores.
func (a *API) KeptAside() ([]KeptFolder, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.svc.KeptAside()
}

// RemoveKeptAside deletes one of them and returns the rest.
func (a *API) RemoveKeptAside(name string) ([]KeptFolder, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	if err := a.svc.RemoveKeptAside(name); err != nil {
		return nil, err
	}
	return a.svc.KeptAside()
}

// GetSchedule returns the scheduled-backup setting and its last run.
func (a *API) GetSchedule() (Schedule, error) {
	if err := a.ready(); err != nil {
		return Schedule{}, err
	}
	return a.svc.GetSchedule(a.ctx())
}

// SetSchedule stores the scheduled-backup setting.
func (a *API) SetSchedule(sc Schedule) (Schedule, error) {
	if err := a.ready(); err != nil {
		return Schedule{}, err
	}
	return a.svc.SetSchedule(a.ctx(), sc)
}

// ChooseScheduleFolder asks for the folder of scheduled backups; "" when
// cancelled.
func (a *API) ChooseScheduleFolder() (string, error) {
	p, err := a.dialogs.OpenFolder("Folder for scheduled backups")
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "could not open the folder dialog")
	}
	return p, nil
}

func settingsFilter() dialog.Filter {
	return dialog.Filter{Name: "BookBag settings (*.json)", Pattern: "*.json"}
}

// ExportSettings asks where to save the settings-only file (no data, no
// keys) and writes it; "" when the dialog was cancelled.
func (a *API) ExportSettings() (string, error) {
	if err := a.ready(); err != nil {
		return "", err
	}
	name := "bookbag-settings-" + a.svc.now().Format("20060102") + ".json"
	p, err := a.dialogs.SaveFile("Export settings", name, settingsFilter())
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "could not open the save dialog")
	}
	if p == "" {
		return "", nil
	}
	return p, a.svc.ExportSettingsFile(a.ctx(), p)
}

// ImportSettings asks for a settings file and merges it.
func (a *API) ImportSettings() (SettingsImport, error) {
	if err := a.ready(); err != nil {
		return SettingsImport{}, err
	}
	p, err := a.dialogs.OpenFile("Import settings", settingsFilter(), dialog.AllFiles())
	if err != nil {
		return SettingsImport{}, apperr.Wrap(err, apperr.Internal, "could not open the file dialog")
	}
	if p == "" {
		return SettingsImport{ProvidersAdded: []string{}, ProvidersKept: []string{}, NeedKeys: []string{}, Notes: []string{}}, nil
	}
	return a.svc.ImportSettingsFile(a.ctx(), p)
}
