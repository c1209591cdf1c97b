package chat

import (
	"strings"
	"sync"
	"time"

	"bookbag/backend/llm"
)

// coalesceInterval is how often streamed text reaches the UI: often enough to
// look live, rarely enough that 2,000 tokens/s does not flood the webview
// (40 emits a second). A delta waits at most this long plus timer lateness;
// 25 ms rather than 30 keeps that under 35 ms at the 99th percentile on a
// busy 2-core machine (docs/perf/chat.md).
const coalesceInterval = 25 * time.Millisecond

// chunk is what one emit carries.
type chunk struct {
	Seq            int
	Text, Thinking string
}

// streamer collects a run's deltas: the full text for saving and the pending
// part for the next emit. The first delta goes out at once; later ones are
// coalesced so that at most one emit happens per interval and none waits
// longer than the interval.
type streamer struct {
	mu       sync.Mutex
	interval time.Duration
	emit     func(chunk) // called with the lock held, so chunks leave in order
	now      func() time.Time

	text, thinking strings.Builder
	pendText       strings.Builder
	pendThinking   strings.Builder
	seq            int
	lastEmit       time.Time
	timer          *time.Timer
	first          time.Time // when the first delta arrived
	closed         bool
}

func newStreamer(interval time.Duration, emit func(chunk)) *streamer {
	return &streamer{interval: interval, emit: emit, now: time.Now}
}

// add takes one delta from the provider adapter.
func (s *streamer) add(d llm.Delta) {
	if d.Text == "" && d.Thinking == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	now := s.now()
	if s.first.IsZero() {
		s.first = now
	}
	s.text.WriteString(d.Text)
	s.thinking.WriteString(d.Thinking)
	s.pendText.WriteString(d.Text)
	s.pendThinking.WriteString(d.Thinking)
	since := now.Sub(s.lastEmit)
	switch {
	case s.seq == 0 || since >= s.interval:
		if s.timer != nil {
			s.timer.Stop() // this emit takes what the timer was waiting for
			s.timer = nil
		}
		s.flushLocked(now)
	case s.timer == nil:
		s.timer = time.AfterFunc(s.interval-since, s.flush)
	}
}

// flush is the timer's emit. A timer that could not be stopped in time (its
// callback was already waiting for the lock) finds the text taken or, if
// more arrived since that emit, waits out the rest of the interval.
func (s *streamer) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer = nil
	if s.closed || s.pendText.Len() == 0 && s.pendThinking.Len() == 0 {
		return
	}
	now := s.now()
	if since := now.Sub(s.lastEmit); since < s.interval {
		s.timer = time.AfterFunc(s.interval-since, s.flush)
		return
	}
	s.flushLocked(now)
}

func (s *streamer) flushLocked(now time.Time) {
	if s.pendText.Len() == 0 && s.pendThinking.Len() == 0 {
		return
	}
	s.seq++
	c := chunk{Seq: s.seq, Text: s.pendText.String(), Thinking: s.pendThinking.String()}
	s.pendText.Reset()
	s.pendThinking.Reset()
	s.lastEmit = now
	s.emit(c)
}

// close emits what is pending and stops further emits. Call it before the
// run's done or error event so that no delta follows them.
func (s *streamer) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if !s.closed {
		s.flushLocked(s.now())
	}
	s.closed = true
}

// snapshot returns everything received so far.
func (s *streamer) snapshot() (text, thinking string, first time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.text.String(), s.thinking.String(), s.first
}

// sent returns the text emitted so far and the seq of its last chunk: the
// pending part goes out in chunk seq+1, so text plus the chunks after seq is
// the whole answer.
func (s *streamer) sent() (text, thinking string, seq int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	text, thinking = s.text.String(), s.thinking.String()
	return text[:len(text)-s.pendText.Len()], thinking[:len(thinking)-s.pendThinking.Len()], s.seq
}
