package backup

import (
	"context"
	"log/slog"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/secrets"
	"bookbag/backend/store"
)

// Providers lists the providers that will need their API key entered again
// after a restore (those that need one at all). It must not read keys.
type Providers interface {
	NeedKeys(ctx context.Context) ([]ProviderKey, error)
}

// Secrets lists, in words, what else keeps a secret in the keychain that
// a restore on another computer needs entered again ("tool server files:
// API_KEY (Settings → Tools)"). It must not read the secrets.
type Secrets interface {
	NeedSecrets(ctx context.Context) ([]string, error)
}

// Embeddings lists the embedding models the stored chunks were made with.
type Embeddings interface {
	InUse(ctx context.Context) ([]EmbeddingUse, error)
}

// Deps is what the service needs. DB may be nil (the database could not be
// opened): then restore still works and backup says why it cannot.
type Deps struct {
	DB         *store.DB
	DataDir    string
	AppVersion string
	Providers  Providers
	Embeddings Embeddings
	Others     Secrets // nil: none
	Config     Config  // what a settings-only export carries; nil without a database
	// Secrets keeps the passphrase of encrypted scheduled backups (the OS
	// keychain); nil: scheduled backups cannot be encrypted.
	Secrets secrets.Store
	Events  events.Emitter
	Log     *slog.Logger
	Now     func() time.Time // the clock; time.Now when nil
	// ScryptLogN is age's scrypt work factor for new encrypted backups; 0
	// keeps age's default (2^18, about a second). Tests lower it.
	ScryptLogN int
}
