package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ledongthuc/pdf"
)

// maxPages bounds the page loop: a damaged /Count can claim billions.
const maxPages = 20000

// pdfResult is what the PDF child hands back.
type pdfResult struct {
	Pages    []string `json:"pages"`
	Warnings []string `json:"warnings,omitempty"`
	Error    string   `json:"error,omitempty"`
}

// extractPDF reads every page's text. It runs inside the child process: a
// panic or a hang here costs the child, never the app. Library errors are
// turned into reasons a person understands.
func extractPDF(path string) (res pdfResult) {
	f, err := os.Open(path)
	if err != nil {
		return pdfResult{Error: "PDF could not be opened"}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return pdfResult{Error: "PDF could not be opened"}
	}
	encrypted := hasEncryptDict(f, fi.Size())
	r, err := openPDF(f, fi.Size())
	if err != nil {
		return pdfResult{Error: classifyPDFError(err, encrypted)}
	}
	if encrypted {
		// The library opened it with the empty user password (owner-only
		// protection): the text is readable and indexing it is allowed.
		res.Warnings = append(res.Warnings, "PDF is encrypted with an empty user password")
	}
	n := r.NumPage()
	if n > maxPages {
		res.Warnings = append(res.Warnings, fmt.Sprintf("only the first %d pages were read", maxPages))
		n = maxPages
	}
	failed := 0
	for i := 1; i <= n; i++ {
		text, err := pageText(r.Page(i))
		if err != nil {
			failed++
		}
		res.Pages = append(res.Pages, text)
	}
	if failed > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d of %d pages could not be read completely", failed, n))
	}
	return res
}

// openPDF works around the library's strict header check: it accepts only
// "%PDF-1.0".."%PDF-1.7" followed by a newline, so PDF 2.0 files and headers
// followed by a space or comment are refused although the rest parses. The
// first bytes are a comment line, so presenting a canonical one is harmless.
func openPDF(f io.ReaderAt, size int64) (*pdf.Reader, error) {
	head := make([]byte, 16)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	if !bytes.HasPrefix(head, []byte("%PDF-")) {
		return nil, errors.New("not a PDF file: invalid header")
	}
	return pdf.NewReader(&headerPatch{ReaderAt: f}, size)
}

type headerPatch struct{ io.ReaderAt }

var canonicalHeader = []byte("%PDF-1.7\n")

func (h *headerPatch) ReadAt(p []byte, off int64) (int, error) {
	n, err := h.ReaderAt.ReadAt(p, off)
	for i := 0; i < n; i++ {
		if o := off + int64(i); o < int64(len(canonicalHeader)) {
			p[i] = canonicalHeader[o]
		} else {
			break
		}
	}
	return n, err
}

// hasEncryptDict looks for an /Encrypt entry in the trailer area (the end
// of the file, or the start for linearized files).
func hasEncryptDict(f io.ReaderAt, size int64) bool {
	const span = 64 << 10
	for _, off := range []int64{max(0, size-span), 0} {
		buf := make([]byte, min(span, size))
		n, _ := f.ReadAt(buf, off)
		if bytes.Contains(buf[:n], []byte("/Encrypt")) {
			return true
		}
	}
	return false
}

func classifyPDFError(err error, encrypted bool) string {
	msg := err.Error()
	switch {
	case encrypted || strings.Contains(msg, "encrypt") || strings.Contains(msg, "password"):
		return "encrypted PDF: it is password-protected and cannot be read"
	case strings.Contains(msg, "invalid header"):
		return "not a PDF file (damaged header)"
	case strings.Contains(msg, "EOF") || strings.Contains(msg, "xref") || strings.Contains(msg, "trailer"):
		return "corrupt or truncated PDF (no cross-reference table; the file may be incomplete)"
	}
	return "damaged PDF (" + msg + ")"
}

// pageText runs the page's content stream through the text interpreter.
// A library panic on a damaged stream costs that page only.
func pageText(p pdf.Page) (text string, err error) {
	if p.V.IsNull() {
		return "", nil
	}
	it := newTextInterp()
	defer func() {
		if r := recover(); r != nil {
			text, err = it.lines.String(), fmt.Errorf("read page: %v", r)
		}
	}()
	it.run(p.V.Key("Contents"), p.Resources(), ident, 0)
	return it.lines.String(), nil
}
