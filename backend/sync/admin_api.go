package sync

import (
	"context"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/dialog"
	"bookbag/backend/syncproto"
)

// AdminAPI is the bound office-admin service: thin wrappers over Admin with
// the app's context.
type AdminAPI struct {
	ctx     func() context.Context
	a       *Admin
	dialogs dialog.Dialogs
}

// NewAdminAPI wraps a for binding; dialogs asks where exports go.
func NewAdminAPI(ctx func() context.Context, a *Admin, dialogs dialog.Dialogs) *AdminAPI {
	return &AdminAPI{ctx: ctx, a: a, dialogs: dialogs}
}

// SignIn signs in to an office server as one of its admins.
func (x *AdminAPI) SignIn(in SignInInput) (AdminSession, error) { return x.a.SignIn(x.ctx(), in) }

// Session is the current admin session.
func (x *AdminAPI) Session() (AdminSession, error) { return x.a.Session(), nil }

// SignOut ends the admin session.
func (x *AdminAPI) SignOut() error { return x.a.SignOut(x.ctx()) }

// Users lists the server's accounts.
func (x *AdminAPI) Users() ([]syncproto.User, error) { return x.a.Users(x.ctx()) }

// CreateUser makes an account.
func (x *AdminAPI) CreateUser(in syncproto.CreateUserRequest) (syncproto.CreateUserResponse, error) {
	return x.a.CreateUser(x.ctx(), in)
}

// UpdateUser changes an account.
func (x *AdminAPI) UpdateUser(userID string, in syncproto.UpdateUserRequest) (syncproto.User, error) {
	return x.a.UpdateUser(x.ctx(), userID, in)
}

// ResetPassword sets an account's password.
func (x *AdminAPI) ResetPassword(userID, password string) (syncproto.ResetPasswordResponse, error) {
	return x.a.ResetPassword(x.ctx(), userID, password)
}

// Workspaces lists the server's workspaces with storage and quota.
func (x *AdminAPI) Workspaces() ([]syncproto.AdminWorkspace, error) { return x.a.Workspaces(x.ctx()) }

// SetQuota sets a workspace's storage quota.
func (x *AdminAPI) SetQuota(workspaceID string, quotaBytes int64) (syncproto.AdminWorkspace, error) {
	return x.a.SetQuota(x.ctx(), workspaceID, quotaBytes)
}

// Members lists a workspace's members.
func (x *AdminAPI) Members(workspaceID string) (syncproto.MembersResponse, error) {
	return x.a.Members(x.ctx(), workspaceID)
}

// SetMemberRole changes a member's role.
func (x *AdminAPI) SetMemberRole(workspaceID, userID, role string) (syncproto.Member, error) {
	return x.a.SetMemberRole(x.ctx(), workspaceID, userID, role)
}

// Usage reads usage per member, model and day.
func (x *AdminAPI) Usage(q UsageQuery) (syncproto.UsageReport, error) { return x.a.Usage(x.ctx(), q) }

// ExportUsage asks where to save and writes the usage report of q as CSV;
// the path is "" when the dialog was cancelled.
func (x *AdminAPI) ExportUsage(q UsageQuery) (string, error) {
	loc, err := time.LoadLocation(q.TZ)
	if err != nil {
		loc = time.UTC
	}
	name := "bookbag-office-usage-" + time.UnixMilli(q.From).In(loc).Format("2006-01-02") + ".csv"
	path, err := x.dialogs.SaveFile("Export office usage", name, dialog.Filter{Name: "CSV (*.csv)", Pattern: "*.csv"})
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "could not open the save dialog")
	}
	if path == "" {
		return "", nil
	}
	return path, x.a.ExportUsage(x.ctx(), q, path)
}

// Audit reads a page of the audit log.
func (x *AdminAPI) Audit(q AuditQuery) (syncproto.AuditPage, error) { return x.a.Audit(x.ctx(), q) }

// Settings reads the server's runtime settings.
func (x *AdminAPI) Settings() (syncproto.ServerSettings, error) { return x.a.Settings(x.ctx()) }

// UpdateSettings changes runtime settings.
func (x *AdminAPI) UpdateSettings(p syncproto.ServerSettingsPatch) (syncproto.ServerSettings, error) {
	return x.a.UpdateSettings(x.ctx(), p)
}
