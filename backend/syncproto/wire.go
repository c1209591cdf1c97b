package syncproto

import "encoding/json"

// Times on the wire are Unix milliseconds, like everywhere in BookBag.

// Change is one row version: what a client pushes from its change_log and
// what a pull returns. Snapshot is the full row as a JSON object keyed by
// column name (it must hold id, workspace_id and hlc equal to the fields
// here, and deleted_at: null or a number).
type Change struct {
	Table       string          `json:"table"`
	RowID       string          `json:"rowId"`
	WorkspaceID string          `json:"workspaceId"`
	HLC         string          `json:"hlc"`
	DeviceID    string          `json:"deviceId"`
	Op          Op              `json:"op"`
	Snapshot    json.RawMessage `json:"snapshot,omitempty"`

	// Set by the server on pull.
	Seq      int64  `json:"seq,omitempty"`
	AuthorID string `json:"authorId,omitempty"` // server user who pushed this version
	OwnerID  string `json:"ownerId,omitempty"`  // server user who created the row
}

// PushRequest is a batch of changes for one workspace.
type PushRequest struct {
	Changes []Change `json:"changes"`
}

// PushStatus is the fate of one pushed change.
type PushStatus string

const (
	// Applied: stored as the row's newest version, with a new sequence.
	Applied PushStatus = "applied"
	// Duplicate: the server already has this exact version (same hlc); a
	// retried batch gets this and changes nothing.
	Duplicate PushStatus = "duplicate"
	// Stale: the server has a newer version of the row (higher hlc); the
	// client receives the winner on its next pull.
	Stale PushStatus = "stale"
	// Rejected: refused for Code; the client keeps its local data and
	// surfaces the reason. Only RejectUnknownParent and RejectQuota are
	// worth retrying later.
	Rejected PushStatus = "rejected"
)

// RejectCode says why a change was rejected.
type RejectCode string

const (
	RejectInvalid       RejectCode = "invalid"        // malformed change or snapshot
	RejectForbidden     RejectCode = "forbidden"      // the caller's role may not make this change
	RejectUnknownParent RejectCode = "unknown_parent" // the message's or document's chat is not on the server yet
	RejectImmutable     RejectCode = "immutable"      // a complete message can only be deleted
	RejectQuota         RejectCode = "quota_exceeded" // the workspace's storage quota is full
	RejectClockSkew     RejectCode = "clock_skew"     // the stamp is too far ahead of the server's clock
)

// PushResult answers one change of a push, in the order of the request.
type PushResult struct {
	Table  string     `json:"table"`
	RowID  string     `json:"rowId"`
	HLC    string     `json:"hlc"`
	Status PushStatus `json:"status"`
	Seq    int64      `json:"seq,omitempty"`
	Code   RejectCode `json:"code,omitempty"`
	Reason string     `json:"reason,omitempty"`
	// Current is, for a change rejected as forbidden or immutable, the
	// server's version of the row as the caller may see it: the client
	// replaces its local copy with it (whatever the stamps say), or drops
	// the row when Current is an OpHide, or when Current is nil and the
	// server has no such row.
	Current *Change `json:"current,omitempty"`
}

// PushResponse answers a push. Head is the workspace's newest sequence.
type PushResponse struct {
	Results    []PushResult `json:"results"`
	Head       int64        `json:"head"`
	ServerTime int64        `json:"serverTime"`
}

// PullResponse is one page of changes after a sequence. Continue with
// after=Next while More is true; Next is the cursor to keep either way.
type PullResponse struct {
	Changes    []Change `json:"changes"`
	Next       int64    `json:"next"`
	More       bool     `json:"more"`
	Head       int64    `json:"head"`
	ServerTime int64    `json:"serverTime"`
}

// WaitResponse answers a long poll: Head is the workspace's newest sequence,
// greater than the caller's after unless the wait timed out. Timeout is the
// wait the server applied, in seconds: the asked one, capped at its limit.
type WaitResponse struct {
	Head    int64 `json:"head"`
	Timeout int64 `json:"timeout"`
}

// FilesMissingRequest lists SHA-256 hashes (lowercase hex) a client wants
// to upload.
type FilesMissingRequest struct {
	Hashes []string `json:"hashes"`
}

// FilesMissingResponse lists the hashes the workspace does not have yet.
type FilesMissingResponse struct {
	Missing []string `json:"missing"`
}

// FileInfo describes a stored file.
type FileInfo struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// SetupRequest creates the first server admin with the one-time setup token
// the server printed on first start.
type SetupRequest struct {
	Token       string `json:"token"`
	Email       string `json:"email"`
	Password    string `json:"password"`
	DisplayName string `json:"displayName"`
}

// LoginRequest signs in one device.
type LoginRequest struct {
	Email      string `json:"email"`
	Password   string `json:"password"`
	DeviceID   string `json:"deviceId"`
	DeviceName string `json:"deviceName"`
}

