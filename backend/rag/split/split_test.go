package split

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func check(t *testing.T, text string, chunks []Chunk, opts Options) {
	t.Helper()
	opts = opts.Normalize()
	for i, c := range chunks {
		if text[c.Start:c.End] != c.Text {
			t.Fatalf("chunk %d text does not match its offsets", i)
		}
		if n := utf8.RuneCountInString(c.Text); n > opts.Size {
			t.Fatalf("chunk %d has %d runes > %d", i, n, opts.Size)
		}
		if c.RuneEnd-c.RuneStart != utf8.RuneCountInString(c.Text) ||
			c.RuneStart != utf8.RuneCountInString(text[:c.Start]) {
			t.Fatalf("chunk %d rune offsets wrong: %d..%d", i, c.RuneStart, c.RuneEnd)
		}
		if i > 0 && c.Start < chunks[i-1].Start {
			t.Fatalf("chunk %d starts before its predecessor", i)
		}
		if strings.TrimSpace(c.Text) != c.Text || c.Text == "" {
			t.Fatalf("chunk %d not trimmed: %q", i, c.Text)
		}
	}
}

func TestShortTextIsOneChunk(t *testing.T) {
	c := Split("  Hello world.  ", Options{})
	if len(c) != 1 || c[0].Text != "Hello world." || c[0].Start != 2 || c[0].RuneStart != 2 {
		t.Fatalf("%+v", c)
	}
	if len(Split(" \n\n ", Options{})) != 0 {
		t.Fatal("whitespace produced a chunk")
	}
}

func TestParagraphsPreferredAndOverlap(t *testing.T) {
	para := func(c byte) string { return strings.Repeat(string(c)+"xxxxxxx ", 30) } // 240 chars
	text := strings.Join([]string{para('a'), para('b'), para('c'), para('d'), para('e'), para('f')}, "\n\n")
	opts := Options{Size: 600, Overlap: 300}
	chunks := Split(text, opts)
	check(t, text, chunks, opts)
	if len(chunks) < 3 {
		t.Fatalf("%d chunks", len(chunks))
	}
	for i, c := range chunks {
		// Whole paragraphs only: every chunk starts at a paragraph start.
		if c.Start != 0 && text[c.Start-2:c.Start] != "\n\n" {
			t.Fatalf("chunk %d starts inside a paragraph", i)
		}
		if i > 0 && c.Start >= chunks[i-1].End {
			t.Fatalf("chunk %d does not overlap its predecessor", i)
		}
	}
}

func TestOverlapIsBounded(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 200; i++ {
		b.WriteString("This is sentence number ")
		b.WriteString(strings.Repeat("x", i%17))
		b.WriteString(". ")
	}
	text := b.String()
	opts := Options{Size: 300, Overlap: 100}
	chunks := Split(text, opts)
	check(t, text, chunks, opts)
	for i := 1; i < len(chunks); i++ {
		ov := chunks[i-1].RuneEnd - chunks[i].RuneStart
		if ov > 100 {
			t.Fatalf("overlap %d > 100 at chunk %d", ov, i)
		}
		if ov <= 0 {
			t.Fatalf("no overlap at chunk %d", i)
		}
		// Sentence boundaries: every chunk starts a sentence.
		if !strings.HasPrefix(chunks[i].Text, "This is") {
			t.Fatalf("chunk %d starts mid-sentence: %q", i, chunks[i].Text[:20])
		}
	}
}

func TestEverySentenceWholeSomewhere(t *testing.T) {
	var b strings.Builder
	var sentences []string
	for i := 0; i < 120; i++ {
		s := "Sentence " + strings.Repeat("word ", 5+i%30) + "ends here."
		sentences = append(sentences, s)
		b.WriteString(s)
		if i%7 == 0 {
			b.WriteString("\n")
		} else {
			b.WriteString(" ")
		}
	}
	text := b.String()
	chunks := Split(text, Options{})
	check(t, text, chunks, Options{})
	for _, s := range sentences {
		found := false
		for _, c := range chunks {
			if strings.Contains(c.Text, s) {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("sentence never whole in a chunk: %q", s)
		}
	}
}

// Hard-wrapped text (80 columns, PDF lines) is cut between sentences and
// list items, not at whichever line break comes.
func TestWrappedTextCutAtSentencesAndItems(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString("       This sentence is wrapped at a fixed column so that it\n")
		b.WriteString("       runs over three lines of the manual before it\n")
		b.WriteString("       ends here.  Then another one starts on the same line and\n")
		b.WriteString("       goes on.\n")
	}
	text := b.String()
	opts := Options{Size: 500, Overlap: 120}
	chunks := Split(text, opts)
	check(t, text, chunks, opts)
	for i, c := range chunks {
		if !strings.HasPrefix(c.Text, "This sentence") && !strings.HasPrefix(c.Text, "runs over") {
			t.Fatalf("chunk %d starts inside a sentence: %q", i, c.Text[:30])
		}
	}
	items := strings.Repeat("intro line that has no full stop\n(a) first item that is wrapped\n    over two lines\n(b) second item\n• bullet item\n", 30)
	chunks = Split(items, opts)
	check(t, items, chunks, opts)
	for i, c := range chunks[1:] {
		if !strings.HasPrefix(c.Text, "(a)") && !strings.HasPrefix(c.Text, "(b)") && !strings.HasPrefix(c.Text, "•") && !strings.HasPrefix(c.Text, "intro") {
			t.Fatalf("chunk %d starts inside an item: %q", i+1, c.Text[:20])
		}
	}
}

func TestHugeWordIsCutByCharacters(t *testing.T) {
	text := "head " + strings.Repeat("é", 2500) + " tail"
	opts := Options{Size: 1000, Overlap: 200}
	chunks := Split(text, opts)
	check(t, text, chunks, opts)
	if len(chunks) < 3 {
		t.Fatalf("%d chunks", len(chunks))
	}
}

func TestNormalize(t *testing.T) {
	if o := (Options{}).Normalize(); o.Size != 1000 || o.Overlap != 200 {
		t.Fatalf("%+v", o)
	}
	if o := (Options{Size: 100, Overlap: 90}).Normalize(); o.Overlap != 50 {
		t.Fatalf("%+v", o)
	}
}

func BenchmarkSplit(b *testing.B) {
	text := strings.Repeat("A line of text that is not long. Another sentence here!\n", 20000)
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		Split(text, Options{})
	}
}
