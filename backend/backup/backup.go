// Package backup takes a whole data dir to one file and brings it back.
//
// A backup is a tar stream, gzip'd when asked, age-encrypted (scrypt,
// passphrase) when asked, in that order (compress, then encrypt):
//
//	manifest.json        first, so a reader knows every entry before it
//	                     streams them: app and schema version, the
//	                     embedding models in use, the providers that will
//	                     need their key again, and the size and SHA-256 of
//	                     every entry that follows
//	bookbag.db           a VACUUM INTO snapshot of the live database
//	files/ab/cd/<sha256> every stored file, as backend/blob keeps them
//
// API keys are never in it: they live in the OS keychain, and the manifest
// names the providers that need one entered again.
//
// Restore reads the whole archive, checking each entry against the
// manifest as it streams it into a new folder beside the data dir, checks
// the database it got, and only then marks that folder pending. The next
// start swaps it in with two renames before the database is opened
// (ApplyPending), keeping the previous data dir aside until the user
// removes it. Nothing touches the live data dir before that.
package backup

import (
	"bytes"
	"io"
)

// Format names the backup format in its manifest.
const Format = "bookbag-backup"

// Version is the layout version this build writes and reads.
const Version = 1

// Names inside the archive.
const (
	manifestName = "manifest.json"
	dbName       = "bookbag.db" // same as store.FileName
	filesDir     = "files"
	noticeName   = "restored-from.json" // written into a staged dir, read after the swap
)

// Manifest describes a backup; it is the archive's first entry.
type Manifest struct {
	Format        string         `json:"format"`
	Version       int            `json:"version"`
	AppVersion    string         `json:"appVersion"`
	SchemaVersion int            `json:"schemaVersion"`
	CreatedAt     int64          `json:"createdAt"` // Unix ms
	Embeddings    []EmbeddingUse `json:"embeddings"`
	Providers     []ProviderKey  `json:"providers"` // need their API key entered again
	// Secrets are the other secrets the keychain holds and the backup does
	// not, in words (a tool server's values, the scheduled backups'
	// passphrase): they are entered again after a restore elsewhere.
	Secrets    []string `json:"secrets"`
	Entries    []Entry  `json:"entries"` // every entry after the manifest, in order
	TotalBytes int64    `json:"totalBytes"`
}

// Entry is one file in the archive.
type Entry struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// EmbeddingUse is an embedding model the backed-up chunks were made with.
type EmbeddingUse struct {
	WorkspaceID string `json:"workspaceId"`
	Ref         string `json:"ref"`
	Dimensions  int    `json:"dimensions"`
	Chunks      int    `json:"chunks"`
}

// ProviderKey is a provider whose API key is not in the backup.
type ProviderKey struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Preset string `json:"preset"`
	KeyEnv string `json:"keyEnv"` // the environment variable that can hold it instead, if any
}

// Options choose how a backup is written.
type Options struct {
	Passphrase string `json:"passphrase"` // "" = not encrypted
	Compress   bool   `json:"compress"`
}

// Result tells what a backup wrote.
type Result struct {
	Path      string        `json:"path"` // "" when the save dialog was cancelled
	Bytes     int64         `json:"bytes"`
	Files     int           `json:"files"`
	Encrypted bool          `json:"encrypted"`
	CreatedAt int64         `json:"createdAt"`
	Providers []ProviderKey `json:"providers"`
	TookMs    int64         `json:"tookMs"`
}

// Inspection is what the first entry of a backup says, read without
// checking the rest.
type Inspection struct {
	Path            string         `json:"path"`
	Encrypted       bool           `json:"encrypted"`
	NeedsPassphrase bool           `json:"needsPassphrase"` // encrypted and no passphrase given: ask for one
	Compatible      bool           `json:"compatible"`      // schema not newer than this app
	Problem         string         `json:"problem"`         // why it cannot be restored, when Compatible is false
	AppVersion      string         `json:"appVersion"`
	SchemaVersion   int            `json:"schemaVersion"`
	CreatedAt       int64          `json:"createdAt"`
	Files           int            `json:"files"`
	TotalBytes      int64          `json:"totalBytes"`
	Embeddings      []EmbeddingUse `json:"embeddings"`
	Providers       []ProviderKey  `json:"providers"`
	Secrets         []string       `json:"secrets"` // see Manifest.Secrets
}

// Verification is a full check of a backup: every entry read and hashed.
type Verification struct {
	OK       bool       `json:"ok"`
	Manifest Inspection `json:"manifest"`
	Checked  int        `json:"checked"` // entries whose hash matched
	Bytes    int64      `json:"bytes"`
}

// Pending is a verified restore waiting for the next start.
type Pending struct {
	Pending   bool          `json:"pending"`
	Dir       string        `json:"dir"` // the staged folder beside the data dir
	Source    string        `json:"source"`
	StagedAt  int64         `json:"stagedAt"`
	CreatedAt int64         `json:"createdAt"` // when the backup was taken
	Providers []ProviderKey `json:"providers"`
	Problem   string        `json:"problem"` // why the last start did not swap it in, "" when none tried
}

// Notice is what the app tells the user after a restore was swapped in:
// it stays until dismissed.
type Notice struct {
	Restored   bool           `json:"restored"`
	Source     string         `json:"source"`
	CreatedAt  int64          `json:"createdAt"` // when the backup was taken
	RestoredAt int64          `json:"restoredAt"`
	AppVersion string         `json:"appVersion"`
	AsideDir   string         `json:"asideDir"` // where the previous data went
	Providers  []ProviderKey  `json:"providers"`
	Secrets    []string       `json:"secrets"` // see Manifest.Secrets
	Embeddings []EmbeddingUse `json:"embeddings"`
}

// KeptFolder is a previous data dir kept aside by a restore.
type KeptFolder struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	KeptAt int64  `json:"keptAt"` // Unix ms (the folder's modification time)
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
