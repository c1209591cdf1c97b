package tools

import (
	"context"
	"os"
	"path/filepath"

	"bookbag/backend/apperr"
	"bookbag/backend/dialog"
	"bookbag/backend/events"
)

// API is the bound tools service: the Tools page of Settings, a
// workspace's tools, approval cards and the record of calls.
type API struct {
	ctx     func() context.Context
	svc     *Service
	dialogs dialog.Dialogs
}

// NewAPI wraps svc for binding; dialogs asks where to save exports.
func NewAPI(ctx func() context.Context, svc *Service, dialogs dialog.Dialogs) *API {
	return &API{ctx: ctx, svc: svc, dialogs: dialogs}
}

func (a *API) ListServers() ([]Server, error)           { return a.svc.ListServers(a.ctx()) }
func (a *API) AddServer(in ServerInput) (Server, error) { return a.svc.AddServer(a.ctx(), in) }

// UpdateServer changes a server; an edit of what runs or where it is
// reached removes the server's standing approvals and says how many.
func (a *API) UpdateServer(id string, in ServerInput) (ServerUpdate, error) {
	return a.svc.UpdateServer(a.ctx(), id, in)
}
func (a *API) SetServerEnabled(id string, enabled bool) (Server, error) {
	return a.svc.SetServerEnabled(a.ctx(), id, enabled)
}
func (a *API) RemoveServer(id string) error { return a.svc.RemoveServer(a.ctx(), id) }

// RestartServer stops a server and starts it on its next use (after a
// failure, without waiting out the backoff).
func (a *API) RestartServer(id string) (Server, error) { return a.svc.RestartServer(a.ctx(), id) }

// ServerTools starts a server if needed and lists its tools.
func (a *API) ServerTools(id string) ([]Tool, error) { return a.svc.ServerTools(a.ctx(), id) }

// ImportServers adds the servers of a pasted or opened {"mcpServers": …}
// JSON; with update, those already here change to the file's settings.
func (a *API) ImportServers(text string, update bool) (ImportReport, error) {
	return a.svc.ImportServers(a.ctx(), []byte(text), update)
}

// ExportServers asks where to save the servers as {"mcpServers": …} JSON
// (secret values left empty) and writes it; "" when cancelled.
func (a *API) ExportServers() (string, error) {
	data, err := a.svc.ExportServers(a.ctx())
	if err != nil {
		return "", err
	}
	return a.save("Export tool servers", "mcp-servers.json", dialog.Filter{Name: "JSON (*.json)", Pattern: "*.json"}, data)
}

func (a *API) WorkspaceServers(workspaceID string) ([]WorkspaceServer, error) {
	return a.svc.WorkspaceServers(a.ctx(), workspaceID)
}
func (a *API) SetWorkspaceServer(workspaceID, serverID string, tools, plugin bool) ([]WorkspaceServer, error) {
	return a.svc.SetWorkspaceServer(a.ctx(), workspaceID, serverID, tools, plugin)
}
func (a *API) SetPluginRequired(workspaceID, serverID string, required bool) ([]WorkspaceServer, error) {
	return a.svc.SetPluginRequired(a.ctx(), workspaceID, serverID, required)
}
func (a *API) Policy(workspaceID string) (Policy, error) { return a.svc.Policy(a.ctx(), workspaceID) }
func (a *API) SetPolicy(p Policy) (Policy, error)        { return a.svc.SetPolicy(a.ctx(), p) }
func (a *API) Approvals(workspaceID string) ([]Approval, error) {
	return a.svc.Approvals(a.ctx(), workspaceID)
}
func (a *API) RevokeApproval(workspaceID, serverID, tool string) error {
	return a.svc.Revoke(a.ctx(), workspaceID, serverID, tool)
}

// PendingApprovals lists the approval cards waiting in a chat ("" for all).
func (a *API) PendingApprovals(chatID string) []events.ToolApprovalPayload {
	return a.svc.Pending(chatID)
}

// AnswerApproval answers an approval card: once, tool, server or deny,
// with the arguments as the user left them ("" keeps the model's).
func (a *API) AnswerApproval(id, decision, arguments string) error {
	return a.svc.Answer(a.ctx(), id, decision, arguments)
}

func (a *API) Calls(workspaceID, before string, limit int) (CallPage, error) {
	return a.svc.Calls(a.ctx(), workspaceID, before, limit)
}

// ExportCalls asks where to save a workspace's record of tool calls (csv
// or jsonl) and writes it; "" when cancelled.
func (a *API) ExportCalls(workspaceID, format string) (string, error) {
	data, err := a.svc.ExportCalls(a.ctx(), workspaceID, format)
	if err != nil {
		return "", err
	}
	return a.save("Export tool calls", "tool-calls."+format, dialog.Filter{Name: format, Pattern: "*." + format}, data)
}

func (a *API) Actions(workspaceID string) ([]Action, error) {
	return a.svc.Actions(a.ctx(), workspaceID)
}
func (a *API) RunAction(in ActionInput) (ActionResult, error) {
	return a.svc.RunAction(a.ctx(), in)
}

func (a *API) save(title, name string, f dialog.Filter, data []byte) (string, error) {
	path, err := a.dialogs.SaveFile(title, name, f, dialog.AllFiles())
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "could not open the save dialog")
	}
	if path == "" {
		return "", nil
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", apperr.Wrap(err, apperr.Unavailable, "could not write %s", filepath.Base(path))
	}
	return path, nil
}
