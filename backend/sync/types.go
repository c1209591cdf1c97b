package sync

// Plain structs the bound API returns (times are Unix milliseconds).

// Sync states (the sync:status event's state).
const (
	StateUnlinked = "unlinked" // not shared with a server
	StateSynced   = "synced"   // everything pushed and pulled (Error may note refused changes)
	StateSyncing  = "syncing"  // pushing or pulling; Pending counts what is left
	StateOffline  = "offline"  // the server cannot be reached; retrying with backoff
	StateError    = "error"    // sync stopped or failing: Error says why, ErrorCode what to do
)

// Error codes in Status.ErrorCode.
const (
	CodeSignedOut = "signed_out" // no session: sign in again (Reconnect)
	CodeRemoved   = "removed"    // no longer a member, or the workspace is gone from the server
	CodeRejected  = "rejected"   // some changes were refused (Rejections says which and why)
	CodeServer    = "server"     // the server answered with an error
	CodeOffline   = "offline"
)

// Status is one workspace's sync state.
type Status struct {
	WorkspaceID  string `json:"workspaceId"`
	Linked       bool   `json:"linked"`
	ServerURL    string `json:"serverUrl"`
	Email        string `json:"email"`
	UserID       string `json:"userId"` // the server account (author id of synced rows)
	DisplayName  string `json:"displayName"`
	Role         string `json:"role"` // workspace role: admin or member
	State        string `json:"state"`
	Pending      int    `json:"pending"` // local changes not pushed yet (plus remote ones not pulled, while syncing)
	LastSyncedAt int64  `json:"lastSyncedAt"`
	Error        string `json:"error"`
	ErrorCode    string `json:"errorCode"`
	SignedIn     bool   `json:"signedIn"`
	// KeychainAvailable is false when the refresh token could not be saved
	// in the keychain: it is kept in memory and the user signs in again after
	// a restart.
	KeychainAvailable bool        `json:"keychainAvailable"`
	Rejections        []Rejection `json:"rejections"`
}

// Rejection is a local change the server refused. The local data is kept
// (or replaced by the server's version where the server sent it).
type Rejection struct {
	Table  string `json:"table"`
	RowID  string `json:"rowId"`
	Code   string `json:"code"` // forbidden, immutable, quota_exceeded, unknown_parent, invalid, clock_skew
	Reason string `json:"reason"`
	At     int64  `json:"at"`
}

// SignInInput signs in to a server before sharing or joining a workspace.
type SignInInput struct {
	ServerURL string `json:"serverUrl"`
	Email     string `json:"email"`
	Password  string `json:"password"`
}

// Account is a server user.
type Account struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
}

// SignInResult is a signed-in session waiting to be used by CreateShared or
// Join (it expires after a few minutes unused).
type SignInResult struct {
	Session     string            `json:"session"`
	ServerURL   string            `json:"serverUrl"`
	Account     Account           `json:"account"`
	Invitations []Invitation      `json:"invitations"`
	Workspaces  []RemoteWorkspace `json:"workspaces"` // shared workspaces the user already belongs to
}

// Invitation is an invitation to join a shared workspace.
type Invitation struct {
	ID            string `json:"id"`
	WorkspaceID   string `json:"workspaceId"`
	WorkspaceName string `json:"workspaceName"`
	Email         string `json:"email"`
	Role          string `json:"role"`
	InvitedBy     string `json:"invitedBy"`
	CreatedAt     int64  `json:"createdAt"`
	ExpiresAt     int64  `json:"expiresAt"`
}

// RemoteWorkspace is a shared workspace on the server.
type RemoteWorkspace struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Linked bool   `json:"linked"` // already linked on this device
}

// Member is a member of a shared workspace.
type Member struct {
	UserID      string `json:"userId"`
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
	JoinedAt    int64  `json:"joinedAt"`
	Me          bool   `json:"me"`
}

// Members lists a workspace's members; invitations are shown to admins only.
// Offline is set when the list is the last one seen (the server did not answer).
type Members struct {
	WorkspaceID string       `json:"workspaceId"`
	Members     []Member     `json:"members"`
	Invitations []Invitation `json:"invitations"`
	CanManage   bool         `json:"canManage"` // the caller is a workspace admin
	Offline     bool         `json:"offline"`
}

// ChatAuthor says who wrote a chat (the sidebar's "by …").
type ChatAuthor struct {
	ChatID   string `json:"chatId"`
	AuthorID string `json:"authorId"`
	Name     string `json:"name"`
	Mine     bool   `json:"mine"`
	Shared   bool   `json:"shared"`
	// ReadOnly: someone else's shared chat, which only its author continues.
	ReadOnly bool `json:"readOnly"`
}

// Author maps an author id of synced rows to a display name.
type Author struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Me   bool   `json:"me"`
}

// LinkedAccount is the server account a shared workspace signs in with; its
// session token is in the keychain (never here).
type LinkedAccount struct {
	WorkspaceID string `json:"workspaceId"`
	ServerURL   string `json:"serverUrl"`
	Email       string `json:"email"`
}
