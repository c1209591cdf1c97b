package llm

import (
	"strings"
	"testing"
)

// FuzzThinkTagsChunking checks that where a stream is cut into deltas does
// not change what ThinkTags makes of it: the same answer text and thinking
// whether the text comes whole or in pieces (cuts gives the piece lengths).
func FuzzThinkTagsChunking(f *testing.F) {
	for _, s := range []string{"<think>a</think> b", "  <think>\nplan\n</think>\n\nanswer", "<thi", "no tags", "<think>open", "</think>x", "<think></think>", " <think>a</thin</think>b"} {
		f.Add(s, []byte{1, 2, 3})
	}
	f.Fuzz(func(t *testing.T, s string, cuts []byte) {
		run := func(pieces []string) (text, thinking string) {
			var tb, kb strings.Builder
			tt := NewThinkTags(func(d Delta) { tb.WriteString(d.Text); kb.WriteString(d.Thinking) })
			for _, p := range pieces {
				tt.Add(Delta{Text: p})
			}
			tt.Flush()
			return tb.String(), kb.String()
		}
		var pieces []string
		rest := s
		for _, c := range cuts {
			if rest == "" {
				break
			}
			n := min(int(c%8)+1, len(rest))
			pieces = append(pieces, rest[:n])
			rest = rest[n:]
		}
		if rest != "" {
			pieces = append(pieces, rest)
		}
		wantText, wantThinking := run([]string{s})
		gotText, gotThinking := run(pieces)
		if gotText != wantText || gotThinking != wantThinking {
			t.Fatalf("%q in pieces %q: text %q thinking %q; whole: text %q thinking %q", s, pieces, gotText, gotThinking, wantText, wantThinking)
		}
		// Nothing is lost but the tags and the space around them.
		if !strings.Contains(s, thinkOpen) && gotText != s {
			t.Fatalf("%q without a tag came out as %q", s, gotText)
		}
	})
}
