package chat

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
)

// importHook is an emitter that hands each chat-import progress report to
// a test's hook before recording it: the import waits for the hook.
type importHook struct {
	events.Emitter
	hook func(events.ChatImportPayload)
}

func (e *importHook) Emit(name string, payload any) {
	if p, ok := payload.(events.ChatImportPayload); ok && e.hook != nil {
		e.hook(p)
	}
	e.Emitter.Emit(name, payload)
}

// newImportHarness is a harness whose import reports go through a hook
// first, reporting every chat, in batches of at most 10 chats.
func newImportHarness(t *testing.T) (*harness, *importHook) {
	t.Helper()
	var hook *importHook
	h := newHarness(t, func(d *Deps) {
		hook = &importHook{Emitter: d.Events}
		d.Events = hook
	})
	h.svc.importEvery = 0
	h.svc.importBatchChats = 10
	return h, hook
}

func largeExport(t *testing.T, convs int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := writeLargeExport(&buf, convs, 6, 200); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// While a large export is imported, the rest of the app still writes: the
// import lets the writer go between batches of chats, so a rename and a
// whole chat turn (the question saved, the answer saving its text as it
// streams) get through while the import is held half-way.
func TestImportLetsOtherWritesThroughHalfWay(t *testing.T) {
	h, hook := newImportHarness(t)
	ctx := context.Background()
	const convs = 60
	data := largeExport(t, convs)
	c := h.newChat(t)
	story := llmtest.Words(strings.Repeat("a long answer streams while the chats are imported ", 40))
	h.srv.PushChat(llmtest.Script{Text: story, DeltaDelay: 5 * time.Millisecond})
	var answer string
	held := false
	hook.hook = func(p events.ChatImportPayload) {
		if held || p.Stage != "importing" || p.Chats == 0 || p.Chats >= convs {
			return
		}
		if h.db.W.Stats().InUse > 0 {
			return // reported inside a batch: the writer is the import's
		}
		held = true
		if _, err := h.svc.RenameChat(ctx, c.ID, "Renamed during the import"); err != nil {
			t.Errorf("rename during the import: %v", err)
			return
		}
		r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "Tell me a story"})
		if err != nil {
			t.Errorf("send during the import: %v", err)
			return
		}
		answer = r.Assistant.ID
		// The answer saves what it has while it streams (every saveEvery).
		deadline := time.Now().Add(10 * time.Second)
		for {
			m, err := h.svc.GetMessage(ctx, answer)
			if err == nil && m.Content != "" && m.Status == StatusStreaming {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("the streaming answer saved nothing while the import was held: %+v %v", m, err)
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	res, err := h.svc.ImportFrom(ctx, h.ws, "conversations.json", bytes.NewReader(data), int64(len(data)))
	if err != nil || res.ChatsAdded != convs || res.MessagesAdded != convs*7 {
		t.Fatalf("import %+v %v", res, err)
	}
	if !held {
		t.Fatal("the import held the writer from its first chat to its last")
	}
	if answer == "" {
		return // the hook said why
	}
	if e := h.wait(t, answer); e.Name != events.ChatDone {
		t.Fatalf("the answer ended with %+v", e)
	}
	m, err := h.svc.GetMessage(ctx, answer)
	if err != nil || m.Status != StatusComplete || m.Content != strings.Join(story, "") {
		t.Fatalf("answer %+v %v", m, err)
	}
	if got, _ := h.svc.GetChat(ctx, c.ID); got.Title != "Renamed during the import" {
		t.Fatalf("title %q", got.Title)
	}
}

// countImported counts the chats and messages stored, and their change-log
// entries.
func countImported(t *testing.T, h *harness) (chats, messages, logged int) {
	t.Helper()
	return countRows(t, h, `SELECT count(*) FROM chats`), countRows(t, h, `SELECT count(*) FROM messages`),
		countRows(t, h, `SELECT count(*) FROM change_log WHERE table_name IN ('chats', 'messages')`)
}

// A cancel keeps the batches already written, exactly the chats the last
// report counted, and says so; importing the file again adds the rest,
// nothing twice.
func TestImportCancelledKeepsWhatItReported(t *testing.T) {
	h, hook := newImportHarness(t)
	ctx := context.Background()
	const convs, perChat = 60, 7 // 6 messages and one regenerated answer
	data := largeExport(t, convs)
	var last events.ChatImportPayload
	hook.hook = func(p events.ChatImportPayload) {
		last = p
		if p.Stage == "importing" && p.Chats >= 20 {
			h.svc.CancelImport()
		}
	}
	_, err := h.svc.ImportFrom(ctx, h.ws, "conversations.json", bytes.NewReader(data), int64(len(data)))
	chats, messages, logged := countImported(t, h)
	if !apperr.Is(err, apperr.Canceled) || chats != last.Chats || chats < 20 || chats >= convs || last.TotalChats != convs {
		t.Fatalf("cancelled import: %v; %d chats stored, last report %+v", err, chats, last)
	}
	want := fmt.Sprintf("import cancelled after %d of %d chats: those %d are kept, and importing the file again adds the rest without duplicates", chats, convs, chats)
	if apperr.MessageOf(err) != want {
		t.Fatalf("message %q, want %q", apperr.MessageOf(err), want)
	}
	if messages != chats*perChat || logged != chats+messages {
		t.Fatalf("%d chats kept with %d messages and %d logged changes", chats, messages, logged)
	}
	if ch := h.rec.Events(events.DataChanged); len(ch) == 0 {
		t.Fatal("the chats kept were not announced")
	}

	hook.hook = nil
	res, err := h.svc.Import(ctx, h.ws, "conversations.json", data)
	if err != nil || res.ChatsAdded != convs-chats || res.ChatsSkipped != chats || res.MessagesAdded != (convs-chats)*perChat ||
		res.MessagesSkipped != chats*perChat || len(res.ChatIDs) != convs {
		t.Fatalf("import after the cancel %+v %v", res, err)
	}
	if c, m, l := countImported(t, h); c != convs || m != convs*perChat || l != c+m {
		t.Fatalf("after importing again: %d chats, %d messages, %d logged changes", c, m, l)
	}
}

// A conversation damaged late in the file is found by the check, before
// anything is written: nothing of the file is stored.
func TestImportDamagedLateChangesNothing(t *testing.T) {
	h, hook := newImportHarness(t)
	var stages []string
	hook.hook = func(p events.ChatImportPayload) { stages = append(stages, p.Stage) }
	data := largeExport(t, 60)
	bad := append(bytes.TrimSuffix(data, []byte("]")), []byte(`,{"id":"bad","mapping":"not an object"}]`)...)
	_, err := h.svc.Import(context.Background(), h.ws, "conversations.json", bad)
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), "expected shape") ||
		strings.Contains(apperr.MessageOf(err), "kept") {
		t.Fatalf("damaged import: %v", err)
	}
	if c, m, l := countImported(t, h); c+m+l != 0 {
		t.Fatalf("a damaged file left %d chats, %d messages, %d logged changes", c, m, l)
	}
	if strings.Contains(strings.Join(stages, " "), "importing") {
		t.Fatal("a damaged file got past the check")
	}
}

