package rag

import (
	"path/filepath"
	"strings"
	"unicode/utf8"

	"bookbag/backend/rag/extract"
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
