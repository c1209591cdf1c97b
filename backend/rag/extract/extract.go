// Package extract turns a stored file into plain text for indexing: one file
// per format (pdf, docx, html, csv, text/markdown), content sniffing so that a
// file is never indexed as something it is not, and a clear reason a person
// can read for every file that cannot be used. PDF parsing runs in a child
// process (see child.go) because PDF libraries can hang or crash on damaged
// files.
package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bookbag/backend/apperr"
)

// Document is extracted text. Pages, when the format has them, are byte
// spans of Text with their 1-based page numbers, in order.
type Document struct {
	Text     string
	Pages    []Page
	Format   string   // pdf, docx, html, csv, text, markdown
	Warnings []string // partial success, shown next to the document
}

// Page is the span [Start, End) of Document.Text that came from page Number.
type Page struct {
	Number int `json:"n"`
	Start  int `json:"s"`
	End    int `json:"e"`
}

// PageAt returns the page number holding byte offset off, or 0 when the
// document has no pages.
func (d Document) PageAt(off int) int {
	for i := len(d.Pages) - 1; i >= 0; i-- {
		if d.Pages[i].Start <= off {
			return d.Pages[i].Number
		}
	}
	return 0
}

// Limits bound the work one file may cause. The zero value gives defaults.
type Limits struct {
	MaxInput    int64         // bytes of a text/HTML/CSV file read into memory
	MaxInflated int64         // bytes one DOCX part may inflate to
	MaxRatio    int64         // largest accepted compression ratio of a DOCX part
	MaxText     int           // bytes of extracted text kept
	MaxField    int           // runes of one CSV cell kept
	PDFTimeout  time.Duration // wall time of one PDF child
	PDFMemory   int64         // resident memory of one PDF child
}

func (l Limits) withDefaults() Limits {
	if l.MaxInput <= 0 {
		l.MaxInput = 64 << 20
	}
	if l.MaxInflated <= 0 {
		l.MaxInflated = 50 << 20
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = 100
	}
	if l.MaxText <= 0 {
		l.MaxText = 32 << 20
	}
	if l.MaxField <= 0 {
		l.MaxField = 2000
	}
	if l.PDFTimeout <= 0 {
		l.PDFTimeout = 30 * time.Second
	}
	if l.PDFMemory <= 0 {
		l.PDFMemory = 200 << 20
	}
	return l
}

// Extractor extracts files. It holds no mutable state and is safe for
// concurrent use.
type Extractor struct {
	limits Limits
	pdf    pdfRunner
}

// Options configure New.
type Options struct {
	Limits Limits
	// Executable is the program re-executed as the PDF child; it must call
	// RunChildIfRequested first thing in main/TestMain. Default: this one.
	Executable string
}

// New returns an Extractor.
func New(opts Options) *Extractor {
	l := opts.Limits.withDefaults()
	return &Extractor{limits: l, pdf: &childRunner{exe: opts.Executable, limits: l}}
}

// Fail is an extraction failure with a reason for the user.
func fail(format string, args ...any) error {
	return apperr.New(apperr.Invalid, format, args...)
}

// ErrUnsupported marks files whose type is refused.
var ErrUnsupported = errors.New("unsupported file type")

// File extracts the file at path; name (the user's file name) picks the
// format, and the content must agree with it.
func (e *Extractor) File(ctx context.Context, name, path string) (Document, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Document{}, fmt.Errorf("stat file: %w", err)
	}
	if fi.Size() == 0 {
		return Document{}, fail("empty file")
	}
	head, err := readHead(path, 4096)
	if err != nil {
		return Document{}, err
	}
	ext := strings.ToLower(filepath.Ext(name))
	f, ok := formatOf(name)
	format := f.Name
	if !ok {
		if ext == "" {
			// No extension: trust the content for the two kinds we can tell.
			if k := sniff(head); k == kindPDF {
				format = "pdf"
			} else if k == kindText {
				format = "text"
			}
		}
		if format == "" {
			if ext == "" {
				ext = "(no extension)"
			}
			return Document{}, apperr.Wrap(ErrUnsupported, apperr.Invalid, "%s", UnsupportedReason(ext))
		}
	}
	var doc Document
	switch format {
	case "pdf":
		if k := sniff(head); k != kindPDF {
			return Document{}, fail("not a PDF file (%s)", describe(k, head))
		}
		doc, err = e.pdf.run(ctx, path)
	case "docx":
		if k := sniff(head); k != kindZIP {
			return Document{}, fail("not a DOCX file (not a ZIP/OOXML package)")
		}
		doc, err = e.docx(ctx, path, fi.Size())
	default:
		if k := sniff(head); k != kindText {
			return Document{}, fail("not a text file (%s)", describe(k, head))
		}
		if fi.Size() > e.limits.MaxInput {
			return Document{}, fail("file too large (%d MB; text files up to %d MB)", fi.Size()>>20, e.limits.MaxInput>>20)
		}
		var b []byte
		b, err = os.ReadFile(path)
		if err != nil {
			return Document{}, fmt.Errorf("read file: %w", err)
		}
		switch format {
		case "html":
			doc, err = e.html(b)
		case "csv":
			doc, err = e.csv(b)
		default:
			doc = Document{Text: decodeText(b)}
		}
	}
	if err != nil {
		return Document{}, err
	}
	if doc.Format == "" {
		doc.Format = format
	}
	if len(doc.Text) > e.limits.MaxText {
		doc.Text = truncateUTF8(doc.Text, e.limits.MaxText)
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("text cut at %d MB", e.limits.MaxText>>20))
	}
	if strings.TrimSpace(doc.Text) == "" {
		if format == "pdf" {
			return Document{}, fail("no extractable text (scanned/image-only PDF; OCR not supported)")
		}
		return Document{}, fail("no text in file")
	}
	return doc, nil
}

func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open file: %w", err)
	}
	defer f.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read file: %w", err)
	}
	return buf[:m], nil
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
