// Package split is the recursive character splitter of DESIGN.md: it cuts text
// at the coarsest boundary that keeps pieces under the chunk size (paragraph,
// line that ends a sentence or item, sentence, any line, word, character) and merges neighbouring pieces back into chunks of at most Size
// characters that share up to Overlap characters with the previous chunk.
// Pieces are never cut inside unless they alone exceed Size, so a sentence
// shorter than Size always lands whole in at least one chunk, and in
// hard-wrapped text (80-column plain text, PDF lines) chunks start and end at
// sentence or list-item boundaries rather than at whatever line break comes.
package split

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Defaults of DESIGN.md (Retrieval).
const (
	DefaultSize    = 1000
	DefaultOverlap = 200
)

// Options set the chunk size and overlap in characters (runes).
type Options struct {
	Size    int
	Overlap int
}

// Normalize fills defaults and keeps the overlap below half the size, so
// every chunk advances by at least half its length.
func (o Options) Normalize() Options {
	if o.Size <= 0 {
		o.Size = DefaultSize
		if o.Overlap == 0 {
			o.Overlap = DefaultOverlap
		}
	}
	if o.Size < 20 {
		o.Size = 20
	}
	if o.Overlap < 0 {
		o.Overlap = 0
	}
	if o.Overlap > o.Size/2 {
		o.Overlap = o.Size / 2
	}
	return o
}

// Chunk is a span of the input: Text is text[Start:End] (byte offsets) with
// surrounding whitespace trimmed; RuneStart/RuneEnd are the same span in
// characters, for the UI.
type Chunk struct {
	Text      string
	Start     int
	End       int
	RuneStart int
	RuneEnd   int
}

// span is a piece [start, end) of the text.
type span struct{ start, end, runes int }

// Split cuts text into chunks.
func Split(text string, opts Options) []Chunk {
	opts = opts.Normalize()
	s := &splitter{text: text, size: opts.Size, overlap: opts.Overlap}
	s.split(span{0, len(text), utf8.RuneCountInString(text)}, 0)
	s.flush()
	return s.finish()
}

type splitter struct {
	text          string
	size, overlap int
	good          []span // pieces waiting to be merged
	out           []span
}

// separators, coarsest first. Each returns the cut points inside t (byte
// offsets after which a new piece starts); the separator stays with the piece
// before it so pieces tile the text exactly.
var separators = []func(t string) []int{
	func(t string) []int { return cutsAfter(t, "\n\n") },
	lineCuts,
	sentenceCuts,
	func(t string) []int { return cutsAfter(t, "\n") },
	wordCuts,
}

func (s *splitter) split(sp span, level int) {
	if sp.runes <= s.size {
		s.good = append(s.good, sp)
		return
	}
	for ; level < len(separators); level++ {
		cuts := separators[level](s.text[sp.start:sp.end])
		if len(cuts) == 0 {
			continue
		}
		prev := sp.start
		for _, c := range append(cuts, sp.end-sp.start) {
			piece := s.text[prev : sp.start+c]
			p := span{prev, sp.start + c, utf8.RuneCountInString(piece)}
			prev = sp.start + c
			if p.runes <= s.size {
				s.good = append(s.good, p)
				continue
			}
			// Too big even alone: merge what came before, then cut finer.
			s.flush()
			s.split(p, level+1)
			s.flush()
		}
		return
	}
	// No separator at all (one enormous word): hard cut by characters.
	s.flush()
	start, n := sp.start, 0
	for i := range s.text[sp.start:sp.end] {
		if n == s.size {
			s.out = append(s.out, span{start, sp.start + i, n})
			start, n = sp.start+i, 0
		}
		n++
	}
	if start < sp.end {
		s.out = append(s.out, span{start, sp.end, n})
	}
}

// flush merges the waiting pieces into chunks with overlap (the classic
// recursive splitter merge: emit when the next piece would overflow, then
// drop pieces from the front until the carried tail fits the overlap).
func (s *splitter) flush() {
	var win []span
	total := 0
	for _, p := range s.good {
		if total+p.runes > s.size && len(win) > 0 {
			s.out = append(s.out, span{win[0].start, win[len(win)-1].end, total})
			for len(win) > 0 && (total > s.overlap || total+p.runes > s.size) {
				total -= win[0].runes
				win = win[1:]
			}
		}
		win = append(win, p)
		total += p.runes
	}
	if len(win) > 0 {
		s.out = append(s.out, span{win[0].start, win[len(win)-1].end, total})
	}
	s.good = s.good[:0]
}

