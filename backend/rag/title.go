package rag

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"bookbag/backend/rag/extract"
	"bookbag/backend/rag/rank"
	"bookbag/backend/rag/split"
)

// maxTitle bounds the first-line part of a document's title.
const maxTitle = 120

// docTitle is what a person calls a document: its file name (separators as
// spaces) and, for formats whose first line is a title, that line (for
// Markdown, the front matter's title or the first heading). CSV starts with
// data, so only the name counts there.
func docTitle(name string, doc extract.Document) string {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	base = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '.' {
			return ' '
		}
		return r
	}, base)
	if doc.Format == "csv" {
		return base
	}
	text := doc.Text
	first := ""
	if doc.Format == "markdown" {
		var fm string
		fm, text = frontMatter(text)
		first = frontMatterTitle(fm)
	}
	if first == "" {
		first = firstLine(text)
	}
	first = strings.Join(strings.Fields(strings.TrimLeft(first, "# ")), " ")
	if utf8.RuneCountInString(first) > maxTitle {
		first = string([]rune(first)[:maxTitle])
	}
	if first == "" {
		return base
	}
	return base + " — " + first
}

// firstLine is the first line of text that is not blank or markup only
// (a Markdown rule, an HTML comment).
func firstLine(text string) string {
	inComment := false
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case inComment:
			if strings.Contains(t, "-->") {
				inComment = false
			}
			continue
		case strings.HasPrefix(t, "<!--"):
			inComment = !strings.Contains(t, "-->")
			continue
		case t == "" || strings.Trim(t, "-=*_ ") == "":
			continue
		}
		return t
	}
	return ""
}

// frontMatter splits a Markdown file's YAML front matter ("---" lines at
// the very start) from its body.
func frontMatter(text string) (fm, body string) {
	if !strings.HasPrefix(text, "---\n") && !strings.HasPrefix(text, "---\r\n") {
		return "", text
	}
	rest := text[strings.IndexByte(text, '\n')+1:]
	for off := 0; off < len(rest); {
		end := strings.IndexByte(rest[off:], '\n')
		if end < 0 {
			end = len(rest)
		} else {
			end += off
		}
		if l := strings.TrimSpace(rest[off:end]); l == "---" || l == "..." {
			return rest[:off], rest[min(end+1, len(rest)):]
		}
		off = end + 1
	}
	return "", text
}

func frontMatterTitle(fm string) string {
	for _, l := range strings.Split(fm, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "title:"); ok {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

// heading is a section title at byte offset off; level 1 is the outermost.
type heading struct {
	off   int
	level int
	text  string
}

// maxHeading bounds a heading line.
const maxHeading = 70

// docHeadings finds a document's section titles, so that a chunk deep
// inside a long section is indexed with the titles of the sections it is in
// (contextual chunk headers): Markdown's own headings, and for the other
// formats the lines that are laid out as headings.
func docHeadings(doc extract.Document) []heading {
	switch doc.Format {
	case "csv":
		return nil
	case "markdown":
		return markdownHeadings(doc.Text)
	}
	return textHeadings(doc.Text)
}

type line struct {
	off  int
	text string // without the newline
}

func linesOf(text string) []line {
	var out []line
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		out = append(out, line{off, strings.TrimRight(text[off:end], "\r")})
		off = end + 1
	}
	return out
}

// markdownHeadings are ATX ("## Title") and setext (underlined) headings
// outside front matter, code fences and HTML comments.
func markdownHeadings(text string) []heading {
	fm, _ := frontMatter(text)
	skipTo := 0
	if fm != "" {
		skipTo = len("---\n") + len(fm)
	}
	var out []heading
	ls := linesOf(text)
	fence, inComment := "", false
	for i, l := range ls {
		t := strings.TrimSpace(l.text)
		switch {
		case l.off < skipTo:
			continue
		case inComment:
			inComment = !strings.Contains(t, "-->")
			continue
		case fence != "":
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			fence = t[:3]
			continue
		case strings.HasPrefix(t, "<!--"):
			inComment = !strings.Contains(t, "-->")
			continue
		}
		if strings.HasPrefix(t, "#") && !strings.HasPrefix(l.text, "    ") {
			level := len(t) - len(strings.TrimLeft(t, "#"))
			h := strings.TrimSpace(strings.Trim(strings.TrimLeft(t, "#"), "# "))
			if j := strings.Index(h, "{#"); j >= 0 {
				h = strings.TrimSpace(h[:j]) // pandoc anchors
			}
			if level <= 6 && h != "" && utf8.RuneCountInString(h) <= 2*maxHeading {
				out = append(out, heading{l.off, level, h})
			}
			continue
		}
		if t != "" && i+1 < len(ls) && (i == 0 || strings.TrimSpace(ls[i-1].text) == "") {
			u := strings.TrimSpace(ls[i+1].text)
			if len(u) >= 2 && strings.Trim(u, "=") == "" {
				out = append(out, heading{l.off, 1, t})
			} else if len(u) >= 2 && strings.Trim(u, "-") == "" {
				out = append(out, heading{l.off, 2, t})
			}
		}
	}
	return out
}

// textHeadings finds headings in text without markup (plain text, man
// pages, and the text of PDF, DOCX and HTML): a short line after a blank
// line that reads like a title (starts with a capital or a section number,
// mostly letters, no sentence punctuation at the end) and stands alone:
// a blank line or an underline follows, or it is in capitals ("JOB
// CONTROL"), or the text under it is indented deeper (a man page's
// subsection). Numbered headings ("2.1. Grants") nest by their numbers,
// indented ones under those that are not; the others are top-level.
func textHeadings(text string) []heading {
	var out []heading
	ls := linesOf(text)
	for i, l := range ls {
		t := strings.TrimSpace(l.text)
		if t == "" || (i > 0 && strings.TrimSpace(ls[i-1].text) != "") {
			continue
		}
		next := ""
		if i+1 < len(ls) {
			next = ls[i+1].text
		}
		nt := strings.TrimSpace(next)
		indent := indentOf(l.text)
		underline := len(nt) >= 3 && (strings.Trim(nt, "-") == "" || strings.Trim(nt, "=") == "")
		deeper := nt != "" && indentOf(next) > indent && indent <= 4
		h, caps, ok := headingText(t)
		if !ok || indent > 4 || !(nt == "" || underline || caps || deeper) {
			continue
		}
		level := 1
		if n := sectionDepth(h); n > 0 {
			level = n
		} else if indent > 0 {
			level = 2
		}
		out = append(out, heading{l.off, level, h})
	}
	return out
}

func indentOf(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case ' ':
			n++
		case '\t':
			n += 8
		default:
			return n
		}
	}
	return n
}

