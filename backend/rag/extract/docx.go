package extract

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
)

const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
const mcNS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

// errTooLarge is the zip-bomb refusal.
var errTooLarge = errors.New("inflated part too large")

// docx streams word/document.xml (then footnotes, endnotes, headers and
// footers) with encoding/xml. The central directory's sizes are checked
// before anything is inflated, and the inflated stream is capped too, since
// those sizes can lie.
func (e *Extractor) docx(ctx context.Context, p string, size int64) (Document, error) {
	f, err := os.Open(p)
	if err != nil {
		return Document{}, fmt.Errorf("open docx: %w", err)
	}
	defer f.Close()
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return Document{}, fail("not a DOCX file (not a ZIP/OOXML package)")
	}
	parts := map[string]*zip.File{}
	for _, zf := range zr.File {
		parts[zf.Name] = zf
	}
	if _, ok := parts["word/document.xml"]; !ok {
		return Document{}, fail("not a DOCX file (no word/document.xml; is it another Office format?)")
	}
	names := []string{"word/document.xml"}
	var extra []string
	for name := range parts {
		base := path.Base(name)
		if path.Dir(name) == "word" && (base == "footnotes.xml" || base == "endnotes.xml" ||
			strings.HasPrefix(base, "header") || strings.HasPrefix(base, "footer")) && strings.HasSuffix(base, ".xml") {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	names = append(names, extra...)
	var total int64
	for _, n := range names {
		zf := parts[n]
		total += int64(zf.UncompressedSize64)
		if err := e.checkRatio(zf); err != nil {
			return Document{}, err
		}
	}
	if total > e.limits.MaxInflated*2 {
		return Document{}, fail("file too large / suspicious compression ratio (%d MB of XML)", total>>20)
	}
	var sb strings.Builder
	seen := map[string]bool{}
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return Document{}, err
		}
		text, err := e.docxPart(parts[n])
		if errors.Is(err, errTooLarge) {
			return Document{}, fail("file too large / suspicious compression ratio")
		}
		if err != nil {
			if n == "word/document.xml" {
				return Document{}, fail("damaged DOCX file (%v)", err)
			}
			continue // a broken header costs the header only
		}
		text = strings.TrimSpace(text)
		if text == "" || seen[text] {
			continue // the same header on every section is indexed once
		}
		seen[text] = true
		if sb.Len() > 0 {
			sb.WriteString("\n\n")
		}
		sb.WriteString(text)
	}
	return Document{Text: sb.String()}, nil
}

func (e *Extractor) checkRatio(zf *zip.File) error {
	u, c := int64(zf.UncompressedSize64), int64(zf.CompressedSize64)
	if u > e.limits.MaxInflated {
		return fail("file too large / suspicious compression ratio (%s inflates to %d MB)", zf.Name, u>>20)
	}
	// Small parts compress very well legitimately; the ratio matters only
	// once the inflated size is substantial.
	if u > 1<<20 && c > 0 && u/c > e.limits.MaxRatio {
		return fail("file too large / suspicious compression ratio (%s: %d:1)", zf.Name, u/c)
	}
	return nil
}

// capReader fails once more than n bytes were read.
type capReader struct {
	r io.Reader
	n int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	m, err := c.r.Read(p)
	c.n -= int64(m)
	return m, err
}

func (e *Extractor) docxPart(zf *zip.File) (string, error) {
	rc, err := zf.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	dec := xml.NewDecoder(&capReader{r: rc, n: e.limits.MaxInflated})
	dec.Strict = false
	w := &docxWriter{max: e.limits.MaxText}
	if err := w.walk(dec); err != nil {
		return w.sb.String(), err
	}
	return w.sb.String(), nil
}

type docxWriter struct {
	sb  strings.Builder
	max int
	// depth counters of the contexts that change what text means
	skip    int // inside w:del, w:moveFrom, w:instrText, mc:Fallback, separators, hidden
	cell    int // inside w:tc
	inText  bool
	skipTag []xml.Name // the element that opened each skip level, to match its end
}

func (w *docxWriter) walk(dec *xml.Decoder) error {
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if w.sb.Len() > w.max {
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if w.skip > 0 {
				if t.Name == w.skipTag[len(w.skipTag)-1] {
					w.skip++ // same element nested: its end must not close us early
				}
				continue
			}
			if skipElement(t) {
				w.skip = 1
				w.skipTag = append(w.skipTag, t.Name)
				continue
			}
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				w.inText = true
			case "tab", "ptab":
				w.sb.WriteByte('\t')
			case "br", "cr":
				w.sb.WriteByte('\n')
			case "noBreakHyphen":
				w.sb.WriteByte('-')
			case "tc":
				w.cell++
			}
		case xml.EndElement:
			if w.skip > 0 {
				if t.Name == w.skipTag[len(w.skipTag)-1] {
					w.skip--
					if w.skip == 0 {
						w.skipTag = w.skipTag[:len(w.skipTag)-1]
					}
				}
				continue
			}
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				w.inText = false
			case "p":
				// Paragraphs are separated by a blank line, as in the
				// other formats' text, so that a short one standing
				// alone reads as a heading and the splitter cuts here
				// first; inside a table cell they are words of the cell.
				if w.cell > 0 {
					w.sb.WriteByte(' ')
				} else {
					w.sb.WriteString("\n\n")
				}
			case "tc":
				w.cell--
				w.sb.WriteByte('\t')
			case "tr":
				w.sb.WriteByte('\n')
			case "tbl":
				w.sb.WriteByte('\n')
			}
		case xml.CharData:
			if w.skip == 0 && w.inText {
				w.sb.WriteString(cleanText(string(t)))
			}
		}
	}
}

// skipElement: tracked deletions and moves away, field instructions, the
// second branch of mc:AlternateContent (the first, mc:Choice, has the same
// text), and footnote separators.
func skipElement(t xml.StartElement) bool {
	if t.Name.Space == mcNS {
		return t.Name.Local == "Fallback"
	}
	if t.Name.Space != wordNS {
		return false
	}
	switch t.Name.Local {
	case "del", "moveFrom", "instrText", "delText", "delInstrText":
		return true
	case "footnote", "endnote":
		for _, a := range t.Attr {
			if a.Name.Local == "type" && (a.Value == "separator" || a.Value == "continuationSeparator" || a.Value == "continuationNotice") {
				return true
			}
		}
	}
	return false
}
