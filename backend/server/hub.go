package server

import "sync"

// hub wakes long polls in this process when a workspace gets new changes.
// Local pushes publish after commit; on PostgreSQL the listener publishes
// what other processes NOTIFY. A waiter subscribes before reading the head
// from the database, so a change committed in between is never missed.
type hub struct {
	mu     sync.Mutex
	topics map[string]chan struct{}
}

func newHub() *hub { return &hub{topics: map[string]chan struct{}{}} }

// subscribe returns a channel closed at the next publish for ws.
func (h *hub) subscribe(ws string) <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch, ok := h.topics[ws]
	if !ok {
		ch = make(chan struct{})
		h.topics[ws] = ch
	}
	return ch
}

// publish wakes the waiters of ws; an empty ws wakes everyone (the
// listener reconnected and may have missed notifications).
func (h *hub) publish(ws string, _ int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ws == "" {
		for k, ch := range h.topics {
			close(ch)
			delete(h.topics, k)
		}
		return
	}
	if ch, ok := h.topics[ws]; ok {
		close(ch)
		delete(h.topics, ws)
	}
}
