// Package onejob is the slot of a service that runs one cancellable job at
// a time (a backup, a workspace archive, a chat import): a second job is
// refused while one runs, and Cancel stops the running one.
package onejob

import (
	"context"
	"sync"
)

// Slot holds the running job, if any. The zero value is an empty slot.
type Slot struct {
	mu     sync.Mutex
	cancel context.CancelFunc // of the running job, nil when idle
	name   string
}

// Begin claims the slot for a job called name and returns the job's
// context and end, which releases the slot (call it once, when the job is
// done). ok is false, and running names the job that holds the slot, when
// one runs already.
func (s *Slot) Begin(ctx context.Context, name string) (job context.Context, end func(), running string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		return nil, nil, s.name, false
	}
	job, cancel := context.WithCancel(ctx)
	s.cancel, s.name = cancel, name
	return job, func() {
		cancel()
		s.mu.Lock()
		s.cancel, s.name = nil, ""
		s.mu.Unlock()
	}, "", true
}

// Cancel stops the running job; false when none runs.
func (s *Slot) Cancel() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel == nil {
		return false
	}
	s.cancel()
	return true
}

// Running names the running job, "" when idle.
func (s *Slot) Running() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.name
}
