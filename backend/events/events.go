// Package events defines the events the backend publishes to the frontend,
// their payloads, and the Emitter that carries them. The Wails runtime is
// plugged in from app.go through Func; tests use Recorder.
package events

import (
	"encoding/json"
	"sync"
)

// Event names. The frontend subscribes to the same strings (src/api/events.ts).
const (
	ChatDelta        = "chat:delta"
	ChatDone         = "chat:done"
	ChatError        = "chat:error"
	DocumentProgress = "document:progress"
	DocumentStatus   = "document:status"
	DocumentsAdding  = "documents:adding" // files being copied in (a folder dropped or picked)
	DataChanged      = "data:changed"
	SyncStatus       = "sync:status"
	ModelPull        = "model:pull"
	FilesDropped     = "files:dropped"
	ChatImport       = "chat:import"
	ToolApproval     = "tool:approval"        // a tool call waits for the user's decision
	ToolApprovalDone = "tool:approval-closed" // that card is answered, timed out or cancelled
	BackupProgress   = "backup:progress"      // a backup, verify or restore running
	BackupScheduled  = "backup:scheduled"     // a scheduled backup failed (the user is told at once)
	ArchiveProgress  = "archive:progress"     // a workspace archive import or export running
	UpdateProgress   = "update:progress"      // an update being downloaded and installed
)

// Emitter publishes an event with one payload. Implementations must be safe
// for concurrent use and must not block for long.
type Emitter interface {
	Emit(name string, payload any)
}

// Func adapts a function (such as a closure over runtime.EventsEmit) to Emitter.
type Func func(name string, payload any)

func (f Func) Emit(name string, payload any) { f(name, payload) }

// Discard drops every event.
type Discard struct{}

func (Discard) Emit(string, any) {}

// Recorded is one event a Recorder saw.
type Recorded struct {
	Name    string
	Payload any
}

// Recorder keeps every event, for tests.
type Recorder struct {
	mu     sync.Mutex
	events []Recorded
	notify chan struct{}
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{notify: make(chan struct{}, 1)} }

func (r *Recorder) Emit(name string, payload any) {
	r.mu.Lock()
	r.events = append(r.events, Recorded{Name: name, Payload: payload})
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

// Events returns a copy of what was recorded, optionally only the given names.
func (r *Recorder) Events(names ...string) []Recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Recorded
	for _, e := range r.events {
		if len(names) == 0 || contains(names, e.Name) {
			out = append(out, e)
		}
	}
	return out
}

// Changed is signalled (without blocking) after each Emit; tests wait on it.
func (r *Recorder) Changed() <-chan struct{} { return r.notify }

// JSON returns every recorded payload encoded as JSON, for scans such as
// "no API key in any event".
func (r *Recorder) JSON() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, _ := json.Marshal(r.events)
	return string(b)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
