package mcp

import "sync"

// notifier calls the Manager's callbacks (OnStatus, OnToolsChanged) on a
// goroutine of its own, in the order the changes happened. Changes are
// posted while the server's lock is held, so the order is the real one;
// the callbacks run without any lock, so they may call back into the
// Manager (Status, Tools) without deadlock.
type notifier struct {
	mu     sync.Mutex
	queue  []func()
	closed bool
	wake   chan struct{}
	done   chan struct{}
}

func newNotifier() *notifier {
	n := &notifier{wake: make(chan struct{}, 1), done: make(chan struct{})}
	go n.run()
	return n
}

// post queues f; it never blocks.
func (n *notifier) post(f func()) {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return
	}
	n.queue = append(n.queue, f)
	n.mu.Unlock()
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

func (n *notifier) run() {
	defer close(n.done)
	for {
		<-n.wake
		for {
			n.mu.Lock()
			batch, closed := n.queue, n.closed
			n.queue = nil
			n.mu.Unlock()
			for _, f := range batch {
				f()
			}
			if len(batch) == 0 {
				if closed {
					return
				}
				break
			}
		}
	}
}

// close delivers what is queued, then stops.
func (n *notifier) close() {
	n.mu.Lock()
	n.closed = true
	n.mu.Unlock()
	select {
	case n.wake <- struct{}{}:
	default:
	}
	<-n.done
}
