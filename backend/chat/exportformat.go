package chat

// The BookBag chat file: one chat with every branch of its message tree.
//
//	{"format": "bookbag-chat", "version": 1, "exportedAt": 1757853120000,
//	 "chat": {...}, "messages": [{... "parentId": ...}, ...]}
//
// It carries content only: no workspace, device or author ids, no profile id
// (a local row elsewhere) and never an API key. Attachments are references
// (SHA-256, name, type, size); their bytes stay in the data dir. Times are
// Unix milliseconds. Messages are listed parents first.

// File format name and the version this code writes and reads.
const (
	FileFormat  = "bookbag-chat"
	FileVersion = 1
)

// chatFile is the whole file.
type chatFile struct {
	Format     string        `json:"format"`
	Version    int           `json:"version"`
	ExportedAt int64         `json:"exportedAt"`
	Chat       fileChat      `json:"chat"`
	Messages   []fileMessage `json:"messages"`
}

// fileChat is a chat's portable part.
type fileChat struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	ModelRef     string    `json:"modelRef"`
	SystemPrompt string    `json:"systemPrompt"`
	Params       Overrides `json:"params"`
	Pinned       bool      `json:"pinned"`
	ArchivedAt   int64     `json:"archivedAt"`
	ActiveLeafID string    `json:"activeLeafId"`
	Source       string    `json:"source"`
	CreatedAt    int64     `json:"createdAt"`
	UpdatedAt    int64     `json:"updatedAt"`
}

// fileMessage is one node of the message tree.
type fileMessage struct {
	ID              string       `json:"id"`
	ParentID        string       `json:"parentId"`
	Role            string       `json:"role"`
	Kind            string       `json:"kind"`
	ToolName        string       `json:"toolName"`
	ToolServer      string       `json:"toolServer,omitempty"` // the server's name when called: an imported card names it
	ToolCallID      string       `json:"toolCallId,omitempty"`
	Notes           []Note       `json:"notes,omitempty"`
	Content         string       `json:"content"`
	Thinking        string       `json:"thinking"`
	ModelRef        string       `json:"modelRef"`
	TokensIn        int          `json:"tokensIn"`
	TokensOut       int          `json:"tokensOut"`
	TokensEstimated bool         `json:"tokensEstimated"`
	Status          string       `json:"status"`
	Error           string       `json:"error"`
	FinishReason    string       `json:"finishReason"`
	TTFTMs          int64        `json:"ttftMs"`
	TokensPerSec    float64      `json:"tokensPerSec"`
	Trimmed         int          `json:"trimmed"`
	Citations       []Citation   `json:"citations"`
	Attachments     []Attachment `json:"attachments"`
	CreatedAt       int64        `json:"createdAt"`
	UpdatedAt       int64        `json:"updatedAt"`
}

func toFileChat(c Chat) fileChat {
	return fileChat{ID: c.ID, Title: c.Title, ModelRef: c.ModelRef, SystemPrompt: c.SystemPrompt, Params: c.Params,
		Pinned: c.Pinned, ArchivedAt: c.ArchivedAt, ActiveLeafID: c.ActiveLeafID, Source: c.Source,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func toFileMessage(m Message) fileMessage {
	cits, atts := m.Citations, m.Attachments
	if cits == nil {
		cits = []Citation{}
	}
	if atts == nil {
		atts = []Attachment{}
	}
	return fileMessage{ID: m.ID, ParentID: m.ParentID, Role: m.Role, Kind: m.Kind, ToolName: m.ToolName, ToolServer: m.ToolServer, ToolCallID: m.ToolCallID, Notes: m.Notes,
		Content: m.Content, Thinking: m.Thinking, ModelRef: m.ModelRef, TokensIn: m.TokensIn, TokensOut: m.TokensOut,
		TokensEstimated: m.TokensEstimated, Status: m.Status, Error: m.Error, FinishReason: m.FinishReason,
		TTFTMs: m.TTFTMs, TokensPerSec: m.TokensPerSec, Trimmed: m.Trimmed, Citations: cits, Attachments: atts,
		CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}
