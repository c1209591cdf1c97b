package llm

import "strings"

const (
	thinkOpen  = "<think>"
	thinkClose = "</think>"
)

// ThinkTags moves a <think>…</think> block that opens an answer's text into
// Delta.Thinking. Servers that do not separate a reasoning model's thinking
// (Ollama without think, llama.cpp, LM Studio, vLLM without a reasoning
// parser) send it inline, tags and all: the answer would show it and the
// chat's title would be "<think>". Text that does not open with the tag
// passes unchanged, held back only while it could still be the tag.
type ThinkTags struct {
	next  func(Delta)
	state thinkState
	held  string // text not yet passed on: a possible tag
}

type thinkState int

const (
	thinkDeciding thinkState = iota // before the first text that is not space
	thinkInside                     // between the tags
	thinkAfter                      // after </think>, dropping the space before the answer
	thinkText                       // the answer: everything passes
)

// NewThinkTags passes every delta on to next, the thinking moved.
func NewThinkTags(next func(Delta)) *ThinkTags { return &ThinkTags{next: next} }

// Add takes one delta of the stream.
func (t *ThinkTags) Add(d Delta) {
	text := d.Text
	d.Text = ""
	if d.Thinking != "" || d.ToolCall != nil {
		t.next(d)
	}
	if text == "" {
		return
	}
	switch t.state {
	case thinkDeciding:
		t.held += text
		s := strings.TrimLeft(t.held, " \t\r\n")
		switch {
		case strings.HasPrefix(s, thinkOpen):
			t.state, t.held = thinkInside, ""
			t.inside(s[len(thinkOpen):])
		case !strings.HasPrefix(thinkOpen, s):
			t.state = thinkText
			t.pass(Delta{Text: t.held})
		}
	case thinkInside:
		t.inside(text)
	case thinkAfter:
		t.after(text)
	default:
		t.next(Delta{Text: text})
	}
}

// Flush passes on what is held: call it when the stream ends, however it ends.
func (t *ThinkTags) Flush() {
	switch t.state {
	case thinkDeciding:
		t.pass(Delta{Text: t.held})
	case thinkInside:
		t.pass(Delta{Thinking: t.held})
	}
}

func (t *ThinkTags) pass(d Delta) {
	t.held = ""
	if d.Text != "" || d.Thinking != "" {
		t.next(d)
	}
}

// inside passes thinking on up to the closing tag, holding back an end that
// may be the start of the tag.
func (t *ThinkTags) inside(s string) {
	s = t.held + s
	if i := strings.Index(s, thinkClose); i >= 0 {
		t.pass(Delta{Thinking: s[:i]})
		t.state = thinkAfter
		t.after(s[i+len(thinkClose):])
		return
	}
	keep := 0
	for n := min(len(s), len(thinkClose)-1); n > 0; n-- {
		if strings.HasSuffix(s, thinkClose[:n]) {
			keep = n
			break
		}
	}
	t.pass(Delta{Thinking: s[:len(s)-keep]})
	t.held = s[len(s)-keep:]
}

func (t *ThinkTags) after(s string) {
	if s = strings.TrimLeft(s, " \t\r\n"); s != "" {
		t.state = thinkText
		t.next(Delta{Text: s})
	}
}
