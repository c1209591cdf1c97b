package main

import (
	"log/slog"
	"os"
	"sync"

	"bookbag/backend/events"
)

// logLevel is Info unless BOOKBAG_DEBUG is set.
func logLevel() slog.Level {
	if os.Getenv("BOOKBAG_DEBUG") != "" {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// emitter forwards events to Wails once it has started; before that (and in
// tests) they are dropped.
type emitter struct {
	mu sync.RWMutex
	to events.Emitter
}

func (e *emitter) set(to events.Emitter) {
	e.mu.Lock()
	e.to = to
	e.mu.Unlock()
}

func (e *emitter) Emit(name string, payload any) {
	e.mu.RLock()
	to := e.to
	e.mu.RUnlock()
	if to != nil {
		to.Emit(name, payload)
	}
}
