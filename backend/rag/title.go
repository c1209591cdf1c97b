package rag

import (
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"bookbag/backend/rag/extract"
	"bookbag/backend/rag/split"
)

// maxTitle bounds the first-line part of a document's title.
const maxTitle = 120

// docTitle is what a person calls a document: its file name (separators as
// spaces) and, for formats whose first line is a title, that line. CSV
// starts with data, so only the name counts there.
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
	first := strings.TrimSpace(doc.Text)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	first = strings.TrimLeft(first, "# ")
	if utf8.RuneCountInString(first) > maxTitle {
		first = string([]rune(first)[:maxTitle])
	}
	if first == "" {
		return base
	}
	return base + " — " + first
}

// heading is a line that looks like a section title, at byte offset off.
type heading struct {
	off  int
	text string
}

// maxHeading bounds a heading line.
const maxHeading = 70

// headingsOf finds section titles: Markdown "#" lines, and short standalone
// lines of words (no sentence punctuation at the end, not indented, not
// code) such as "JOB CONTROL" in a man page or "Introduction" in a PDF.
// A chunk deep inside a long section is indexed with its section's title,
// so a question that names the topic finds it (contextual chunk headers).
func headingsOf(text string) []heading {
	var out []heading
	prevBlank := true
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := text[off:end]
		t := strings.TrimSpace(line)
		nextBlank := end+1 >= len(text) || text[end+1] == '\n'
		if h, ok := headingLine(line, t, prevBlank || nextBlank); ok {
			out = append(out, heading{off: off, text: h})
		}
		prevBlank = t == ""
		off = end + 1
	}
	return out
}

func headingLine(line, t string, standalone bool) (string, bool) {
	if t == "" {
		return "", false
	}
	if strings.HasPrefix(t, "#") {
		h := strings.TrimSpace(strings.TrimLeft(t, "#"))
		if i := strings.Index(h, " {#"); i > 0 {
			h = h[:i] // pandoc anchors
		}
		return h, h != "" && utf8.RuneCountInString(h) <= maxHeading*2
	}
	if line[0] == ' ' || line[0] == '\t' || utf8.RuneCountInString(t) > maxHeading {
		return "", false
	}
	letters, upper := 0, 0
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case unicode.IsDigit(r), r == ' ', r == '-', r == '\'', r == '’', r == '(', r == ')', r == '&', r == '/', r == '.', r == ',', r == ':':
		default:
			return "", false // code, tables, formulas
		}
	}
	if letters < 2 || letters*2 < utf8.RuneCountInString(t) {
		return "", false
	}
	if strings.ContainsAny(t[len(t)-1:], ".,;:") {
		return "", false // the end of a sentence, not a title
	}
	allCaps := upper == letters
	return t, standalone || allCaps
}

// headingAt returns the heading in force at byte offset off.
func headingAt(hs []heading, off int) string {
	i := sort.Search(len(hs), func(i int) bool { return hs[i].off > off })
	if i == 0 {
		return ""
	}
	return hs[i-1].text
}

// chunkContext is what the context column indexes for a chunk: the
// document's title and the section heading in force at the chunk's middle.
func chunkContext(title string, hs []heading, c split.Chunk) string {
	h := headingAt(hs, c.Start+(c.End-c.Start)/2)
	if h == "" || strings.Contains(title, h) {
		return title
	}
	return title + " — " + h
}
