//go:build unix

package chat

import (
	"bufio"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/store"
)

// TestSIGKILLMidStreamKeepsTheSavedText kills a real process (this test
// binary in child mode) with SIGKILL while an answer streams, restarts on
// its data dir and checks the answer is there, interrupted, with the text
// saved so far, and can be regenerated.
func TestSIGKILLMidStreamKeepsTheSavedText(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey("sk-test"))
	story := llmtest.Words(strings.Repeat("once upon a time there was a tiny robot who ", 60))
	srv.PushChat(llmtest.Script{Text: story, DeltaDelay: 15 * time.Millisecond}) // ~10 s: killed long before
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashDirEnv+"="+dir, crashURLEnv+"="+srv.OpenAIURL())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	lines := bufio.NewScanner(out)
	var answerID string
	for lines.Scan() {
		if id, ok := strings.CutPrefix(lines.Text(), "answer "); ok {
			answerID = id
			break
		}
	}
	if answerID == "" {
		t.Fatal("the child did not start an answer")
	}

	// Wait until the child has saved some of the answer (the app saves every 2 s).
	ro, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.FileName)+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	deadline := time.Now().Add(15 * time.Second)
	saved := ""
	for saved == "" {
		if time.Now().After(deadline) {
			t.Fatal("no text was saved while streaming")
		}
		time.Sleep(100 * time.Millisecond)
		ro.QueryRow(`SELECT content FROM messages WHERE id = ?`, answerID).Scan(&saved)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed = true
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, not SIGKILL", err)
	}
	ro.Close()

	// Restart on the same data dir, as the app does.
	ctx := context.Background()
	db, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec := events.NewRecorder()
	svc := NewService(Deps{DB: db, Resolver: urlResolver{srv.OpenAIURL()}, Events: rec})
	defer svc.Close()
	n, err := svc.RecoverInterrupted(ctx)
	if err != nil || n != 1 {
		t.Fatalf("recovered %d answers, %v", n, err)
	}
	m, err := svc.GetMessage(ctx, answerID)
	if err != nil {
		t.Fatal(err)
	}
	full := strings.Join(story, "")
	if m.Status != StatusInterrupted || m.Error == "" || len(m.Content) < len(saved) || !strings.HasPrefix(full, m.Content) || m.Content == full {
		t.Fatalf("after the crash: status %s, error %q, %d of %d bytes (saved %d seen before the kill)", m.Status, m.Error, len(m.Content), len(full), len(saved))
	}
	t.Logf("kept %d of %d bytes of the answer", len(m.Content), len(full))

	srv.PushChat(llmtest.Script{Text: []string{"A short ", "story."}})
	again, err := svc.Regenerate(ctx, answerID)
	if err != nil {
		t.Fatal(err)
	}
	for done := false; !done; {
		for _, e := range rec.Events(events.ChatDone, events.ChatError) {
			if p, ok := e.Payload.(events.ChatDonePayload); ok && p.MessageID == again.ID {
				done = true
			} else if p, ok := e.Payload.(events.ChatErrorPayload); ok && p.MessageID == again.ID {
				t.Fatalf("regenerate failed: %s", p.Message)
			}
		}
		if !done {
			select {
			case <-rec.Changed():
			case <-time.After(10 * time.Second):
				t.Fatal("regenerate did not finish")
			}
		}
	}
	v, err := svc.ViewChat(ctx, m.ChatID, 0, "")
	if err != nil || len(v.Messages) != 2 || v.Messages[1].ID != again.ID || v.Messages[1].Content != "A short story." ||
		len(v.Messages[1].SiblingIDs) != 2 || v.Messages[1].SiblingIDs[0] != answerID {
		t.Fatalf("after regenerate: %+v %v", v.Messages, err)
	}
}
