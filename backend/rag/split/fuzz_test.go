package split

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSplit checks the splitter's promises on any text and sizes: each
// chunk is its span of the text, trimmed, within the size; rune offsets
// match the byte offsets; chunks go forward; and every non-space character
// of the text is in some chunk.
func FuzzSplit(f *testing.F) {
	f.Add("First sentence. Second one!\n\nA new paragraph\nwrapped here.\n- item\n- item two", 40, 10)
	f.Add(strings.Repeat("word ", 300), 0, 0)
	f.Add("日本語のテキスト。二つ目の文。\n\nüber straße", 20, 5)
	f.Fuzz(func(t *testing.T, text string, size, overlap int) {
		if !utf8.ValidString(text) || len(text) > 20000 {
			return // the extractors hand over valid UTF-8, cut at their limit
		}
		size, overlap = size%3000, overlap%3000
		opts := Options{Size: size, Overlap: overlap}.Normalize()
		chunks := Split(text, opts)
		covered := make([]bool, len(text))
		prev := -1
		for _, c := range chunks {
			if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
				t.Fatalf("chunk [%d,%d) of %d bytes", c.Start, c.End, len(text))
			}
			if c.Text != strings.TrimSpace(text[c.Start:c.End]) || c.Text == "" {
				t.Fatalf("chunk text %q is not its span %q trimmed", c.Text, text[c.Start:c.End])
			}
			if n := utf8.RuneCountInString(c.Text); n > opts.Size {
				t.Fatalf("chunk of %d runes, size %d", n, opts.Size)
			}
			if c.RuneStart != utf8.RuneCountInString(text[:c.Start]) || c.RuneEnd != utf8.RuneCountInString(text[:c.End]) {
				t.Fatalf("rune offsets [%d,%d) for bytes [%d,%d)", c.RuneStart, c.RuneEnd, c.Start, c.End)
			}
			if c.Start <= prev {
				t.Fatalf("chunk at %d after one at %d", c.Start, prev)
			}
			prev = c.Start
			for i := c.Start; i < c.End; i++ {
				covered[i] = true
			}
		}
		for i, r := range text {
			if !covered[i] && strings.TrimSpace(string(r)) != "" {
				t.Fatalf("%q at byte %d is in no chunk (size %d, overlap %d)", r, i, opts.Size, opts.Overlap)
			}
		}
	})
}
