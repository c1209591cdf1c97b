package llmtest

import (
	"net/http"
	"strings"
	"unicode"
)

// encoder writes one protocol's stream; play drives it from a Script.
type encoder interface {
	begin()             // status, headers and preamble (role chunk, message_start)
	thinking(s string)  // one thinking delta
	text(s string)      // one text delta
	malformed()         // a line that is not valid JSON
	streamError(Script) // an in-band error, status already 200
	finish(Script)      // finish reason, usage, end marker
}

// counts fills the script's usage from the request when it gives none.
func counts(c *Call, s Script) (in, out int) {
	in, out = s.InputTokens, s.OutputTokens
	if in == 0 {
		in = len(strings.FieldsFunc(c.allText(), unicode.IsSpace)) + 1
	}
	if out == 0 {
		out = len(s.Thinking) + len(s.Text)
	}
	return in, out
}

// play writes s through enc, flushing after every event so the client sees
// deltas as they are "generated", and applies the script's fault.
func play(w http.ResponseWriter, r *http.Request, s Script, enc encoder) {
	fl, _ := w.(http.Flusher)
	flush := func() {
		if fl != nil {
			fl.Flush()
		}
	}
	enc.begin()
	flush()
	n := 0
	fired := false
	// fault applies the fault when its turn comes; false ends the handler.
	fault := func() bool {
		if s.Fault == FaultNone || fired || n != s.FaultAfter {
			return true
		}
		fired = true
		switch s.Fault {
		case FaultCut:
			flush()
			// Abort without the terminating chunk: the client sees an
			// unexpected EOF, as when a proxy or the network drops.
			panic(http.ErrAbortHandler)
		case FaultEOF:
			flush()
			return false
		case FaultMalformed:
			enc.malformed()
			flush()
			return true
		case FaultStreamError:
			enc.streamError(s)
			flush()
			return false
		}
		return true
	}
	emit := func(d string, think bool) bool {
		if !fault() {
			return false
		}
		if n > 0 && !sleepCtx(r.Context(), s.DeltaDelay) {
			return false
		}
		if think {
			enc.thinking(d)
		} else {
			enc.text(d)
		}
		flush()
		n++
		return true
	}
	for _, d := range s.Thinking {
		if !emit(d, true) {
			return
		}
	}
	for _, d := range s.Text {
		if !emit(d, false) {
			return
		}
	}
	if s.FaultAfter > n {
		n = s.FaultAfter // a fault past the end fires before the finish
	}
	if !fault() {
		return
	}
	enc.finish(s)
	flush()
}

// gather joins a script's deltas for non-streaming answers.
func gather(s Script) (thinking, text string) {
	return strings.Join(s.Thinking, ""), strings.Join(s.Text, "")
}

func finishOr(s Script) string {
	if s.FinishReason == "" {
		return "stop"
	}
	return s.FinishReason
}
