package rag

// Document statuses: pending -> processing -> completed | error.
const (
	StatusPending    = "pending"
	StatusProcessing = "processing"
	StatusCompleted  = "completed"
	StatusError      = "error"
)

// Progress stages of document:progress.
const (
	StageExtracting = "extracting"
	StageChunking   = "chunking"
	StageIndexing   = "indexing"
	StageEmbedding  = "embedding"
	// The embedding provider answered "rate limited" (StageRateLimited) or
	// failed in a way that may pass (StageRetrying): the batch at Done is
	// tried again after a wait (embedretry.go).
	StageRateLimited = "rate-limited"
	StageRetrying    = "retrying"
)

// FileFormat is one document format the app accepts (extract.Formats), for
// the webview's file inputs and drop checks.
type FileFormat struct {
	Extension string `json:"extension"` // lower case, with the dot: ".md"
	Label     string `json:"label"`     // what a person calls it: "MD" (a format with two extensions has two entries)
	MIME      string `json:"mime"`      // "text/markdown"
}

// Document is one file in a workspace (ChatID empty) or attached to one chat.
type Document struct {
	ID          string `json:"id"`
	WorkspaceID string `json:"workspaceId"`
	ChatID      string `json:"chatId"`
	Name        string `json:"name"`
	Mime        string `json:"mime"`
	Format      string `json:"format"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	Status      string `json:"status"`
	Error       string `json:"error"`
	Warning     string `json:"warning"`
	Chunks      int    `json:"chunks"`
	Pages       int    `json:"pages"`
	CreatedAt   int64  `json:"createdAt"`
	UpdatedAt   int64  `json:"updatedAt"`
}

// AddResult is one added file: the document (new, or the existing one when
// the same content was already in the same place) and whether it was a
// duplicate. RetriedFrom is the old name of a failed or canceled document
// of the same content that the file queued again under its own name.
type AddResult struct {
	Document    Document `json:"document"`
	Duplicate   bool     `json:"duplicate"`
	RetriedFrom string   `json:"retriedFrom,omitempty"`
}

// AddReport is the outcome of adding files and folders: a result per file
// added (or refused), and the files a folder held that are not documents.
type AddReport struct {
	Added   []AddResult `json:"added"`
	Skipped []string    `json:"skipped"` // files with unsupported extensions, by path relative to their folder (the first maxSkippedNames)
	// SkippedCount counts every skipped file (a source tree can hold
	// thousands; only the first names are listed).
	SkippedCount int `json:"skippedCount"`
	// Failed are the files that could not be read (gone, no permission):
	// each costs itself only, the others are added.
	Failed []AddFailure `json:"failed"`
	// NotAdded counts the files a CancelAdd left out (Stopped): the files
	// before them are added and queued.
	NotAdded int  `json:"notAdded"`
	Stopped  bool `json:"stopped"`
}

// AddFailure is a file of an add that could not be read, and why.
type AddFailure struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// DocumentPage is one page of List.
type DocumentPage struct {
	Items  []Document `json:"items"`
	Total  int        `json:"total"`
	Offset int        `json:"offset"`
	Limit  int        `json:"limit"`
}

// Source is one retrieved chunk, numbered for citation: Ordinal 1 is [1].
type Source struct {
	Ordinal      int     `json:"ordinal"`
	ChunkID      int64   `json:"chunkId"`
	DocumentID   string  `json:"documentId"`
	DocumentName string  `json:"documentName"`
	Page         int     `json:"page"`   // 1-based; 0 when the format has no pages
	Text         string  `json:"text"`   // the chunk text, as shown and given to the model
	Start        int     `json:"start"`  // character offsets in the document's text
	End          int     `json:"end"`    //
	Score        float64 `json:"score"`  // fused score in (0, 1]: 1 = first in every list
	BM25         float64 `json:"bm25"`   // keyword score (higher is better), 0 if not a keyword hit
	Vector       float64 `json:"vector"` // cosine similarity, 0 if not a vector hit
	// Relevance is how well the passage matches the question, in [0, 1]:
	// the larger of its keyword match (see rank.Rescoring.Rank) and its cosine
	// similarity. The workspace's minimum score applies to it: Score only
	// says where the passage ranks, never whether it is on topic.
	Relevance    float64 `json:"relevance"`
	ChunkOrdinal int     `json:"chunkOrdinal"`
}

// Search modes.
const (
	ModeHybrid  = "hybrid"
	ModeKeyword = "keyword"
)

// SearchRequest is the Documents page search box.
type SearchRequest struct {
	WorkspaceID string `json:"workspaceId"`
	ChatID      string `json:"chatId"`
	Query       string `json:"query"`
	Limit       int    `json:"limit"` // 0: the workspace's top-k
}

// SearchResult lists ranked chunks and says how they were found.
type SearchResult struct {
	Mode   string   `json:"mode"` // hybrid | keyword
	Note   string   `json:"note"` // e.g. why vectors were not used
	Hits   []Source `json:"hits"`
	TookMs int64    `json:"tookMs"`
}

// IndexStatus summarises a workspace's index for the Documents page.
type IndexStatus struct {
	WorkspaceID    string `json:"workspaceId"`
	Mode           string `json:"mode"` // hybrid | keyword
	EmbeddingModel string `json:"embeddingModel"`
	Documents      int    `json:"documents"` // the workspace's own (the Documents page lists these)
	InChats        int    `json:"inChats"`   // attached to one chat each
	Pending        int    `json:"pending"`
	Failed         int    `json:"failed"` // the workspace's own failed documents that can be read again (RetryFailed)
	// Refused counts the workspace's own documents refused when added (a
	// type it does not read, too large): nothing stored, nothing to retry.
	Refused     int  `json:"refused"`
	Chunks      int  `json:"chunks"`
	Embedded    int  `json:"embedded"`    // chunks embedded with the current model
	Reembedding bool `json:"reembedding"` // a re-embedding pass is running (CancelReembed stops it)
	// Unavailable says why the embedding model set cannot run on this
	// device (no provider, no key), when Mode is keyword because of it.
	Unavailable string `json:"unavailable"`
	// EmbedError says why the workspace's last embedding call failed (the
	// provider refused the key, is down…), until one succeeds: the chunks
	// it left without vectors are searched by keywords only.
	EmbedError string `json:"embedError"`
}