// RefreshRequest trades a refresh token for new tokens. Each refresh token
// works once: using one twice revokes the whole session.
type RefreshRequest struct {
	RefreshToken string `json:"refreshToken"`
}

// Tokens is what login and refresh return.
type Tokens struct {
	AccessToken      string `json:"accessToken"`
	AccessExpiresAt  int64  `json:"accessExpiresAt"`
	RefreshToken     string `json:"refreshToken"`
	RefreshExpiresAt int64  `json:"refreshExpiresAt"`
	SessionID        string `json:"sessionId"`
	User             User   `json:"user"`
}

// User is a server account.
type User struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role"` // server role: admin or member
	Disabled    bool   `json:"disabled"`
	CreatedAt   int64  `json:"createdAt"`
}

// UpdateMeRequest changes the caller's own profile.
type UpdateMeRequest struct {
	DisplayName string `json:"displayName"`
}

// ChangePasswordRequest changes the caller's password; every other session
// of the user is signed out.
type ChangePasswordRequest struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

// CreateUserRequest is a server admin creating an account. An empty Password
// makes the server generate one and return it once.
type CreateUserRequest struct {
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
	Password    string `json:"password,omitempty"`
}

// CreateUserResponse returns the account and, when generated, its password.
type CreateUserResponse struct {
	User     User   `json:"user"`
	Password string `json:"password,omitempty"`
}

// UpdateUserRequest is a server admin changing an account; nil fields stay.
type UpdateUserRequest struct {
	DisplayName *string `json:"displayName,omitempty"`
	Role        *string `json:"role,omitempty"`
	Disabled    *bool   `json:"disabled,omitempty"`
}

// ResetPasswordRequest is a server admin setting a user's password (empty:
// generated). The user's sessions are all revoked.
type ResetPasswordRequest struct {
	Password string `json:"password,omitempty"`
}

// ResetPasswordResponse returns the generated password, if any.
type ResetPasswordResponse struct {
	Password string `json:"password,omitempty"`
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID          string            `json:"id"`
	At          int64             `json:"at"`
	ActorID     string            `json:"actorId,omitempty"`
	Action      string            `json:"action"`
	WorkspaceID string            `json:"workspaceId,omitempty"`
	TargetID    string            `json:"targetId,omitempty"`
	Address     string            `json:"address,omitempty"`
	Detail      map[string]string `json:"detail,omitempty"`
}

// AuditPage is a page of the audit log, newest first; pass Next as before to
// continue (empty when done).
type AuditPage struct {
	Entries []AuditEntry `json:"entries"`
	Next    string       `json:"next,omitempty"`
}

// CreateWorkspaceRequest makes a shared workspace on the server with the id
// the desktop already uses; the caller becomes its admin.
type CreateWorkspaceRequest struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Workspace is a shared workspace as seen by one member.
type Workspace struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	Head       int64  `json:"head"`
	UsageBytes int64  `json:"usageBytes"`
	QuotaBytes int64  `json:"quotaBytes"`
	CreatedAt  int64  `json:"createdAt"`
	CreatedBy  string `json:"createdBy"`
}

// Member is one user's membership of a workspace.
type Member struct {
	UserID      string `json:"userId"`
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
	JoinedAt    int64  `json:"joinedAt"`
}

// MembersResponse lists a workspace's members; pending invitations are
// included for workspace admins only.
type MembersResponse struct {
	Members     []Member     `json:"members"`
	Invitations []Invitation `json:"invitations,omitempty"`
}

// InviteRequest invites an email address to a workspace. The answer is the
// same whether or not an account with that email exists.
type InviteRequest struct {
	Email string `json:"email"`
	Role  string `json:"role"`
}

// Invitation is a pending invitation; the invitee accepts it to join.
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

// SetRoleRequest changes a member's workspace role.
type SetRoleRequest struct {
	Role string `json:"role"`
}

// ErrorBody is every error answer's body.
type ErrorBody struct {
	Error ErrorInfo `json:"error"`
}

// ErrorInfo is a machine code and a sentence a person can read.
type ErrorInfo struct {
	Code         string `json:"code"`
	Message      string `json:"message"`
	RetryAfterMs int64  `json:"retryAfterMs,omitempty"`
}

// Error codes in ErrorInfo.Code.
const (
	CodeInvalid         = "invalid"
	CodeUnauthorized    = "unauthorized"
	CodeForbidden       = "forbidden"
	CodeNotFound        = "not_found"
	CodeConflict        = "conflict"
	CodeTooLarge        = "too_large"
	CodeUnsupported     = "unsupported_encoding"
	CodeQuota           = "quota_exceeded"
	CodeTooManyRequests = "too_many_requests"
	CodeUnavailable     = "unavailable"
	CodeInternal        = "internal"
)
