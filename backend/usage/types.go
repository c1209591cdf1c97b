package usage

// Sources of a model call.
const (
	SourceChat      = "chat"      // the first model call of a chat answer
	SourceTool      = "tool"      // a call after tool results, in the same answer
	SourceTitle     = "title"     // a chat's title
	SourceRerank    = "rerank"    // a chat model re-ranking a question's sources
	SourceEmbedding = "embedding" // document ingest and query embeddings
	SourceAPI       = "api"       // the local OpenAI-compatible API
)

// Call is one model call as its caller reports it.
type Call struct {
	WorkspaceID  string // '' when the call belongs to no workspace
	ModelRef     string // llm.Ref ("openai:gpt-4o"); an embedding ref's "@dims" is dropped
	Source       string
	InputTokens  int64 // every prompt token, cached ones included
	OutputTokens int64
	CachedTokens int64 // of InputTokens, those read from the provider's cache
	Estimated    bool  // the provider gave no counts
	DurationMs   int64
	At           int64 // unix ms when the call ended; 0 is now
}

// Recorded is a stored call with the price that applied.
type Recorded struct {
	ID           string `json:"id"`
	At           int64  `json:"at"`
	WorkspaceID  string `json:"workspaceId"`
	ModelRef     string `json:"modelRef"`
	Provider     string `json:"provider"`
	Local        bool   `json:"local"`
	Source       string `json:"source"`
	InputTokens  int64  `json:"inputTokens"`
	OutputTokens int64  `json:"outputTokens"`
	CachedTokens int64  `json:"cachedTokens"`
	Estimated    bool   `json:"estimated"`
	DurationMs   int64  `json:"durationMs"`
	Priced       bool   `json:"priced"` // false: no price known, cost 0
	PriceInput   int64  `json:"priceInput"`
	PriceOutput  int64  `json:"priceOutput"`
	PriceCached  int64  `json:"priceCached"`
	CostMicros   int64  `json:"costMicros"`
	Sent         bool   `json:"sent"`
}

// Price is what a model costs per million tokens, in micro-USD, from a
// date on.
type Price struct {
	ID            string `json:"id"`
	Model         string `json:"model"` // a model id ("gpt-4o") or a whole ref ("openai:gpt-4o")
	InputMicros   int64  `json:"inputMicros"`
	OutputMicros  int64  `json:"outputMicros"`
	CachedMicros  int64  `json:"cachedMicros"`
	EffectiveFrom string `json:"effectiveFrom"` // YYYY-MM-DD, from 00:00 UTC
	Preset        bool   `json:"preset"`
	Note          string `json:"note"`
}

// Budget is a monthly limit in micro-USD; 0 means none. WorkspaceID ”
// is the whole app's.
type Budget struct {
	WorkspaceID string `json:"workspaceId"`
	SoftMicros  int64  `json:"softMicros"`
	HardMicros  int64  `json:"hardMicros"`
}

// BudgetState is one budget against this month's spending.
type BudgetState struct {
	Budget
	SpentMicros int64 `json:"spentMicros"`
	SoftReached bool  `json:"softReached"`
	HardReached bool  `json:"hardReached"`
}

// BudgetStatus is what a workspace's next call faces this month: its own
// budget and the app's.
type BudgetStatus struct {
	Month     string      `json:"month"` // YYYY-MM, in the device's time zone
	Workspace BudgetState `json:"workspace"`
	App       BudgetState `json:"app"`
}

// Totals sum calls.
type Totals struct {
	Calls         int64 `json:"calls"`
	InputTokens   int64 `json:"inputTokens"`
	OutputTokens  int64 `json:"outputTokens"`
	CachedTokens  int64 `json:"cachedTokens"`
	CostMicros    int64 `json:"costMicros"`
	UnpricedCalls int64 `json:"unpricedCalls"` // calls of a model without a price
}

func (t *Totals) add(o Totals) {
	t.Calls += o.Calls
	t.InputTokens += o.InputTokens
	t.OutputTokens += o.OutputTokens
	t.CachedTokens += o.CachedTokens
	t.CostMicros += o.CostMicros
	t.UnpricedCalls += o.UnpricedCalls
}

// Keyed is the totals of one model or workspace.
type Keyed struct {
	Key  string `json:"key"`  // model ref or workspace id
	Name string `json:"name"` // the workspace's name; the ref for a model
	Totals
}

// DayCell is the totals of one model or workspace on one day.
type DayCell struct {
	Day int    `json:"day"` // index into Summary.Days
	Key string `json:"key"`
	Totals
}

// Range is a span of whole days in a time zone, both ends included.
type Range struct {
	From        string `json:"from"` // YYYY-MM-DD
	To          string `json:"to"`   // YYYY-MM-DD, included
	TZ          string `json:"tz"`   // IANA name; '' is UTC
	WorkspaceID string `json:"workspaceId"`
	Model       string `json:"model"` // a model ref as recorded; '' is every model
}

// Summary is what the Usage page shows for a range.
type Summary struct {
	Range          Range     `json:"range"`
	Days           []string  `json:"days"`
	Total          Totals    `json:"total"`
	ByModel        []Keyed   `json:"byModel"`
	ByWorkspace    []Keyed   `json:"byWorkspace"`
	ByDayModel     []DayCell `json:"byDayModel"`
	ByDayWorkspace []DayCell `json:"byDayWorkspace"`
}

// CallQuery pages the calls of a range, newest first.
type CallQuery struct {
	Range
	Cursor string `json:"cursor"` // from the previous page's Next
	Limit  int    `json:"limit"`
}

// CallPage is one page of calls.
type CallPage struct {
	Calls []Recorded `json:"calls"`
	Next  string     `json:"next"` // '' on the last page
}
