package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bookbag/backend/chat"
	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/models"
	"bookbag/backend/secrets"
)

// requireKeychain skips without a Secret Service, unless BOOKBAG_REQUIRE_KEYRING=1
// (make test), where a missing keychain is a failure.
func requireKeychain(t *testing.T) {
	t.Helper()
	st := secrets.NewKeyring(secrets.KeyringOptions{}).Status(context.Background())
	if st.Available {
		return
	}
	if os.Getenv("BOOKBAG_REQUIRE_KEYRING") == "1" {
		t.Fatalf("no usable keychain: %s", st.Reason)
	}
	t.Skipf("no usable keychain (%s); run under make test for the real Secret Service", st.Reason)
}

// TestAPIKeyOnlyInKeychain saves a key through the bound service, uses it for
// requests to the fake provider, and then looks for it everywhere else: every
// file of the data dir (the SQLite -wal too), the logs, an export, every event
// and every value the bound methods returned.
func TestAPIKeyOnlyInKeychain(t *testing.T) {
	requireKeychain(t)
	b := make([]byte, 16)
	rand.Read(b)
	key := "sk-leakcheck-" + hex.EncodeToString(b)
	srv := llmtest.Start(t, llmtest.WithAPIKey(key))

	dir := t.TempDir()
	a := NewApp(Flags{DataDir: dir})
	rec := events.NewRecorder()
	a.events.set(rec)
	var returned []any
	keep := func(v any, err error) any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		returned = append(returned, v)
		return v
	}

	boot := keep(a.Bootstrap()).(Bootstrap)
	p := keep(a.api.models.AddProvider(models.ProviderInput{Preset: "openai", Name: "Leak check", BaseURL: srv.OpenAIURL(), APIKey: key, Enabled: true})).(models.Provider)
	if p.Key.Source != models.KeyKeychain || p.Key.Hint != "…"+key[len(key)-4:] {
		t.Fatalf("key status %+v", p.Key)
	}
	res := keep(a.api.models.TestProvider(p.ID)).(models.TestResult)
	if !res.OK {
		t.Fatalf("the key did not work against the fake provider: %+v", res)
	}
	keep(a.api.models.ListProviders())
	keep(a.api.models.ListModels(p.ID))
	keep(a.api.models.Keychain(), nil)
	c := keep(a.api.chat.CreateChat(boot.CurrentWorkspaceID, "openai:fake-chat")).(chat.Chat)
	sent := keep(a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "hello"})).(chat.SendResult)
	waitDone(t, rec, sent.Assistant.ID)
	keep(a.api.chat.ViewChat(c.ID, 0, ""))
	keep(a.api.settings.Get())
	// A provider error must not echo the key either.
	srv.PushChat(llmtest.Script{Status: 401, ErrorMessage: "Incorrect API key provided: " + key})
	sent2 := keep(a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "again"})).(chat.SendResult)
	waitDone(t, rec, sent2.Assistant.ID)
	keep(a.api.chat.ViewChat(c.ID, 0, ""))
	exportChat(t, a, c.ID, &returned)
	archive := keep(a.api.archive.ExportWorkspaceBytes(boot.CurrentWorkspaceID)).([]byte)
	returned = append(returned, unzipAll(t, archive))

	// The key is in the keychain, for this provider.
	got, err := secrets.NewKeyring(secrets.KeyringOptions{}).Get(context.Background(), secrets.ProviderAccount(p.ID))
	if err != nil || got != key {
		t.Fatalf("key not in the keychain: %v", err)
	}
	needles := []string{key, key[len("sk-"):], base64.StdEncoding.EncodeToString([]byte(key))}
	// Scan while the app is open (the -wal file holds the newest pages) and after it closed.
	open := scanDir(t, dir, needles)
	if !open["bookbag.db-wal"] {
		t.Fatal("expected a -wal file while the app runs")
	}
	a.close()
	closed := scanDir(t, dir, needles)
	if !closed["bookbag.db"] || !closed["bookbag.log"] {
		t.Fatalf("database or log missing from the scan: %v", closed)
	}
	for _, n := range needles {
		if strings.Contains(rec.JSON(), n) {
			t.Error("API key found in an event")
		}
	}
	js, _ := json.Marshal(returned)
	for _, n := range needles {
		if strings.Contains(string(js), n) {
			t.Error("API key found in a value a bound method returned")
		}
	}

	// Removing the provider removes its key from the keychain.
	a2 := NewApp(Flags{DataDir: dir})
	defer a2.close()
	if err := a2.api.models.RemoveProvider(p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.NewKeyring(secrets.KeyringOptions{}).Get(context.Background(), secrets.ProviderAccount(p.ID)); err == nil {
		t.Fatal("key left in the keychain after the provider was removed")
	}
}

// unzipAll returns every entry of a ZIP archive, uncompressed, concatenated.
func unzipAll(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("workspace archive is not a zip: %v", err)
	}
	var all strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		all.Write(b)
	}
	if all.Len() == 0 {
		t.Fatal("empty archive")
	}
	return all.String()
}

// scanDir fails the test if any file under dir contains a needle; it returns
// the base names it read.
func scanDir(t *testing.T, dir string, needles []string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		seen[filepath.Base(path)] = true
		for _, n := range needles {
			if strings.Contains(string(data), n) {
				t.Errorf("API key found in %s", path)
			}
		}
		return nil
	})
	return seen
}

func waitDone(t *testing.T, rec *events.Recorder, messageID string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		for _, e := range rec.Events(events.ChatDone, events.ChatError) {
			switch p := e.Payload.(type) {
			case events.ChatDonePayload:
				if p.MessageID == messageID {
					return
				}
			case events.ChatErrorPayload:
				if p.MessageID == messageID {
					return
				}
			}
		}
		select {
		case <-rec.Changed():
		case <-deadline:
			t.Fatalf("no end event for %s", messageID)
		}
	}
}
