package llmtest

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// encoder writes one protocol's stream; play drives it from a Script.
type encoder interface {
	begin()             // status, headers and preamble (role chunk, message_start)
	thinking(s string)  // one thinking delta
	text(s string)      // one text delta
	malformed()         // a line that is not valid JSON
	streamError(Script) // an in-band error, status already 200
	finish(Script)      // finish reason, usage, end marker
	finished(Script)    // what says the answer is over, without OpenAI's end marker

	toolStart(i int, tc ScriptToolCall) // call i begins: its id and name
	toolArgs(i int, piece string)       // a fragment of call i's arguments
	toolEnd(i int)                      // call i is complete
	interleaves() bool                  // whether calls may form at once (OpenAI's index)
}

// counts fills the script's usage from the request when it gives none.
func counts(c *Call, s Script) (in, out int) {
	in, out = s.InputTokens, s.OutputTokens
	if in == 0 {
		in = len(strings.FieldsFunc(c.allText(), unicode.IsSpace)) + 1
	}
	if out == 0 {
		out = deltas(s)
	}
	return in, out
}

// deltas counts the script's deltas: thinking, text, and each tool call's
// start and argument pieces.
func deltas(s Script) int {
	n := len(s.Thinking) + len(s.Text)
	for _, tc := range s.ToolCalls {
		n += 1 + len(split(tc.Arguments, s.ArgumentPieces))
	}
	return n
}

// stepKind is what one step of a stream writes.
type stepKind int

const (
	stepThinking stepKind = iota
	stepText
	stepToolStart
	stepToolArgs
	stepToolEnd // writes the call's end; not a delta of its own
)

type step struct {
	kind stepKind
	call int
	text string
}

// steps lists the stream's deltas in order: thinking, text, then the tool
// calls, one after another or (interleave) round-robin by index.
func steps(s Script, interleave bool) []step {
	out := make([]step, 0, len(s.Thinking)+len(s.Text)+3*len(s.ToolCalls))
	for _, d := range s.Thinking {
		out = append(out, step{kind: stepThinking, text: d})
	}
	for _, d := range s.Text {
		out = append(out, step{kind: stepText, text: d})
	}
	calls := make([][]step, len(s.ToolCalls))
	for i, tc := range s.ToolCalls {
		calls[i] = append(calls[i], step{kind: stepToolStart, call: i})
		for _, p := range split(tc.Arguments, s.ArgumentPieces) {
			calls[i] = append(calls[i], step{kind: stepToolArgs, call: i, text: p})
		}
		calls[i] = append(calls[i], step{kind: stepToolEnd, call: i})
	}
	if !interleave {
		for _, c := range calls {
			out = append(out, c...)
		}
		return out
	}
	for left := true; left; {
		left = false
		for i := range calls {
			if len(calls[i]) == 0 {
				continue
			}
			out = append(out, calls[i][0])
			calls[i] = calls[i][1:]
			if len(calls[i]) == 1 && calls[i][0].kind == stepToolEnd {
				out = append(out, calls[i][0]) // a call ends with its last piece
				calls[i] = nil
			}
			left = left || len(calls[i]) > 0
		}
	}
	return out
}

// split cuts s into at most n pieces of about equal size, on rune
// boundaries; "" has no pieces.
func split(s string, n int) []string {
	if s == "" {
		return nil
	}
	if n <= 1 {
		return []string{s}
	}
	size := (len(s) + n - 1) / n
	var out []string
	for len(s) > 0 {
		k := min(size, len(s))
		for k < len(s) && !utf8.RuneStart(s[k]) {
			k++
		}
		out = append(out, s[:k])
		s = s[k:]
	}
	return out
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
		case FaultCutAfterFinish:
			return true // at the end, below
		}
		return true
	}
	for _, st := range steps(s, enc.interleaves()) {
		if st.kind == stepToolEnd {
			enc.toolEnd(st.call)
			flush()
			continue
		}
		if !fault() {
			return
		}
		if n > 0 && !sleepCtx(r.Context(), s.DeltaDelay) {
			return
		}
		switch st.kind {
		case stepThinking:
			enc.thinking(st.text)
		case stepText:
			enc.text(st.text)
		case stepToolStart:
			enc.toolStart(st.call, s.ToolCalls[st.call])
		case stepToolArgs:
			enc.toolArgs(st.call, st.text)
		}
		flush()
		n++
	}
	if s.FaultAfter > n {
		n = s.FaultAfter // a fault past the end fires before the finish
	}
	if !fault() {
		return
	}
	if s.Fault == FaultCutAfterFinish {
		enc.finished(s)
		flush()
		panic(http.ErrAbortHandler)
	}
	enc.finish(s)
	flush()
}

// gather joins a script's deltas for non-streaming answers.
func gather(s Script) (thinking, text string) {
	return strings.Join(s.Thinking, ""), strings.Join(s.Text, "")
}

// finishOr is the script's finish reason in OpenAI's words: tool_calls when
// it calls tools, else stop, unless it says otherwise.
func finishOr(s Script) string {
	switch {
	case s.FinishReason != "":
		return s.FinishReason
	case len(s.ToolCalls) > 0:
		return "tool_calls"
	}
	return "stop"
}

// withIDs numbers the calls that have no id, prefix + a counter of the fake,
// so ids stay unique across the turns of a conversation as the real ones are.
func (f *Fake) withIDs(calls []ScriptToolCall, prefix string) []ScriptToolCall {
	out := append([]ScriptToolCall(nil), calls...)
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range out {
		if out[i].ID == "" {
			f.callSeq++
			out[i].ID = fmt.Sprintf("%s%03d", prefix, f.callSeq)
		}
	}
	return out
}
