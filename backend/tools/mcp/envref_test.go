package mcp

import (
	"encoding/json"
	"strings"
	"testing"
)

// A secret a server takes only as an argument is kept in its env (the
// keychain) and named in the argument as ${env:NAME}: the process gets the
// value, the stored argument never holds it.
func TestArgsNameEnvVariables(t *testing.T) {
	cfg := stdioServer(t, "db", "-set", "DSN=postgresql://app:${env:DB_PASSWORD}@db.local/notes")
	cfg.Env = map[string]string{"DB_PASSWORD": "hunter2-correct-horse"}
	h := newHarness(t, cfg)
	res, err := h.Call(testCtx(t), "db", "getenv", json.RawMessage(`{"name":"DSN"}`))
	if err != nil || res.Text != "postgresql://app:hunter2-correct-horse@db.local/notes" {
		t.Fatalf("the server got %+v, %v", res, err)
	}
}

func TestArgsNamingAMissingEnvVariable(t *testing.T) {
	cfg := stdioServer(t, "db", "-set", "K=${env:API_KEY}")
	cfg.Env = map[string]string{"API_TOKEN": "x"}
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "args[1] uses ${env:API_KEY}") {
		t.Fatalf("validate: %v", err)
	}
	out, err := expandArgs([]string{"a${env:X}b${env:Y}", "$X ${X} ${env:X"}, map[string]string{"X": "1", "Y": "2"})
	if err != nil || strings.Join(out, "|") != "a1b2|$X ${X} ${env:X" {
		t.Fatalf("expand: %q %v", out, err)
	}
}
