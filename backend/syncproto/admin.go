package syncproto

// Usage, quotas, settings and filtered audit: the office's admin surface
// (issue 18). The desktop records every model call; for a shared workspace
// it sends the calls made there to the server, which counts each event id
// once however often a device re-sends it.

// UsageEvent is one model call a member's device made in a shared workspace.
type UsageEvent struct {
	ID           string `json:"id"`     // made by the device; a re-sent id is counted once
	At           int64  `json:"at"`     // unix ms, when the call ended
	Model        string `json:"model"`  // the app's model ref: "<provider>:<model id>"
	Source       string `json:"source"` // chat, title, embedding, api, tool
	InputTokens  int64  `json:"inputTokens"`
	OutputTokens int64  `json:"outputTokens"`
	CachedTokens int64  `json:"cachedTokens"`
	DurationMs   int64  `json:"durationMs"`
	CostMicros   int64  `json:"costMicros"` // millionths of a US dollar, priced on the device when the call ended
}

// UsagePushRequest sends a batch of the caller's usage events of one workspace.
type UsagePushRequest struct {
	Events []UsageEvent `json:"events"`
}

// UsagePushResponse says how many events were new and how many the server
// already had.
type UsagePushResponse struct {
	Accepted   int `json:"accepted"`
	Duplicates int `json:"duplicates"`
}

// UsageRow is one member's use of one model in one workspace on one day
// (the day in the time zone the query asked for).
type UsageRow struct {
	Day          string `json:"day"` // YYYY-MM-DD
	UserID       string `json:"userId"`
	Email        string `json:"email"`
	DisplayName  string `json:"displayName"`
	WorkspaceID  string `json:"workspaceId"`
	Model        string `json:"model"`
	Calls        int64  `json:"calls"`
	InputTokens  int64  `json:"inputTokens"`
	OutputTokens int64  `json:"outputTokens"`
	CachedTokens int64  `json:"cachedTokens"`
	CostMicros   int64  `json:"costMicros"`
}

// UsageReport is usage between From (inclusive) and To (exclusive), unix ms,
// bucketed by day in TZ (an IANA name; empty means UTC). Rows are ordered by
// day, then email, then model.
type UsageReport struct {
	From int64      `json:"from"`
	To   int64      `json:"to"`
	TZ   string     `json:"tz"`
	Rows []UsageRow `json:"rows"`
}

// UsageQuery filters a usage report. Workspace empty means every workspace
// (server admins only).
type UsageQuery struct {
	From      int64
	To        int64
	TZ        string
	Workspace string
}

// AdminWorkspace is a workspace as a server admin sees it: storage used
// (computed from the stored rows and files) against its quota.
type AdminWorkspace struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Members    int    `json:"members"`
	UsageBytes int64  `json:"usageBytes"`
	QuotaBytes int64  `json:"quotaBytes"` // the quota that applies (own or the server default)
	OwnQuota   bool   `json:"ownQuota"`   // false: the server default applies
	Files      int64  `json:"files"`
	CreatedAt  int64  `json:"createdAt"`
	CreatedBy  string `json:"createdBy"`
}

// SetQuotaRequest sets one workspace's storage quota; 0 returns it to the
// server default.
type SetQuotaRequest struct {
	QuotaBytes int64 `json:"quotaBytes"`
}

// AuditFilter narrows the audit log; empty fields do not filter.
type AuditFilter struct {
	Before    string
	Limit     int
	Actor     string // user id
	Action    string // exact action name, or a prefix ending in "." ("admin.": a server admin's changes)
	Workspace string
	From, To  int64 // unix ms; To exclusive
}

// ServerSettings are the settings a server admin may change while the
// server runs. Each is persisted in the server's database and wins over the
// command-line flag from the moment it is set.
type ServerSettings struct {
	DefaultQuotaBytes int64 `json:"defaultQuotaBytes"` // a workspace without its own quota
	MaxFileBytes      int64 `json:"maxFileBytes"`      // one uploaded file
	InvitationDays    int   `json:"invitationDays"`    // how long an invitation stays valid
	LoginPerAccount   int   `json:"loginPerAccount"`   // failed logins per account before the lockout
}

// ServerSettingsPatch changes some settings; nil fields stay.
type ServerSettingsPatch struct {
	DefaultQuotaBytes *int64 `json:"defaultQuotaBytes,omitempty"`
	MaxFileBytes      *int64 `json:"maxFileBytes,omitempty"`
	InvitationDays    *int   `json:"invitationDays,omitempty"`
	LoginPerAccount   *int   `json:"loginPerAccount,omitempty"`
}

// ChangeEvent is the data of one server-sent "change" event on
// /api/workspaces/{ws}/events: the workspace's head moved.
type ChangeEvent struct {
	Head int64 `json:"head"`
}