// headingText checks that t reads like a title and reports whether it is
// all capitals.
func headingText(t string) (string, bool, bool) {
	if utf8.RuneCountInString(t) > maxHeading {
		return "", false, false
	}
	rest := strings.TrimLeft(t, "0123456789.")
	if len(rest) < len(t) {
		if !strings.HasPrefix(rest, " ") {
			return "", false, false // "1.5e1", not "1.5 Title"
		}
		// A numbered defined term is a heading too: `1.5. "Larger Work"`
		// over its indented definition (licences, standards, contracts).
		rest = strings.TrimLeft(strings.TrimSpace(rest), "\"“'‘")
	}
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) {
		return "", false, false
	}
	letters, upper, n := 0, 0, 0
	for _, r := range t {
		n++
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case unicode.IsDigit(r), unicode.IsSpace(r), strings.ContainsRune("-'‘’()&/.,:\"“”", r):
		default:
			return "", false, false // code, tables, formulas
		}
	}
	if letters < 2 || letters*2 < n {
		return "", false, false
	}
	if strings.ContainsAny(t[len(t)-1:], ",;:") || (strings.HasSuffix(t, ".") && len(rest) == len(t)) {
		return "", false, false // the end of a sentence, not a title
	}
	if f := strings.Fields(strings.ToLower(t)); len(f) > 1 && rank.IsStopWord(f[len(f)-1]) {
		return "", false, false // "A type T implements an interface I if": a sentence running on
	}
	return strings.Join(strings.Fields(t), " "), upper == letters, true
}

// sectionDepth is the depth of a heading's section number: "2." and "2" are
// 1, "2.1." is 2; 0 without a number.
func sectionDepth(h string) int {
	num, _, ok := strings.Cut(h, " ")
	if !ok || num == "" || num[0] < '0' || num[0] > '9' {
		return 0
	}
	num = strings.TrimSuffix(num, ".")
	parts := strings.Split(num, ".")
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return 0
		}
	}
	return min(len(parts), 6)
}

// headingPath returns the titles of the sections in force at byte offset
// off, outermost first.
func headingPath(hs []heading, off int) []string {
	i := sort.Search(len(hs), func(i int) bool { return hs[i].off > off })
	var path []string
	level := 7
	for j := i - 1; j >= 0 && level > 1; j-- {
		if hs[j].level < level {
			path = append(path, hs[j].text)
			level = hs[j].level
		}
	}
	for a, b := 0, len(path)-1; a < b; a, b = a+1, b-1 {
		path[a], path[b] = path[b], path[a]
	}
	return path
}

// chunkContext is what the context column indexes for a chunk: the
// document's title and the titles of the sections the chunk is in, those
// in force where it starts and those at its middle. A chunk that starts in
// one section and runs into the next is about both; the first section's
// title is nowhere in its text (the second's usually is), and its opening
// lines are often what a question about that section needs.
func chunkContext(title string, hs []heading, c split.Chunk) string {
	parts := []string{title}
	path := headingPath(hs, c.Start)
	for _, h := range headingPath(hs, c.Start+(c.End-c.Start)/2) {
		if !slices.Contains(path, h) {
			path = append(path, h)
		}
	}
	for _, h := range path {
		if !strings.Contains(title, h) {
			parts = append(parts, h)
		}
	}
	return strings.Join(parts, " — ")
}
