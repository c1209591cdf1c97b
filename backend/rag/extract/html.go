package extract

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements hold no document text.
var htmlSkip = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: false, atom.Head: false, atom.Iframe: true, atom.Object: true,
	atom.Canvas: true, atom.Select: true, atom.Button: false,
}

// block elements end a paragraph; inline elements (code, i, a, span) flow
// into the sentence around them.
var htmlBlock = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Pre: true, atom.Blockquote: true, atom.Section: true,
	atom.Article: true, atom.Aside: true, atom.Header: true, atom.Footer: true, atom.Nav: true,
	atom.Main: true, atom.Table: true, atom.Tr: true, atom.Caption: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Address: true, atom.Details: true,
	atom.Summary: true, atom.Form: true, atom.Fieldset: true, atom.Legend: true, atom.Title: true,
	atom.Body: true, atom.Html: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
}

// html streams the tokens (no DOM is built) and writes text with one blank
// line between blocks, a newline per <br>, a tab between table cells, and
// whitespace collapsed except inside <pre>.
func (e *Extractor) html(b []byte) (Document, error) {
	z := html.NewTokenizer(bytes.NewReader([]byte(decodeText(b))))
	w := &blockWriter{}
	skip := 0 // depth inside skipped elements
	pre := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return Document{Text: strings.TrimSpace(w.sb.String())}, nil
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if htmlSkip[a] {
				if tt == html.StartTagToken {
					skip++
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch {
			case a == atom.Br:
				w.newline()
			case a == atom.Td || a == atom.Th:
				w.cell()
			case a == atom.Img:
				// Alt text is the image's text.
				for {
					k, v, more := z.TagAttr()
					if string(k) == "alt" && len(v) > 0 {
						w.text(string(v), false)
					}
					if !more {
						break
					}
				}
			case htmlBlock[a]:
				w.block()
				if a == atom.Pre {
					pre++
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if htmlSkip[a] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			if htmlBlock[a] {
				w.block()
				if a == atom.Pre && pre > 0 {
					pre--
				}
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			w.text(string(z.Text()), pre > 0)
		}
	}
}

// blockWriter collapses whitespace and separators so that nested blocks
// don't pile up empty lines.
type blockWriter struct {
	sb      strings.Builder
	pending string // separator owed before the next text: " ", "\n", "\t" or "\n\n"
	started bool
}

func (w *blockWriter) owe(sep string) {
	if !w.started {
		return
	}
	if sepRank(sep) > sepRank(w.pending) {
		w.pending = sep
	}
}

func (w *blockWriter) block()   { w.owe("\n\n") }
func (w *blockWriter) newline() { w.owe("\n") }
func (w *blockWriter) cell()    { w.owe("\t") }

func (w *blockWriter) text(s string, pre bool) {
	s = cleanText(s)
	if pre {
		if s == "" {
			return
		}
		w.flush()
		w.sb.WriteString(s)
		w.started = true
		return
	}
	if s != "" && isSpaceByte(s[0]) {
		w.owe(" ")
	}
	fields := strings.Fields(s)
	for i, f := range fields {
		if i > 0 {
			w.owe(" ")
		}
		w.flush()
		w.sb.WriteString(f)
		w.started = true
	}
	if len(fields) > 0 && isSpaceByte(s[len(s)-1]) {
		w.owe(" ")
	}
}

func (w *blockWriter) flush() {
	if w.pending != "" && w.started {
		w.sb.WriteString(w.pending)
	}
	w.pending = ""
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' }

func sepRank(sep string) int {
	switch sep {
	case " ":
		return 1
	case "\t":
		return 2
	case "\n":
		return 3
	case "\n\n":
		return 4
	}
	return 0
}
