package events

import (
	"strings"
	"testing"
)

func TestRecorderFiltersAndEncodes(t *testing.T) {
	r := NewRecorder()
	var e Emitter = r
	e.Emit(ChatDelta, ChatDeltaPayload{ChatID: "c", MessageID: "m", Seq: 1, Text: "hi"})
	e.Emit(DataChanged, DataChangedPayload{WorkspaceID: "w", Tables: []string{"chats"}})
	if got := r.Events(ChatDelta); len(got) != 1 || got[0].Payload.(ChatDeltaPayload).Text != "hi" {
		t.Fatalf("filter: %+v", got)
	}
	if len(r.Events()) != 2 {
		t.Fatal("all events not kept")
	}
	js := r.JSON()
	if !strings.Contains(js, `"chatId":"c"`) || !strings.Contains(js, `"workspaceId":"w"`) {
		t.Fatalf("camelCase ids missing from %s", js)
	}
	select {
	case <-r.Changed():
	default:
		t.Fatal("no change signal")
	}
}

func TestFuncAdapter(t *testing.T) {
	var got string
	Func(func(name string, _ any) { got = name }).Emit(SyncStatus, nil)
	if got != SyncStatus {
		t.Fatal("Func did not forward")
	}
}
