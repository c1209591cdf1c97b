package server

import (
	"crypto/rand"
	"encoding/base64"

	"github.com/google/uuid"
)

// newID returns a UUIDv7: unique and ordered by creation time.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// randomSecret returns n random bytes as URL-safe text (passwords, setup tokens).
func randomSecret(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
