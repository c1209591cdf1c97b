package llm

import (
	"strings"
	"testing"
)

// Every way a stream can cut the text into deltas gives the same split.
func TestThinkTagsAtEverySplit(t *testing.T) {
	cases := []struct{ in, thinking, text string }{
		{"<think>\nThe user greets me.\n</think>\n\nHello there.", "\nThe user greets me.\n", "Hello there."},
		{"\n<think>a</b> < / think</think>Hi", "a</b> < / think", "Hi"},
		{"<think>cut short", "cut short", ""},
		{"<thin", "", "<thin"},
		{"Plain answer with <think> later.", "", "Plain answer with <think> later."},
		{"  <b>bold</b>", "", "  <b>bold</b>"},
		{"", "", ""},
	}
	for _, c := range cases {
		for i := 0; i <= len(c.in); i++ {
			for j := i; j <= len(c.in); j++ {
				var text, thinking strings.Builder
				tt := NewThinkTags(func(d Delta) {
					if d.Text == "" && d.Thinking == "" {
						t.Fatalf("%q: an empty delta", c.in)
					}
					text.WriteString(d.Text)
					thinking.WriteString(d.Thinking)
				})
				for _, piece := range []string{c.in[:i], c.in[i:j], c.in[j:]} {
					tt.Add(Delta{Text: piece})
				}
				tt.Flush()
				if text.String() != c.text || thinking.String() != c.thinking {
					t.Fatalf("%q cut at %d, %d: text %q thinking %q", c.in, i, j, text.String(), thinking.String())
				}
			}
		}
	}
}

// Thinking a server separated itself, and tool calls, pass as they are.
func TestThinkTagsPassOtherDeltas(t *testing.T) {
	var got []Delta
	tt := NewThinkTags(func(d Delta) { got = append(got, d) })
	tt.Add(Delta{Thinking: "separate"})
	tt.Add(Delta{ToolCall: &ToolCallDelta{Index: 0, Name: "f"}})
	tt.Add(Delta{Text: "answer"})
	tt.Flush()
	if len(got) != 3 || got[0].Thinking != "separate" || got[1].ToolCall == nil || got[2].Text != "answer" {
		t.Fatalf("%+v", got)
	}
}
