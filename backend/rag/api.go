package rag

import (
	"context"

	"bookbag/backend/apperr"
	"bookbag/backend/dialog"
	"bookbag/backend/rag/extract"
)

// API is the bound Service for the Documents page: thin wrappers with
// the app's context.
type API struct {
	ctx     func() context.Context
	svc     *Service
	open    func(name, path string) error // shows a stored file in the OS viewer
	dialogs dialog.Dialogs
}

// NewAPI wraps svc for binding; open shows a file (name is the original file
// name); dialogs asks for files to add.
func NewAPI(ctx func() context.Context, svc *Service, open func(name, path string) error, dialogs dialog.Dialogs) *API {
	return &API{ctx: ctx, svc: svc, open: open, dialogs: dialogs}
}

// PickDocuments asks for files (and, with folder set, a folder) in a native
// dialog and adds them to a workspace, or to one chat when chatID is set.
func (a *API) PickDocuments(workspaceID, chatID string, folder bool) (AddReport, error) {
	var paths []string
	if folder {
		dir, err := a.dialogs.OpenFolder("Add a folder of documents")
		if err != nil {
			return AddReport{}, apperr.Wrap(err, apperr.Internal, "could not open the folder dialog")
		}
		if dir != "" {
			paths = []string{dir}
		}
	} else {
		var err error
		paths, err = a.dialogs.OpenFiles("Add documents",
			dialog.Filter{Name: "Documents (" + extract.Labels() + ")", Pattern: extract.DialogPattern()},
			dialog.AllFiles())
		if err != nil {
			return AddReport{}, apperr.Wrap(err, apperr.Internal, "could not open the file dialog")
		}
	}
	if len(paths) == 0 {
		return newAddReport(), nil // the dialog was cancelled
	}
	return a.svc.AddPaths(a.ctx(), workspaceID, chatID, paths)
}

// AddPaths adds files and folders chosen in a dialog or dropped on the window.
func (a *API) AddPaths(workspaceID, chatID string, paths []string) (AddReport, error) {
	return a.svc.AddPaths(a.ctx(), workspaceID, chatID, paths)
}

// CancelAdd stops the add addID (AddPaths, PickDocuments; its id is in
// its documents:adding events), or with addID empty every add to the
// workspace still listing or copying files; those added before stay.
func (a *API) CancelAdd(workspaceID, addID string) error {
	a.svc.CancelAdd(workspaceID, addID)
	return nil
}

// AddBytes adds one file read by the webview (file input, paste).
func (a *API) AddBytes(workspaceID, chatID, name string, data []byte) (AddResult, error) {
	return a.svc.AddBytes(a.ctx(), workspaceID, chatID, name, data)
}

// The calls on the list and its rows fail only when the database does;
// they say so in a sentence (couldNot), not in SQLite's words.

func (a *API) List(workspaceID, chatID string, offset, limit int) (DocumentPage, error) {
	p, err := a.svc.List(a.ctx(), workspaceID, chatID, offset, limit)
	return p, couldNot("list the documents", err)
}
func (a *API) Get(id string) (Document, error) {
	d, err := a.svc.Get(a.ctx(), id)
	return d, couldNot("read the document", err)
}
func (a *API) Cancel(id string) (Document, error) {
	d, err := a.svc.Cancel(a.ctx(), id)
	return d, couldNot("cancel the document", err)
}
func (a *API) Delete(id string) error {
	return couldNot("delete the document", a.svc.Delete(a.ctx(), id))
}
func (a *API) Reindex(id string) (Document, error) {
	d, err := a.svc.Reindex(a.ctx(), id)
	return d, couldNot("queue the document again", err)
}
func (a *API) RetryFailed(workspaceID string) (BulkResult, error) {
	r, err := a.svc.RetryFailed(a.ctx(), workspaceID)
	return r, couldNot("retry the failed documents", err)
}
func (a *API) RemoveFailed(workspaceID string) (BulkResult, error) {
	r, err := a.svc.RemoveFailed(a.ctx(), workspaceID)
	return r, couldNot("remove the failed documents", err)
}
func (a *API) CancelQueued(workspaceID string) (BulkResult, error) {
	r, err := a.svc.CancelQueued(a.ctx(), workspaceID)
	return r, couldNot("cancel the queued documents", err)
}
func (a *API) Reembed(workspaceID string) (IndexStatus, error) {
	return a.svc.Reembed(a.ctx(), workspaceID)
}
func (a *API) CancelReembed(workspaceID string) (IndexStatus, error) {
	return a.svc.CancelReembed(a.ctx(), workspaceID)
}
func (a *API) Status(workspaceID string) (IndexStatus, error) {
	return a.svc.Status(a.ctx(), workspaceID)
}
func (a *API) Search(req SearchRequest) (SearchResult, error) { return a.svc.Search(a.ctx(), req) }

// CheckSearch compares keyword, embedding-model and hybrid search on
// look-ups made from the workspace's own passages (check.go).
func (a *API) CheckSearch(workspaceID string) (SearchCheck, error) {
	return a.svc.CheckSearch(a.ctx(), workspaceID)
}

// CancelSearchCheck stops a running CheckSearch.
func (a *API) CancelSearchCheck(workspaceID string) error {
	a.svc.CancelSearchCheck(workspaceID)
	return nil
}

// AcceptedFormats lists the document formats the app ingests, the same
// list the extractor and the native file dialog use.
func (a *API) AcceptedFormats() ([]FileFormat, error) {
	var out []FileFormat
	for _, f := range extract.Formats() {
		out = append(out, FileFormat{Extension: f.Extension, Label: f.Label, MIME: f.MIME})
	}
	return out, nil
}

// OpenFile shows a document's original file in the system viewer.
func (a *API) OpenFile(id string) error {
	name, path, err := a.svc.FilePath(a.ctx(), id)
	if err != nil {
		return err
	}
	return a.open(name, path)
}
