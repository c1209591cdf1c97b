package chat

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/dialog/dialogtest"
)

// PickChats imports the file chosen in the native dialog; a cancelled
// dialog imports nothing; SaveExport writes where the dialog says.
func TestChatFilesThroughTheDialogs(t *testing.T) {
	h := newHarness(t)
	fake := &dialogtest.Fake{}
	api := NewAPI(context.Background, h.svc, fake)
	res, err := api.PickChats(h.ws)
	if err != nil || res.Format != "" || len(res.ChatIDs) != 0 || res.ChatIDs == nil {
		t.Fatalf("cancelled: %+v %v", res, err)
	}
	if sh := fake.Last(); sh.Kind != "open" || sh.Filters[0].Pattern != "*.json;*.zip" {
		t.Fatalf("dialog shown: %+v", sh)
	}
	fake.File = filepath.Join(t.TempDir(), "conversations.json")
	if err := os.WriteFile(fake.File, readSample(t), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err = api.PickChats(h.ws)
	if err != nil || res.Format == "" || len(res.ChatIDs) == 0 {
		t.Fatalf("picked export: %+v %v", res, err)
	}
	fake.File = filepath.Join(t.TempDir(), "gone.json")
	if _, err := api.PickChats(h.ws); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a file that vanished: %v", err)
	}

	if p, err := api.SaveExport("Export chat", "chat.md", []byte("# hi")); err != nil || p != "" {
		t.Fatalf("cancelled save: %q %v", p, err)
	}
	fake.Save = filepath.Join(t.TempDir(), "chat.md")
	if p, err := api.SaveExport("Export chat", "chat.md", []byte("# hi")); err != nil || p != fake.Save {
		t.Fatalf("save: %q %v", p, err)
	}
	if b, _ := os.ReadFile(fake.Save); string(b) != "# hi" {
		t.Fatalf("saved %q", b)
	}
	if sh := fake.Last(); sh.Kind != "save" || sh.DefaultName != "chat.md" {
		t.Fatalf("save dialog: %+v", sh)
	}
	fake.Err = errors.New("no display")
	if _, err := api.PickChats(h.ws); !apperr.Is(err, apperr.Internal) {
		t.Fatalf("a dialog that fails: %v", err)
	}
}

// SaveExport replaces a file whole: the file it replaces is never cut or
// rewritten in place (another name for it still reads the old text), and no
// temporary file is left beside it.
func TestSaveExportReplacesTheFileWhole(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	fake := &dialogtest.Fake{Save: filepath.Join(dir, "Zoë – chat 🌴.md")}
	api := NewAPI(context.Background, h.svc, fake)
	if err := os.WriteFile(fake.Save, []byte("old export"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "link.md")
	if err := os.Link(fake.Save, other); err != nil {
		t.Fatal(err)
	}
	if p, err := api.SaveExport("Export chat", "chat.md", []byte("# new")); err != nil || p != fake.Save {
		t.Fatalf("save: %q %v", p, err)
	}
	if b, _ := os.ReadFile(fake.Save); string(b) != "# new" {
		t.Fatalf("saved %q", b)
	}
	if b, _ := os.ReadFile(other); string(b) != "old export" {
		t.Fatalf("the old file was rewritten in place: %q", b)
	}
	if left, _ := os.ReadDir(dir); len(left) != 2 {
		t.Fatalf("files left: %v", left)
	}
}
