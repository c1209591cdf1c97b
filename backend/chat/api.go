package chat

import (
	"context"
	"io"
	"path/filepath"

	"bookbag/backend/apperr"
	"bookbag/backend/atomicfile"
	"bookbag/backend/dialog"
)

// API is the bound ChatService: thin wrappers over Service with the app's context.
type API struct {
	ctx     func() context.Context
	svc     *Service
	dialogs dialog.Dialogs
}

// NewAPI wraps svc for binding; dialogs asks for chat files and where to
// save exports.
func NewAPI(ctx func() context.Context, svc *Service, dialogs dialog.Dialogs) *API {
	return &API{ctx: ctx, svc: svc, dialogs: dialogs}
}

func (a *API) CreateChat(workspaceID, modelRef string) (Chat, error) {
	return a.svc.CreateChat(a.ctx(), workspaceID, modelRef)
}
func (a *API) ListChats(f ListFilter) (ChatPage, error) { return a.svc.ListChats(a.ctx(), f) }
func (a *API) GetChat(id string) (Chat, error)          { return a.svc.GetChat(a.ctx(), id) }
func (a *API) ViewChat(id string, limit int, beforeID string) (ChatView, error) {
	return a.svc.ViewChat(a.ctx(), id, limit, beforeID)
}
func (a *API) RenameChat(id, title string) (Chat, error) { return a.svc.RenameChat(a.ctx(), id, title) }
func (a *API) SetPinned(id string, pinned bool) (Chat, error) {
	return a.svc.SetPinned(a.ctx(), id, pinned)
}
func (a *API) SetArchived(id string, archived bool) (Chat, error) {
	return a.svc.SetArchived(a.ctx(), id, archived)
}
func (a *API) SetChatSettings(id string, cs ChatSettings) (Chat, error) {
	return a.svc.SetChatSettings(a.ctx(), id, cs)
}
func (a *API) MoveChat(id, workspaceID string) (Chat, error) {
	return a.svc.MoveChat(a.ctx(), id, workspaceID)
}

// DeleteChat returns a token for UndoDelete.
func (a *API) DeleteChat(id string) (string, error)  { return a.svc.DeleteChat(a.ctx(), id) }
func (a *API) UndoDelete(token string) (Chat, error) { return a.svc.UndoDelete(a.ctx(), token) }
func (a *API) Send(in SendInput) (SendResult, error) { return a.svc.Send(a.ctx(), in) }
func (a *API) Stop(messageID string) error           { return a.svc.Stop(messageID) }
func (a *API) Running() ([]RunningAnswer, error)     { return a.svc.Running(), nil }
func (a *API) Regenerate(messageID string) (Message, error) {
	return a.svc.Regenerate(a.ctx(), messageID)
}
func (a *API) EditAndResend(messageID, content string) (SendResult, error) {
	return a.svc.EditAndResend(a.ctx(), messageID, content)
}
func (a *API) SwitchBranch(messageID string) (ChatView, error) {
	return a.svc.SwitchBranch(a.ctx(), messageID)
}
func (a *API) DeleteMessage(messageID string) (ChatView, error) {
	return a.svc.DeleteMessage(a.ctx(), messageID)
}
func (a *API) Search(q SearchQuery) ([]SearchHit, error) { return a.svc.Search(a.ctx(), q) }
func (a *API) OpenAt(messageID string) (ChatView, error) { return a.svc.OpenAt(a.ctx(), messageID) }

// AttachmentData is an attachment's bytes (base64 in JSON) for display.
type AttachmentData struct {
	MIME string `json:"mime"`
	Data []byte `json:"data"`
}

// Attachment returns an attachment's bytes and type, for display.
func (a *API) Attachment(sha256 string) (AttachmentData, error) {
	b, mime, err := a.svc.Attachment(sha256)
	return AttachmentData{MIME: mime, Data: b}, err
}

// ExportChat returns a chat as text in format "markdown" (the branch shown) or
// "json" (a BookBag chat file with every branch). The UI saves it to a file.
func (a *API) ExportChat(chatID, format string) (string, error) {
	switch format {
	case "markdown", "md":
		return a.svc.ExportMarkdown(a.ctx(), chatID)
	case "json":
		b, err := a.svc.ExportJSON(a.ctx(), chatID)
		return string(b), err
	}
	return "", apperr.New(apperr.Invalid, "unknown export format %q (markdown or json)", format)
}

// ImportChats imports a BookBag chat file or a ChatGPT or Claude export (its
// conversations.json or the whole .zip) into a workspace. name is the file's
// name; data arrives base64-encoded from the webview.
func (a *API) ImportChats(workspaceID, name string, data []byte) (ImportResult, error) {
	return a.svc.Import(a.ctx(), workspaceID, name, data)
}

// ToolsInfo tells which tools the chat's model would be offered, what their
// definitions cost in its context, or why it gets none.
func (a *API) ToolsInfo(chatID string) (ToolsInfo, error) { return a.svc.ToolsInfo(a.ctx(), chatID) }

// PickChats asks for a chat file (BookBag JSON, or a ChatGPT or Claude
// export's conversations.json or .zip) in a native dialog and imports it like
// ImportChats. The result's format is "" when the dialog was cancelled.
func (a *API) PickChats(workspaceID string) (ImportResult, error) {
	path, err := a.dialogs.OpenFile("Import chats", dialog.Filter{Name: "Chat exports (*.json, *.zip)", Pattern: "*.json;*.zip"},
		dialog.AllFiles())
	if err != nil {
		return ImportResult{}, apperr.Wrap(err, apperr.Internal, "could not open the file dialog")
	}
	if path == "" {
		return ImportResult{ChatIDs: []string{}, Warnings: []string{}}, nil
	}
	return a.svc.ImportFile(a.ctx(), workspaceID, path)
}

// SaveExport asks where to save an exported chat and writes data there. It
// returns the path, or "" when the dialog was cancelled.
func (a *API) SaveExport(title, defaultName string, data []byte) (string, error) {
	path, err := a.dialogs.SaveFile(title, defaultName)
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "could not open the save dialog")
	}
	if path == "" {
		return "", nil
	}
	// Whole or not at all: a failed write never leaves a cut file, nor cuts
	// the file it was to replace.
	err = atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(data); return err })
	if err != nil {
		return "", apperr.Wrap(err, apperr.Unavailable, "could not write %s", filepath.Base(path))
	}
	return path, nil
}

// CancelImport stops the running chat import: the chats it stored stay (its
// error says how many), the rest is not added.
func (a *API) CancelImport() error {
	a.svc.CancelImport()
	return nil
}
