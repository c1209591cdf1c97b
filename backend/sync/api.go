package sync

import "context"

// API is the bound sync service: thin wrappers over Service with the app's
// context.
type API struct {
	ctx func() context.Context
	svc *Service
}

// NewAPI wraps svc for binding.
func NewAPI(ctx func() context.Context, svc *Service) *API { return &API{ctx: ctx, svc: svc} }

// SignIn signs in to a server; use the returned session with CreateShared or Join.
func (a *API) SignIn(in SignInInput) (SignInResult, error) { return a.svc.SignIn(a.ctx(), in) }

// ListInvitations lists the invitations of a pending sign-in.
func (a *API) ListInvitations(session string) ([]Invitation, error) {
	return a.svc.ListInvitations(a.ctx(), session)
}

// CreateShared uploads a local workspace as a new shared workspace.
func (a *API) CreateShared(session, workspaceID string) (Status, error) {
	return a.svc.CreateShared(a.ctx(), session, workspaceID)
}

// Join accepts an invitation (or links a shared workspace the user belongs
// to, by id, when invitationID is empty).
func (a *API) Join(session, invitationID, workspaceID string) (Status, error) {
	return a.svc.Join(a.ctx(), session, invitationID, workspaceID)
}

// Status is a workspace's sync state.
func (a *API) Status(workspaceID string) (Status, error) { return a.svc.Status(a.ctx(), workspaceID) }

// Statuses lists the state of every linked workspace.
func (a *API) Statuses() ([]Status, error) { return a.svc.Statuses(a.ctx()), nil }

// SyncNow pushes and pulls at once (Retry).
func (a *API) SyncNow(workspaceID string) (Status, error) { return a.svc.SyncNow(a.ctx(), workspaceID) }

// Reconnect signs in again to a linked workspace's server.
func (a *API) Reconnect(workspaceID, password string) (Status, error) {
	return a.svc.Reconnect(a.ctx(), workspaceID, password)
}

// SignOut ends the session; the link stays.
func (a *API) SignOut(workspaceID string) (Status, error) { return a.svc.SignOut(a.ctx(), workspaceID) }

// Unlink stops syncing the workspace; the local copy stays.
func (a *API) Unlink(workspaceID string) error { return a.svc.Unlink(a.ctx(), workspaceID) }

// ClearRejections forgets the refused changes shown in the status.
func (a *API) ClearRejections(workspaceID string) (Status, error) {
	return a.svc.ClearRejections(a.ctx(), workspaceID)
}

// Members lists the workspace's members and, for admins, invitations.
func (a *API) Members(workspaceID string) (Members, error) {
	return a.svc.Members(a.ctx(), workspaceID)
}

// Invite invites an email address as admin or member.
func (a *API) Invite(workspaceID, email, role string) (Invitation, error) {
	return a.svc.Invite(a.ctx(), workspaceID, email, role)
}

// RevokeInvitation withdraws an invitation.
func (a *API) RevokeInvitation(workspaceID, invitationID string) error {
	return a.svc.RevokeInvitation(a.ctx(), workspaceID, invitationID)
}

// SetRole changes a member's role.
func (a *API) SetRole(workspaceID, userID, role string) (Member, error) {
	return a.svc.SetRole(a.ctx(), workspaceID, userID, role)
}

// RemoveMember removes a member from the workspace.
func (a *API) RemoveMember(workspaceID, userID string) error {
	return a.svc.RemoveMember(a.ctx(), workspaceID, userID)
}

// ShareChat shares a chat with the workspace's members.
func (a *API) ShareChat(chatID string) error { return a.svc.ShareChat(a.ctx(), chatID) }

// UnshareChat makes a shared chat private again.
func (a *API) UnshareChat(chatID string) error { return a.svc.UnshareChat(a.ctx(), chatID) }

// Authors maps author ids to display names for a workspace.
func (a *API) Authors(workspaceID string) ([]Author, error) {
	return a.svc.Authors(a.ctx(), workspaceID)
}

// ChatAuthors says who wrote each chat of a workspace.
func (a *API) ChatAuthors(workspaceID string) ([]ChatAuthor, error) {
	return a.svc.ChatAuthors(a.ctx(), workspaceID)
}
