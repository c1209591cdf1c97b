// Package chat owns chats and messages: creating and listing chats, the runs
// that stream an answer from a model, branches (regenerate, edit), search,
// titles, and import/export. A run depends on other domains only through the
// small interfaces in deps.go.
package chat

import (
	"strings"
	"unicode"

	"bookbag/backend/apperr"
)

// Chat is one conversation as the sidebar and the chat screen see it.
type Chat struct {
	ID           string    `json:"id"`
	WorkspaceID  string    `json:"workspaceId"`
	Title        string    `json:"title"`
	ModelRef     string    `json:"modelRef"`
	ProfileID    string    `json:"profileId"`
	SystemPrompt string    `json:"systemPrompt"`
	Params       Overrides `json:"params"`
	Pinned       bool      `json:"pinned"`
	ArchivedAt   int64     `json:"archivedAt"`
	Shared       bool      `json:"shared"`
	ActiveLeafID string    `json:"activeLeafId"`
	Source       string    `json:"source"`
	AuthorID     string    `json:"authorId"`
	CreatedAt    int64     `json:"createdAt"`
	UpdatedAt    int64     `json:"updatedAt"`
}

// Overrides are a chat's own parameter values; nil means "not overridden".
type Overrides struct {
	Temperature     *float64 `json:"temperature,omitempty"`
	TopP            *float64 `json:"topP,omitempty"`
	MaxTokens       *int     `json:"maxTokens,omitempty"`
	ContextLength   *int     `json:"contextLength,omitempty"`
	ReasoningEffort *string  `json:"reasoningEffort,omitempty"`
	Think           *bool    `json:"think,omitempty"`
	// ToolsOff narrows the workspace's tools in this chat: server names,
	// or "server/tool".
	ToolsOff []string `json:"toolsOff,omitempty"`
}

// Message statuses.
const (
	StatusComplete    = "complete"
	StatusStreaming   = "streaming"
	StatusStopped     = "stopped"
	StatusInterrupted = "interrupted" // the app died while it streamed
	StatusError       = "error"
)

// Message kinds: text is what people and models said; the others come from imports.
const (
	KindText       = "text"
	KindReasoning  = "reasoning"
	KindToolCall   = "tool_call"
	KindToolOutput = "tool_output"
)

// Message is one node of a chat's message tree.
type Message struct {
	ID              string       `json:"id"`
	ChatID          string       `json:"chatId"`
	ParentID        string       `json:"parentId"`
	Role            string       `json:"role"`
	Kind            string       `json:"kind"`
	ToolName        string       `json:"toolName"`
	ToolServer      string       `json:"toolServer"` // the tool's server by its name when called ("" before 0014, or unknown)
	ToolCallID      string       `json:"toolCallId"` // a tool call and its output share it
	Notes           []Note       `json:"notes"`      // added by plugins (after an answer)
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
	AuthorID        string       `json:"authorId"`
	CreatedAt       int64        `json:"createdAt"`
	UpdatedAt       int64        `json:"updatedAt"`
	// Alternatives at this position (siblings, oldest first), for ‹ 2/3 ›.
	SiblingIDs []string `json:"siblingIds"`
}

// Citation is a numbered source given to the model with an answer.
type Citation struct {
	N            int     `json:"n"`
	DocumentID   string  `json:"documentId"`
	DocumentName string  `json:"documentName"`
	Page         int     `json:"page"`
	ChunkID      int64   `json:"chunkId"`
	Text         string  `json:"text"`
	Score        float64 `json:"score"`
	Cited        bool    `json:"cited"` // the answer refers to [N]
	// URL is a web source's address (imported browsing answers); empty for documents.
	URL string `json:"url,omitempty"`
}

// Attachment is an image (or, from imports, a reference to one) on a message.
type Attachment struct {
	SHA256  string `json:"sha256"`
	Name    string `json:"name"`
	MIME    string `json:"mime"`
	Size    int64  `json:"size"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Missing bool   `json:"missing"` // an imported reference whose bytes were not included
	// Ref is where a missing image came from (a ChatGPT file-service:// pointer).
	Ref string `json:"ref,omitempty"`
}

// AttachmentInput is an image sent with a message: bytes from the webview
// (paste, file input) or a path from a file dialog or drop.
type AttachmentInput struct {
	Name string `json:"name"`
	MIME string `json:"mime"`
	Data []byte `json:"data"`
	Path string `json:"path"`
}

// SendInput is a new user message.
type SendInput struct {
	ChatID      string            `json:"chatId"`
	Content     string            `json:"content"`
	Attachments []AttachmentInput `json:"attachments"`
}

// SendResult is returned at once; the answer streams as events.
type SendResult struct {
	User      Message `json:"user"`
	Assistant Message `json:"assistant"`
}

// Totals are a chat's token usage.
type Totals struct {
	TokensIn  int  `json:"tokensIn"`
	TokensOut int  `json:"tokensOut"`
	Estimated bool `json:"estimated"`
	Messages  int  `json:"messages"`
}

// ChatView is a chat with the messages of the branch shown.
type ChatView struct {
	Chat     Chat      `json:"chat"`
	Messages []Message `json:"messages"`
	Totals   Totals    `json:"totals"`
	// HasMore is true when older messages of the branch were left out (paging).
	HasMore bool `json:"hasMore"`
}

// ChatPage is a page of the chat list, newest first.
type ChatPage struct {
	Chats  []Chat `json:"chats"`
	Cursor string `json:"cursor"` // pass back for the next page; empty at the end
}

// ListFilter selects chats for the sidebar.
type ListFilter struct {
	WorkspaceID string `json:"workspaceId"`
	Archived    bool   `json:"archived"`
	Cursor      string `json:"cursor"`
	Limit       int    `json:"limit"`
}

// Limits on input that would otherwise hurt the app or the provider.
const (
	maxMessageChars = 500_000
	maxTitleChars   = 200
	maxImageBytes   = 20 << 20
	maxAttachments  = 10
)

func validTitle(t string) (string, error) {
	t = oneLineTitle(t)
	if len([]rune(t)) > maxTitleChars {
		return "", apperr.New(apperr.Invalid, "a title has at most %d characters", maxTitleChars)
	}
	return t, nil
}

// oneLineTitle puts a title on one line with single spaces. Control
// characters (a NUL from an imported file) show as nothing and break file
// names: they count as spaces.
func oneLineTitle(t string) string {
	t = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, t)
	return strings.Join(strings.Fields(t), " ")
}

// Note is something a plugin (or the run) added under a message.
type Note struct {
	Source string `json:"source"`
	Text   string `json:"text"`
}
