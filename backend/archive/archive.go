// Package archive exports a whole workspace as one file and imports it on
// another machine: the manual way to carry or share a workspace before sync.
//
// A .bookbag archive is a ZIP:
//
//	manifest.json           format, version, app version, export time, the
//	                        workspace, row counts, model refs, and the size
//	                        and SHA-256 of every other entry
//	rows/<table>.jsonl      the workspace's synced rows as full snapshots (the
//	                        columns change_log carries), tombstones included,
//	                        one JSON object a line
//	chunks.jsonl            the documents' chunks and embeddings (derived data:
//	                        optional, rebuilt by indexing when absent)
//	files/<sha256>          the documents' files and the chats' images,
//	                        content-addressed
//
// API keys never enter an archive: providers are device-local, and models are
// named by portable refs that each device resolves (or reports missing).
//
// Import validates the whole archive first (manifest, layout, sizes, hashes,
// references) and refuses a damaged, foreign or hostile one with a reason,
// changing nothing; then it applies the rows in one transaction with
// last-writer-wins by HLC (store.Tx.Apply), so importing twice adds nothing.
// This is the one cross-domain exporter: it reads the synced tables directly.
package archive

// Format names the archive format in its manifest.
const Format = "bookbag-workspace"

// Version is the archive layout version this build writes and reads.
const Version = 1

// Ext is the archive's file extension.
const Ext = ".bookbag"

// Manifest describes an archive. It is the first thing import checks.
type Manifest struct {
	Format        string         `json:"format"`
	Version       int            `json:"version"`
	AppVersion    string         `json:"appVersion"`
	ExportedAt    int64          `json:"exportedAt"` // Unix ms
	WorkspaceID   string         `json:"workspaceId"`
	WorkspaceName string         `json:"workspaceName"`
	Counts        map[string]int `json:"counts"`       // rows per table, plus "chunks" and "files"
	ModelRefs     []string       `json:"modelRefs"`    // every model the workspace refers to
	MissingFiles  []string       `json:"missingFiles"` // files the exporting device no longer had
	Entries       []Entry        `json:"entries"`      // every entry but the manifest
}

// Entry is one file in the archive.
type Entry struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Chunk is one chunk of a document as the archive carries it.
type Chunk struct {
	DocumentID   string `json:"documentId"`
	Ordinal      int    `json:"ordinal"`
	Page         int    `json:"page"`
	StartOffset  int    `json:"startOffset"`
	EndOffset    int    `json:"endOffset"`
	Text         string `json:"text"`
	Context      string `json:"context"`
	Embedding    []byte `json:"embedding,omitempty"` // little-endian float32s
	EmbeddingRef string `json:"embeddingRef"`
}

// ExportResult tells what an export wrote.
type ExportResult struct {
	Path          string         `json:"path"` // "" for an export to memory, or when the dialog was cancelled
	WorkspaceName string         `json:"workspaceName"`
	Bytes         int64          `json:"bytes"`
	Counts        map[string]int `json:"counts"`
	MissingFiles  int            `json:"missingFiles"`
}

// Report tells what an import did.
type Report struct {
	WorkspaceID   string `json:"workspaceId"`
	WorkspaceName string `json:"workspaceName"` // as it is called here
	// RenamedFrom is the archive's name for the workspace when another
	// workspace here had it (WorkspaceName is then the name it got); "" otherwise.
	RenamedFrom  string        `json:"renamedFrom"`
	AppVersion   string        `json:"appVersion"` // of the exporting app
	ExportedAt   int64         `json:"exportedAt"`
	Created      bool          `json:"created"` // the workspace was new here
	Tables       []TableReport `json:"tables"`
	Added        int           `json:"added"`   // rows, all tables
	Updated      int           `json:"updated"` // rows that were older here
	Skipped      int           `json:"skipped"` // rows already here (same or newer)
	FilesAdded   int           `json:"filesAdded"`
	FilesPresent int           `json:"filesPresent"`
	Chunks       int           `json:"chunks"`  // chunks taken over from the archive
	Reindex      int           `json:"reindex"` // documents queued for indexing here
	// MissingModels are the model refs the workspace uses that no enabled
	// provider here has: add or enable one, nothing is guessed.
	MissingModels []string `json:"missingModels"`
	// MissingFiles are files the archive did not carry (the exporting device
	// had lost them).
	MissingFiles []string `json:"missingFiles"`
}

// TableReport counts one table's rows.
type TableReport struct {
	Table   string `json:"table"`
	Added   int    `json:"added"`
	Updated int    `json:"updated"`
	Skipped int    `json:"skipped"`
}

// Limits bound what import reads, against zip bombs and absurd archives.
type Limits struct {
	MaxEntries  int   // entries in the archive
	MaxFile     int64 // one stored file
	MaxRows     int64 // all rows/*.jsonl and chunks.jsonl together (held in memory)
	MaxTotal    int64 // everything, uncompressed
	MaxManifest int64
}

// DefaultLimits are what the app uses.
func DefaultLimits() Limits {
	return Limits{MaxEntries: 200_000, MaxFile: 512 << 20, MaxRows: 1 << 30, MaxTotal: 32 << 30, MaxManifest: 64 << 20}
}
