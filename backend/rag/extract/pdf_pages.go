package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Page furniture: lines that repeat at the top or bottom of most pages
// (running headers and footers, page numbers) are layout, not text. Left
// in, they land in the middle of paragraphs that run across a page break,
// look like section headings, and put the document's title into every
// chunk.

// edgeLines is how many lines at each end of a page can be furniture.
const edgeLines = 2

// furnitureKey is a line as compared across pages: lower-cased, runs of
// spaces collapsed, digits and Roman numerals alone as "#", so that "Page
// 3 of 17" and "Page 4 of 17" are the same line.
func furnitureKey(l string) string {
	f := strings.Fields(strings.ToLower(l))
	for i, w := range f {
		if strings.Trim(w, "ivxlc") == "" && len(w) <= 6 {
			f[i] = "#"
			continue
		}
		f[i] = strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '#'
			}
			return r
		}, w)
		for strings.Contains(f[i], "##") {
			f[i] = strings.ReplaceAll(f[i], "##", "#")
		}
	}
	return strings.Join(f, " ")
}

// edges returns the indexes of the first and last non-blank lines of a page
// (at most edgeLines each).
func edges(lines []string) (top, bottom []int) {
	for i := 0; i < len(lines) && len(top) < edgeLines; i++ {
		if strings.TrimSpace(lines[i]) != "" {
			top = append(top, i)
		}
	}
	for i := len(lines) - 1; i >= 0 && len(bottom) < edgeLines; i-- {
		if strings.TrimSpace(lines[i]) != "" {
			bottom = append(bottom, i)
		}
	}
	return top, bottom
}

// stripFurniture removes running headers, footers and page numbers: a line
// at the top (or bottom) of a page whose key is at the top (or bottom) of
// at least half the pages, and of three or more. The first page keeps its
// top lines, which are usually the document's title.
func stripFurniture(pages []string) []string {
	nonEmpty := 0
	for _, p := range pages {
		if strings.TrimSpace(p) != "" {
			nonEmpty++
		}
	}
	if nonEmpty < 3 {
		return pages
	}
	split := make([][]string, len(pages))
	topCount, bottomCount := map[string]int{}, map[string]int{}
	for i, p := range pages {
		split[i] = strings.Split(p, "\n")
		top, bottom := edges(split[i])
		seen := map[string]bool{}
		for _, j := range top {
			if k := furnitureKey(split[i][j]); !seen["t"+k] {
				seen["t"+k] = true
				topCount[k]++
			}
		}
		for _, j := range bottom {
			if k := furnitureKey(split[i][j]); !seen["b"+k] {
				seen["b"+k] = true
				bottomCount[k]++
			}
		}
	}
	need := max(3, (nonEmpty+1)/2)
	repeated := func(count map[string]int, l string) bool {
		k := furnitureKey(l)
		return count[k] >= need && strings.IndexFunc(k, func(r rune) bool {
			return unicode.IsLetter(r) || r == '#'
		}) >= 0 && utf8.RuneCountInString(k) <= 120
	}
	out := make([]string, len(pages))
	for i, lines := range split {
		top, bottom := edges(lines)
		drop := map[int]bool{}
		if i > 0 {
			for _, j := range top {
				if !repeated(topCount, lines[j]) {
					break
				}
				drop[j] = true
			}
		}
		for _, j := range bottom {
			if !repeated(bottomCount, lines[j]) {
				break
			}
			drop[j] = true
		}
		if len(drop) == 0 {
			out[i] = pages[i]
			continue
		}
		kept := lines[:0:0]
		for j, l := range lines {
			if !drop[j] {
				kept = append(kept, l)
			}
		}
		out[i] = strings.Join(kept, "\n")
	}
	return out
}

// continues reports whether the text after a page break goes on with the
// sentence before it (no sentence end before, a lower-case word after), so
// the break is a line break inside a paragraph, not a paragraph break.
func continues(before, after string) bool {
	b := strings.TrimRightFunc(before, unicode.IsSpace)
	a := strings.TrimLeftFunc(after, unicode.IsSpace)
	if b == "" || a == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(b)
	first, _ := utf8.DecodeRuneInString(a)
	return !strings.ContainsRune(".!?:;", last) && unicode.IsLower(first)
}
