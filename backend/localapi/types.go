// Package localapi is the app's local OpenAI-compatible HTTP server: other
// programs on this computer (or, when chosen, the LAN) use the enabled
// models and every workspace as a model, with bearer tokens made in
// Settings. It owns its tokens and the record of requests; models,
// workspaces and a workspace's prompt come from their owners through the
// interfaces in deps.go.
package localapi

// Config is what Settings changes. The server listens only when Enabled.
type Config struct {
	Enabled bool `json:"enabled"`
	Port    int  `json:"port"`
	// LAN listens on every interface instead of 127.0.0.1: other machines
	// on the network can reach it (tokens still apply).
	LAN bool `json:"lan"`
	// CORSOrigins are the browser origins allowed to call ("*": any).
	CORSOrigins []string `json:"corsOrigins"`
	// RecordChats keeps each answered request to a workspace as a chat of
	// that workspace (source "api"), besides the request record.
	RecordChats bool `json:"recordChats"`
}

// DefaultPort is where the server listens unless told otherwise.
const DefaultPort = 8765

// DefaultConfig is the configuration before anything was chosen: off.
func DefaultConfig() Config { return Config{Port: DefaultPort, CORSOrigins: []string{}} }

// Status is what the Settings page shows.
type Status struct {
	Config  Config `json:"config"`
	Running bool   `json:"running"`
	URL     string `json:"url"`   // the base URL clients use (…/v1), when running
	Error   string `json:"error"` // why it is not running though enabled (port taken…)
	// LANURLs are the base URLs for other computers, when it runs on the LAN.
	LANURLs []string `json:"lanUrls"`
}

// TokenInput creates a token for every workspace or for some.
type TokenInput struct {
	Name          string   `json:"name"`
	AllWorkspaces bool     `json:"allWorkspaces"`
	WorkspaceIDs  []string `json:"workspaceIds"`
}

// Token is a token as the list shows it: never the secret, only its prefix.
type Token struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Prefix        string   `json:"prefix"`
	AllWorkspaces bool     `json:"allWorkspaces"`
	WorkspaceIDs  []string `json:"workspaceIds"`
	CreatedAt     int64    `json:"createdAt"`
	LastUsedAt    int64    `json:"lastUsedAt"`
	RevokedAt     int64    `json:"revokedAt"`
}

// NewToken is a token just created: Secret is shown this once and kept
// nowhere (only its hash is stored).
type NewToken struct {
	Token  Token  `json:"token"`
	Secret string `json:"secret"`
}

// Request is one recorded model request.
type Request struct {
	ID           string `json:"id"`
	CreatedAt    int64  `json:"createdAt"`
	TokenID      string `json:"tokenId"`
	TokenName    string `json:"tokenName"`
	Endpoint     string `json:"endpoint"` // chat | embeddings
	Model        string `json:"model"`
	ModelRef     string `json:"modelRef"`
	WorkspaceID  string `json:"workspaceId"`
	InputTokens  int    `json:"inputTokens"`
	OutputTokens int    `json:"outputTokens"`
	Estimated    bool   `json:"estimated"`
	Stream       bool   `json:"stream"`
	TTFTMs       int64  `json:"ttftMs"`
	DurationMs   int64  `json:"durationMs"`
	Status       int    `json:"status"`
	Error        string `json:"error"`
	Source       string `json:"source"`
}

// RequestPage is a page of requests, newest first.
type RequestPage struct {
	Items []Request `json:"items"`
	Total int       `json:"total"`
}
