package extract

import (
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// matrix is a PDF transformation [a b c d e f].
type matrix [6]float64

var ident = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

type gstate struct {
	ctm                        matrix
	tc, tw, th, tl, tfs, trise float64
	font                       *pdfFont
}

// maxOps bounds the operators interpreted per page (forms can nest and
// repeat; a hostile file could multiply them).
const maxOps = 5_000_000

// textInterp interprets content streams far enough to place every glyph:
// text state, text and graphics matrices, glyph widths and form XObjects.
// The library's own Content() uses byte widths for two-byte fonts and
// ignores word spacing and forms, which loses the spaces of pdfTeX output.
type textInterp struct {
	lines lineBuilder
	fonts map[string]*pdfFont // by resource name, per resource dict
	ops   int
}

func newTextInterp() *textInterp { return &textInterp{} }

func (it *textInterp) run(content, res pdf.Value, ctm matrix, depth int) {
	if depth > 6 || content.IsNull() {
		return
	}
	fonts := map[string]*pdfFont{}
	g := gstate{ctm: ctm, th: 1}
	var stack []gstate
	tm, tlm := ident, ident
	font := func(name string) *pdfFont {
		if f, ok := fonts[name]; ok {
			return f
		}
		f := loadFont(res.Key("Font").Key(name))
		fonts[name] = f
		return f
	}
	show := func(s string) {
		f := g.font
		if f == nil {
			return
		}
		for i := 0; i+f.codeLen <= len(s); i += f.codeLen {
			code := s[i : i+f.codeLen]
			w0 := f.width(code) * f.scale
			trm := matrix{g.tfs * g.th, 0, 0, g.tfs, 0, g.trise}.mul(tm).mul(g.ctm)
			tx := w0*g.tfs + g.tc
			if f.codeLen == 1 && code == " " {
				tx += g.tw
			}
			tx *= g.th
			m := tm.mul(g.ctm)
			hscale := math.Hypot(m[0], m[1])
			size := math.Abs(g.tfs) * math.Hypot(m[2], m[3])
			it.lines.add(glyph{x: trm[4], y: trm[5], adv: tx * hscale, size: size, text: f.decode(code)})
			tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
		}
	}
	pdf.Interpret(content, func(stk *pdf.Stack, op string) {
		it.ops++
		if it.ops > maxOps {
			panic("too many operators on one page")
		}
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 64 {
				stack = append(stack, g)
			}
		case "Q":
			if n := len(stack); n > 0 {
				g = stack[n-1]
				stack = stack[:n-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(g.ctm)
			}
		case "BT":
			tm, tlm = ident, ident
		case "Tc":
			g.tc = num(0)
		case "Tw":
			g.tw = num(0)
		case "Tz":
			g.th = num(0) / 100
		case "TL":
			g.tl = num(0)
		case "Ts":
			g.trise = num(0)
		case "Tf":
			if len(args) == 2 {
				g.font = font(args[0].Name())
				g.tfs = num(1)
			}
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					g.tl = -num(1)
				}
				tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
				tm = tlm
			}
		case "Tm":
			if len(args) == 6 {
				tlm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				tm = tlm
			}
		case "T*":
			tlm = matrix{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
			tm = tlm
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				g.tw, g.tc = num(0), num(1)
				args = args[2:]
			}
			tlm = matrix{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
			tm = tlm
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			a := args[0]
			for i := 0; i < a.Len(); i++ {
				v := a.Index(i)
				if v.Kind() == pdf.String {
					show(v.RawString())
					continue
				}
				tx := -v.Float64() / 1000 * g.tfs * g.th
				tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
			}
		case "Do":
			if len(args) != 1 {
				return
			}
			xo := res.Key("XObject").Key(args[0].Name())
			if xo.Key("Subtype").Name() != "Form" {
				return
			}
			m := ident
			if mv := xo.Key("Matrix"); mv.Len() == 6 {
				for i := range m {
					m[i] = mv.Index(i).Float64()
				}
			}
			fr := xo.Key("Resources")
			if fr.IsNull() {
				fr = res
			}
			it.run(xo, fr, m.mul(g.ctm), depth+1)
		}
	})
}

// glyph is one decoded code placed on the page (device space, y up).
type glyph struct {
	x, y, adv, size float64
	text            string
}

// lineBuilder turns glyphs, in content order, into lines and paragraphs:
// a vertical move of more than half the font size starts a line, a larger
// one a paragraph; a horizontal gap wider than a fraction of the font size
// is a word space (pdfTeX and others position words instead of emitting
// space characters).
type lineBuilder struct {
	sb    strings.Builder
	have  bool
	x, y  float64 // end of the previous glyph
	size  float64
	space bool // a word space is owed before the next text
}

func (b *lineBuilder) add(g glyph) {
	if g.text == "" {
		return
	}
	size := g.size
	if size <= 0 {
		size = 1
	}
	if strings.TrimSpace(g.text) == "" {
		// A real space glyph: owe a space if text follows on the same line.
		if b.have && math.Abs(g.y-b.y) <= 0.5*math.Max(size, b.size) {
			b.space = true
			b.x = g.x + g.adv
		}
		return
	}
	if b.have {
		ref := math.Max(size, b.size)
		dy := b.y - g.y
		switch {
		case math.Abs(dy) > 0.5*ref:
			if dy > 1.8*ref || dy < -4*ref {
				b.sb.WriteString("\n\n")
			} else {
				b.sb.WriteByte('\n')
			}
			b.space = false
		case b.space || g.x-b.x > 0.15*ref || g.x-b.x < -2*ref:
			if !strings.HasPrefix(g.text, " ") {
				b.sb.WriteByte(' ')
			}
			b.space = false
		}
	}
	t := g.text
	if strings.HasSuffix(t, " ") {
		t = strings.TrimRight(t, " ")
		b.space = true
	}
	b.sb.WriteString(t)
	b.have = true
	b.x, b.y, b.size = g.x+g.adv, g.y, size
}

func (b *lineBuilder) String() string { return b.sb.String() }