// finish trims whitespace, drops empty chunks and computes rune offsets.
func (s *splitter) finish() []Chunk {
	chunks := make([]Chunk, 0, len(s.out))
	// Rune offsets: starts and ends each only grow, so two cursors count
	// every byte of the text once.
	type cursor struct{ pos, runes int }
	advance := func(c *cursor, b int) int {
		if b < c.pos {
			*c = cursor{}
		}
		c.runes += utf8.RuneCountInString(s.text[c.pos:b])
		c.pos = b
		return c.runes
	}
	var startC, endC cursor
	for _, sp := range s.out {
		start, end := sp.start, sp.end
		for start < end {
			r, n := utf8.DecodeRuneInString(s.text[start:])
			if !unicode.IsSpace(r) {
				break
			}
			start += n
		}
		for end > start {
			r, n := utf8.DecodeLastRuneInString(s.text[:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		if start == end {
			continue
		}
		c := Chunk{Text: s.text[start:end], Start: start, End: end}
		c.RuneStart = advance(&startC, start)
		c.RuneEnd = advance(&endC, end)
		if n := len(chunks); n > 0 && chunks[n-1].Start == c.Start && chunks[n-1].End == c.End {
			continue
		}
		chunks = append(chunks, c)
	}
	return chunks
}

func cutsAfter(t, sep string) []int {
	var cuts []int
	for i := 0; ; {
		j := strings.Index(t[i:], sep)
		if j < 0 {
			break
		}
		i += j + len(sep)
		// A run of separators stays with the piece before it.
		for strings.HasPrefix(t[i:], sep[:1]) && sep[0] == '\n' {
			i++
		}
		if i < len(t) {
			cuts = append(cuts, i)
		}
	}
	return cuts
}

// lineCuts cuts at the line breaks that end something: after a line that
// ends a sentence or clause (. ! ? : ;, closing quotes and brackets
// allowed), and before a line that starts a list item ("- ", "• ", "(a) ",
// "2. ", "b) ") or is indented less than the line before it (the next entry
// of a man page's option list). Hard-wrapped paragraphs are then cut
// between sentences and items, not in the middle of one.
func lineCuts(t string) []int {
	var cuts []int
	for i := 0; ; {
		j := strings.IndexByte(t[i:], '\n')
		if j < 0 {
			break
		}
		end := i + j
		next := end + 1
		for next < len(t) && t[next] == '\n' {
			next++
		}
		if next >= len(t) {
			break
		}
		line := t[i:end]
		nl := t[next:]
		if k := strings.IndexByte(nl, '\n'); k >= 0 {
			nl = nl[:k]
		}
		if endsClause(line) || startsItem(nl) || indent(nl) < indent(line) {
			cuts = append(cuts, next)
		}
		i = next
	}
	return cuts
}

func endsClause(line string) bool {
	l := strings.TrimRight(line, " \t\"')]’”»")
	return l != "" && strings.ContainsRune(".!?:;", rune(l[len(l)-1]))
}

func indent(line string) int {
	n := 0
	for n < len(line) && (line[n] == ' ' || line[n] == '\t') {
		n++
	}
	if n == len(line) {
		return 1 << 20 // a blank line is no dedent
	}
	return n
}

// startsItem reports whether a line starts a list item.
func startsItem(line string) bool {
	l := strings.TrimLeft(line, " \t")
	for _, b := range []string{"- ", "* ", "+ ", "• ", "· ", "◦ ", "‣ ", "– "} {
		if strings.HasPrefix(l, b) {
			return true
		}
	}
	// "(a) ", "(iv) ", "(12) ", "a) ", "12) ", "12. ", "2.1. "
	tok, _, ok := strings.Cut(l, " ")
	if !ok || len(tok) < 2 || len(tok) > 8 {
		return false
	}
	body := strings.TrimPrefix(tok, "(")
	if strings.HasSuffix(body, ")") {
		body = strings.TrimSuffix(body, ")")
	} else if strings.HasSuffix(body, ".") && body[0] >= '0' && body[0] <= '9' {
		body = strings.TrimSuffix(body, ".")
	} else {
		return false
	}
	if body == "" {
		return false
	}
	digits := strings.Trim(body, "0123456789.") == ""
	letter := len(body) == 1 && unicode.IsLetter(rune(body[0]))
	roman := strings.Trim(body, "ivxlc") == "" && len(body) <= 4
	return digits || letter || roman
}

// sentenceCuts cuts after ., ! or ? (and closing quotes/brackets) followed by
// whitespace.
func sentenceCuts(t string) []int {
	var cuts []int
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(t) && (t[j] == '"' || t[j] == '\'' || t[j] == ')' || t[j] == ']') {
			j++
		}
		if j >= len(t) || (t[j] != ' ' && t[j] != '\t' && t[j] != '\n') {
			continue
		}
		for j < len(t) && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n') {
			j++
		}
		if j < len(t) {
			cuts = append(cuts, j)
		}
		i = j - 1
	}
	return cuts
}

// wordCuts cuts after each run of whitespace.
func wordCuts(t string) []int {
	var cuts []int
	inSpace := false
	for i, r := range t {
		sp := unicode.IsSpace(r)
		if !sp && inSpace && i > 0 {
			cuts = append(cuts, i)
		}
		inSpace = sp
	}
	return cuts
}
