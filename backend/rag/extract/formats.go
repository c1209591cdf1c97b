package extract

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// Format is one document format this package extracts, by file extension.
type Format struct {
	Extension string // lower case, with the dot: ".md"
	Label     string // what a person calls it: "MD"
	MIME      string // its media type: "text/markdown"
	Name      string // the extractor that reads it, as Document.Format says: "markdown"
}

// Formats is the one list of accepted document formats: extraction picks
// the extractor by it, and the native file dialog, the webview's file
// inputs and drop checks, and the messages refusing a file are made from
// it, so they cannot disagree. A format with two extensions has one entry
// for each, with the same label.
func Formats() []Format {
	return []Format{
		{".pdf", "PDF", "application/pdf", "pdf"},
		{".docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
		{".txt", "TXT", "text/plain", "text"},
		{".text", "TXT", "text/plain", "text"},
		{".md", "MD", "text/markdown", "markdown"},
		{".markdown", "MD", "text/markdown", "markdown"},
		{".html", "HTML", "text/html", "html"},
		{".htm", "HTML", "text/html", "html"},
		{".csv", "CSV", "text/csv", "csv"},
	}
}

// formatOf finds the format of a file name's extension (any case).
func formatOf(name string) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range Formats() {
		if f.Extension == ext {
			return f, true
		}
	}
	return Format{}, false
}

// Supported reports whether name has an extension this package extracts.
func Supported(name string) bool {
	_, ok := formatOf(name)
	return ok
}

// Labels names the accepted formats for people, each once, in the list's
// order: "PDF, DOCX, TXT, MD, HTML, CSV".
func Labels() string {
	var labels []string
	for _, f := range Formats() {
		if !slices.Contains(labels, f.Label) {
			labels = append(labels, f.Label)
		}
	}
	return strings.Join(labels, ", ")
}

// DialogPattern is every accepted extension as a native file dialog's
// filter pattern: "*.pdf;*.docx;…".
func DialogPattern() string {
	var p []string
	for _, f := range Formats() {
		p = append(p, "*"+f.Extension)
	}
	return strings.Join(p, ";")
}

// UnsupportedReason is what a document refused for its extension ext says.
func UnsupportedReason(ext string) string {
	return fmt.Sprintf("unsupported file type %s (supported: %s)", ext, Labels())
}
