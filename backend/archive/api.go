package archive

import (
	"bytes"
	"context"
	"path/filepath"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/dialog"
)

// API is the bound archive service: export and import of workspace
// archives, through native dialogs or bytes from the webview.
type API struct {
	ctx     func() context.Context
	svc     *Service
	dialogs dialog.Dialogs
}

// NewAPI wraps svc for binding; dialogs asks where to save and what to open.
func NewAPI(ctx func() context.Context, svc *Service, dialogs dialog.Dialogs) *API {
	return &API{ctx: ctx, svc: svc, dialogs: dialogs}
}

func archiveFilter() dialog.Filter {
	return dialog.Filter{Name: "BookBag workspace (*.bookbag)", Pattern: "*" + Ext}
}

// ExportWorkspace asks where to save a workspace's archive (.bookbag) and
// writes it there. Path is "" when the dialog was cancelled.
func (a *API) ExportWorkspace(id string) (ExportResult, error) {
	name, err := a.svc.workspaceName(a.ctx(), a.svc.db.R, id)
	if err != nil {
		return ExportResult{}, err
	}
	path, err := a.dialogs.SaveFile("Export workspace", FileName(name, time.Now()), archiveFilter())
	if err != nil {
		return ExportResult{}, apperr.Wrap(err, apperr.Internal, "could not open the save dialog")
	}
	if path == "" {
		return ExportResult{WorkspaceName: name}, nil
	}
	if filepath.Ext(path) == "" {
		path += Ext
	}
	return a.svc.ExportFile(a.ctx(), id, path)
}

// ExportWorkspaceBytes returns a workspace's archive (browser tests, downloads).
func (a *API) ExportWorkspaceBytes(id string) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := a.svc.Export(a.ctx(), id, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ImportWorkspace asks for a workspace archive and imports it. The report's
// workspaceId is "" when the dialog was cancelled.
func (a *API) ImportWorkspace() (Report, error) {
	path, err := a.dialogs.OpenFile("Import a workspace", archiveFilter(), dialog.AllFiles())
	if err != nil {
		return Report{}, apperr.Wrap(err, apperr.Internal, "could not open the file dialog")
	}
	if path == "" {
		return Report{Tables: []TableReport{}, MissingModels: []string{}, MissingFiles: []string{}}, nil
	}
	return a.svc.ImportFile(a.ctx(), path)
}

// ImportWorkspaceBytes imports an archive read by the webview (file input).
func (a *API) ImportWorkspaceBytes(name string, data []byte) (Report, error) {
	a.svc.log.Info("import workspace archive", "name", name, "bytes", len(data))
	return a.svc.ImportBytes(a.ctx(), data)
}

// CancelArchive stops the running workspace import or export: a cancelled
// import adds nothing, a cancelled export writes no file. It reports whether
// one was running.
func (a *API) CancelArchive() (bool, error) {
	return a.svc.Cancel(), nil
}
