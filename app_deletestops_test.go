package main

import (
	"strings"
	"testing"
	"time"

	"bookbag/backend/chat"
	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/workspace"
)

// TestDeletingAWorkspaceStopsItsAnswers deletes a workspace while one of its
// answers streams: the answer stops at once (no model is called for a
// workspace that is gone, nor written into it once purged) and keeps what
// it had; an answer in another workspace goes on.
func TestDeletingAWorkspaceStopsItsAnswers(t *testing.T) {
	requireKeychain(t)
	srv := llmtest.Start(t)
	a, rec, personal := appWithFakeProvider(t, t.TempDir(), srv)
	t.Cleanup(a.close)
	doomed, err := a.api.workspaces.Create(workspace.Input{Name: "Doomed"})
	if err != nil {
		t.Fatal(err)
	}
	send := func(ws string) string {
		t.Helper()
		c, err := a.api.chat.CreateChat(ws, "openai:fake-chat")
		if err != nil {
			t.Fatal(err)
		}
		srv.PushChat(llmtest.Script{Text: llmtest.Words(strings.Repeat("tick ", 500)), DeltaDelay: 20 * time.Millisecond})
		sent, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "count"})
		if err != nil {
			t.Fatal(err)
		}
		return sent.Assistant.ID
	}
	gone, kept := send(doomed.ID), send(personal)
	streaming := func(id string) bool {
		for _, r := range a.chats.Running() {
			if r.MessageID == id && strings.Contains(r.Text, "tick") {
				return true
			}
		}
		return false
	}
	for !streaming(gone) || !streaming(kept) {
		<-rec.Changed()
	}

	if _, err := a.api.workspaces.Delete(doomed.ID); err != nil {
		t.Fatal(err)
	}
	finish := func(id string) string {
		for {
			for _, e := range rec.Events(events.ChatDone, events.ChatError) {
				if d, ok := e.Payload.(events.ChatDonePayload); ok && d.MessageID == id {
					return d.FinishReason
				}
				if d, ok := e.Payload.(events.ChatErrorPayload); ok && d.MessageID == id {
					return "error: " + d.Message
				}
			}
			<-rec.Changed()
		}
	}
	if got := finish(gone); got != "stopped" {
		t.Fatalf("the deleted workspace's answer ended %q", got)
	}
	if !streaming(kept) {
		t.Fatal("the other workspace's answer was stopped too")
	}
	if err := a.api.chat.Stop(kept); err != nil {
		t.Fatal(err)
	}
	finish(kept)
}