// swappedFile is a file that can change while it is read (a download still
// being written, a synced folder updating it).
type swappedFile struct {
	mu   sync.Mutex
	data []byte
}

func (f *swappedFile) ReadAt(p []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return bytes.NewReader(f.data).ReadAt(p, off)
}

func (f *swappedFile) swap(b []byte) { f.mu.Lock(); f.data = b; f.mu.Unlock() }

// A file that turns out damaged while it is written (it changed after the
// check) stops the import: the batches written stay, exactly what the last
// report counted, and the error says so; the whole file imported again adds
// the rest.
func TestImportFailingWhileWritingKeepsWhatItReported(t *testing.T) {
	h, hook := newImportHarness(t)
	ctx := context.Background()
	const convs = 60
	data := largeExport(t, convs)
	at := bytes.Index(data, []byte(`"id":"00000000-0000-4000-8000-000000000045"`))
	at += bytes.Index(data[at:], []byte(`"mapping":{`)) + len(`"mapping":`)
	changed := bytes.Clone(data)
	changed[at] = '[' // conversation 46 is no longer JSON
	file := &swappedFile{data: data}
	var last events.ChatImportPayload
	hook.hook = func(p events.ChatImportPayload) {
		last = p
		if p.Stage == "importing" && p.Done == 0 {
			file.swap(changed) // the check is over
		}
	}
	_, err := h.svc.ImportFrom(ctx, h.ws, "conversations.json", file, int64(len(data)))
	chats, messages, _ := countImported(t, h)
	if !apperr.Is(err, apperr.Invalid) || chats != last.Chats || chats == 0 || chats > 45 || messages != chats*7 {
		t.Fatalf("import of a changed file: %v; %d chats stored, last report %+v", err, chats, last)
	}
	msg := apperr.MessageOf(err)
	if !strings.Contains(msg, "not valid JSON") || !strings.Contains(msg, fmt.Sprintf("the import stopped after %d of %d chats: those %d are kept", chats, convs, chats)) {
		t.Fatalf("message %q", msg)
	}
	hook.hook = nil
	res, err := h.svc.Import(ctx, h.ws, "conversations.json", data)
	if err != nil || res.ChatsAdded != convs-chats || res.ChatsSkipped != chats {
		t.Fatalf("import again %+v %v", res, err)
	}
}

// An image stored by a batch that a cancel rolls back is removed with it:
// no file is left that no message names. The zip imported again stores it.
func TestImportCancelledRemovesTheOpenBatchImages(t *testing.T) {
	h, hook := newImportHarness(t)
	ctx := context.Background()
	upload := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte("balcony"), 50)...)
	zipped := exportZip(t, readSample(t), map[string][]byte{"file-MZckMZjoatVsGSQwE7y6DO-IMG_2041.jpeg": upload})
	named := func() int {
		return countRows(t, h, `SELECT count(*) FROM messages WHERE attachments LIKE ?`, `%`+sumOf(upload)+`%`)
	}
	cancelled := false
	hook.hook = func(p events.ChatImportPayload) {
		// Reports come after each chat written: the first that finds the
		// image stored comes from the batch that stored it, still open.
		if stored, _ := h.svc.blobs.Has(sumOf(upload)); stored && !cancelled && p.Stage == "importing" {
			h.svc.CancelImport()
			cancelled = true
		}
	}
	_, err := h.svc.Import(ctx, h.ws, "export.zip", zipped)
	if !apperr.Is(err, apperr.Canceled) || !cancelled {
		t.Fatalf("cancelled import: %v", err)
	}
	if stored, _ := h.svc.blobs.Has(sumOf(upload)); stored || named() != 0 {
		t.Fatalf("after the cancel: image stored %v, named by %d messages", stored, named())
	}
	hook.hook = nil
	if _, err := h.svc.Import(ctx, h.ws, "export.zip", zipped); err != nil {
		t.Fatal(err)
	}
	if stored, _ := h.svc.blobs.Has(sumOf(upload)); !stored || named() != 1 {
		t.Fatalf("imported again: image stored %v, named by %d messages", stored, named())
	}
}
