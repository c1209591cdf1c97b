package chat

import (
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/llm"
)

type collector struct {
	mu     sync.Mutex
	chunks []chunk
	at     []time.Time
}

func (c *collector) emit(ch chunk) {
	c.mu.Lock()
	c.chunks = append(c.chunks, ch)
	c.at = append(c.at, time.Now())
	c.mu.Unlock()
}

func TestFirstDeltaIsImmediateThenCoalesced(t *testing.T) {
	var c collector
	s := newStreamer(50*time.Millisecond, c.emit)
	s.add(llm.Delta{Text: "Hel"})
	if len(c.chunks) != 1 || c.chunks[0].Text != "Hel" {
		t.Fatalf("first delta not emitted at once: %+v", c.chunks)
	}
	s.add(llm.Delta{Text: "lo"})
	s.add(llm.Delta{Thinking: "hmm"})
	s.add(llm.Delta{Text: " world"})
	c.mu.Lock()
	n := len(c.chunks)
	c.mu.Unlock()
	if n != 1 {
		t.Fatalf("later deltas not coalesced: %d emits", n)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		c.mu.Lock()
		n = len(c.chunks)
		c.mu.Unlock()
		if n == 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n != 2 || c.chunks[1].Text != "lo world" || c.chunks[1].Thinking != "hmm" || c.chunks[1].Seq != 2 {
		t.Fatalf("coalesced chunk: %+v", c.chunks)
	}
}

func TestCloseFlushesAndStopsEmitting(t *testing.T) {
	var c collector
	s := newStreamer(time.Hour, c.emit)
	s.add(llm.Delta{Text: "a"})
	s.add(llm.Delta{Text: "b"})
	s.close()
	s.add(llm.Delta{Text: "late"})
	if len(c.chunks) != 2 || c.chunks[1].Text != "b" {
		t.Fatalf("close: %+v", c.chunks)
	}
	text, _, first := s.snapshot()
	if text != "ab" || first.IsZero() {
		t.Fatalf("snapshot %q", text)
	}
}

// Text arrives in order and complete, whatever the timing.
func TestConcurrentTimingKeepsOrder(t *testing.T) {
	var c collector
	s := newStreamer(time.Millisecond, c.emit)
	var want strings.Builder
	for i := 0; i < 2000; i++ {
		tok := string(rune('a' + i%26))
		want.WriteString(tok)
		s.add(llm.Delta{Text: tok})
		if i%100 == 0 {
			time.Sleep(2 * time.Millisecond)
		}
	}
	s.close()
	var got strings.Builder
	for i, ch := range c.chunks {
		if ch.Seq != i+1 {
			t.Fatalf("seq %d at %d", ch.Seq, i)
		}
		got.WriteString(ch.Text)
	}
	if got.String() != want.String() {
		t.Fatal("text reordered or lost")
	}
}

// An emit that happens on arrival (the interval had passed) takes over from
// a pending timer, and a timer that fires right after such an emit does not
// emit again inside the interval: at most one emit per interval.
func TestOneEmitPerIntervalWhenATimerRacesAnArrival(t *testing.T) {
	var c collector
	s := newStreamer(time.Hour, c.emit)
	now := time.Unix(1000, 0)
	s.now = func() time.Time { return now }
	s.add(llm.Delta{Text: "a"}) // emitted at once
	now = now.Add(time.Minute)
	s.add(llm.Delta{Text: "b"}) // waits for the timer
	s.mu.Lock()
	pending := s.timer != nil
	s.mu.Unlock()
	if !pending {
		t.Fatal("no timer for a coalesced delta")
	}
	now = now.Add(time.Hour)
	s.add(llm.Delta{Text: "c"}) // the interval has passed: emitted on arrival with "b"
	s.mu.Lock()
	pending = s.timer != nil
	s.mu.Unlock()
	if pending || len(c.chunks) != 2 || c.chunks[1].Text != "bc" {
		t.Fatalf("arrival emit: timer left %v, chunks %+v", pending, c.chunks)
	}
	// A timer callback that was already on its way finds new text but the
	// interval not over: it waits instead of emitting.
	now = now.Add(time.Second)
	s.mu.Lock()
	s.pendText.WriteString("d")
	s.mu.Unlock()
	s.flush()
	s.mu.Lock()
	rescheduled := s.timer != nil
	s.mu.Unlock()
	if len(c.chunks) != 2 || !rescheduled {
		t.Fatalf("early timer emitted: %+v", c.chunks)
	}
	s.close()
	if len(c.chunks) != 3 || c.chunks[2].Text != "d" {
		t.Fatalf("close: %+v", c.chunks)
	}
}
