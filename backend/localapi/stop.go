package localapi

import (
	"bytes"
	"encoding/json"
	"strings"
)

// The providers here take no stop sequences through the app's model
// layer, so the server applies OpenAI's `stop` itself: the answer ends
// before the first sequence, which is never sent, and the model call is
// cancelled there. While streaming, text that could begin a sequence is
// held back until it cannot.

const maxStops = 4 // as OpenAI

// parseStop reads `stop`: null, a string or an array of up to 4 strings.
func parseStop(raw json.RawMessage) ([]string, *apiError) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var seqs []string
	var one string
	if json.Unmarshal(raw, &one) == nil {
		seqs = []string{one}
	} else if json.Unmarshal(raw, &seqs) != nil {
		return nil, invalid("stop", "stop must be a string or an array of strings")
	}
	if len(seqs) > maxStops {
		return nil, invalid("stop", "stop takes up to %d sequences", maxStops)
	}
	out := seqs[:0]
	for _, s := range seqs {
		if s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// stopper cuts an answer at its stop sequences as the text comes.
type stopper struct {
	seqs    []string
	pending string // text held back: it may begin a sequence
	hit     bool   // a sequence was found; nothing more passes
}

// feed takes a piece of the answer and returns what may be sent now.
func (s *stopper) feed(text string) string {
	if s == nil || len(s.seqs) == 0 {
		return text
	}
	if s.hit {
		return ""
	}
	s.pending += text
	cut := -1
	for _, q := range s.seqs {
		if i := strings.Index(s.pending, q); i >= 0 && (cut < 0 || i < cut) {
			cut = i
		}
	}
	if cut >= 0 {
		out := s.pending[:cut]
		s.pending, s.hit = "", true
		return out
	}
	keep := 0 // the longest end of pending that begins a sequence
	for _, q := range s.seqs {
		for n := min(len(q)-1, len(s.pending)); n > keep; n-- {
			if strings.HasSuffix(s.pending, q[:n]) {
				keep = n
				break
			}
		}
	}
	out := s.pending[:len(s.pending)-keep]
	s.pending = s.pending[len(s.pending)-keep:]
	return out
}

// flush returns the text held back when the answer ended without a stop.
func (s *stopper) flush() string {
	if s == nil || s.hit {
		return ""
	}
	out := s.pending
	s.pending = ""
	return out
}
