package events

// Payloads of the events in DESIGN.md (Runs, events, files). Ids are camelCase
// in JSON; times are Unix milliseconds.

type ChatDeltaPayload struct {
	ChatID    string `json:"chatId"`
	MessageID string `json:"messageId"`
	Seq       int    `json:"seq"`
	Text      string `json:"text"`
	Thinking  string `json:"thinking"`
}

type Usage struct {
	Input     int  `json:"input"`
	Output    int  `json:"output"`
	Estimated bool `json:"estimated"`
}

type ChatDonePayload struct {
	ChatID       string  `json:"chatId"`
	MessageID    string  `json:"messageId"`
	Usage        Usage   `json:"usage"`
	TTFTMs       int64   `json:"ttftMs"`
	TokensPerSec float64 `json:"tokensPerSec"`
	FinishReason string  `json:"finishReason"`
}

type ChatErrorPayload struct {
	ChatID       string `json:"chatId"`
	MessageID    string `json:"messageId"`
	Code         string `json:"code"`
	Message      string `json:"message"`
	RetryAfterMs int64  `json:"retryAfterMs"`
}

type DocumentProgressPayload struct {
	WorkspaceID string `json:"workspaceId"`
	DocumentID  string `json:"documentId"`
	Stage       string `json:"stage"`
	Done        int    `json:"done"`
	Total       int    `json:"total"`
	// RetryAt is when a waiting embedding call is made again (Unix ms), on
	// the rate-limited and retrying stages only: the row counts down to it.
	RetryAt int64 `json:"retryAt,omitempty"`
}

// DocumentsAddingPayload is the progress of one add of files being copied
// into the documents (AddPaths), AddID telling it from others running at
// the same time: Listing while its folders are read, then Done of Total
// files, Name the one being copied. End marks the last event of the add,
// finished or stopped.
type DocumentsAddingPayload struct {
	AddID       string `json:"addId"`
	WorkspaceID string `json:"workspaceId"`
	ChatID      string `json:"chatId"`
	Listing     bool   `json:"listing"`
	Done        int    `json:"done"`
	Total       int    `json:"total"`
	Name        string `json:"name"`
	End         bool   `json:"end"`
}

// ChatImportPayload is the progress of a chat import: its stage ("checking"
// reads the whole file first, writing nothing; "importing" reads it again
// and writes it in batches), bytes of the file read in that stage of its
// total, the chats stored so far (what a cancel keeps) and the file's chats
// (counted by the check).
type ChatImportPayload struct {
	WorkspaceID string `json:"workspaceId"`
	Stage       string `json:"stage"`
	Done        int64  `json:"done"`
	Total       int64  `json:"total"`
	Chats       int    `json:"chats"`
	TotalChats  int    `json:"totalChats"`
}

type DocumentStatusPayload struct {
	WorkspaceID string `json:"workspaceId"`
	DocumentID  string `json:"documentId"`
	Status      string `json:"status"`
	Error       string `json:"error"`
	Chunks      int    `json:"chunks"`
}

type DataChangedPayload struct {
	WorkspaceID string   `json:"workspaceId"`
	Tables      []string `json:"tables"`
}

type SyncStatusPayload struct {
	WorkspaceID  string `json:"workspaceId"`
	State        string `json:"state"`
	Pending      int    `json:"pending"`
	LastSyncedAt int64  `json:"lastSyncedAt"`
	Error        string `json:"error"`
}

// ModelPullPayload reports an Ollama pull: bytes done of total, and a status line.
type ModelPullPayload struct {
	ProviderID string `json:"providerId"`
	Model      string `json:"model"`
	Status     string `json:"status"`
	Completed  int64  `json:"completed"`
	Total      int64  `json:"total"`
	Done       bool   `json:"done"`
	Error      string `json:"error"`
}

// FilesDroppedPayload: files dropped on the window, with the pointer position.
type FilesDroppedPayload struct {
	X     int      `json:"x"`
	Y     int      `json:"y"`
	Paths []string `json:"paths"`
}

// ToolApprovalPayload is an approval card: the call a model wants to make,
// waiting for the user until ExpiresAt (then it counts as denied).
type ToolApprovalPayload struct {
	ID          string `json:"id"`
	WorkspaceID string `json:"workspaceId"`
	ChatID      string `json:"chatId"`
	MessageID   string `json:"messageId"` // the tool_call message
	Server      string `json:"server"`
	Tool        string `json:"tool"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Arguments   string `json:"arguments"` // JSON object, editable
	ReadOnly    bool   `json:"readOnly"`
	Destructive bool   `json:"destructive"`
	ExpiresAt   int64  `json:"expiresAt"`
}

// ToolApprovalDonePayload closes an approval card.
type ToolApprovalDonePayload struct {
	ID       string `json:"id"`
	ChatID   string `json:"chatId"`
	Decision string `json:"decision"` // once | tool | server | deny | timeout | canceled
}

// BackupProgressPayload reports a backup (op "backup"), a check ("verify")
// or a restore being staged ("restore"): bytes done of total in a stage
// (snapshot, files, verify, check, done, failed, canceled).
type BackupProgressPayload struct {
	Op    string `json:"op"`
	Stage string `json:"stage"`
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
}

// BackupScheduledPayload is a scheduled backup that failed: why, and when.
type BackupScheduledPayload struct {
	Error string `json:"error"`
	At    int64  `json:"at"` // Unix ms
}

// ArchiveProgressPayload reports a workspace archive import (op "import":
// stages "checking" then "applying", rows done of total) or export (op
// "export": stages "rows", "chunks" and "files", done of total; total 0 when
// not known).
type ArchiveProgressPayload struct {
	WorkspaceID string `json:"workspaceId"` // "" while an import has not read its manifest
	Op          string `json:"op"`
	Stage       string `json:"stage"`
	Done        int64  `json:"done"`
	Total       int64  `json:"total"`
}

// UpdateProgressPayload reports an update being installed: stage "download"
// (bytes done of total) then "install" (the program being replaced, which
// can no longer be cancelled).
type UpdateProgressPayload struct {
	Stage string `json:"stage"`
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
}
