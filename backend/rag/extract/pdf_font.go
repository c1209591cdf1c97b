package extract

import (
	"io"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// pdfFont decodes a font's codes to text and knows their widths. The
// library's own decoding prefers /Encoding over /ToUnicode and looks codes up
// by linear search; here /ToUnicode wins (it is what the producer says the
// glyphs mean, ligatures included) and lookups are map reads.
type pdfFont struct {
	codeLen  int               // bytes per code: 2 for composite (Type0) fonts
	toUni    map[string]string // from /ToUnicode: code bytes -> text
	ranges   []uniRange        // bfrange entries of /ToUnicode
	fallback pdf.TextEncoding  // the library's decoding when there is no ToUnicode
	widths   map[int]float64   // glyph widths in glyph space units
	dw       float64           // default width
	scale    float64           // glyph space to text space (1/1000, or Type3 FontMatrix)
}

type uniRange struct {
	lo, hi uint32
	n      int      // code length in bytes
	base   []uint16 // destination of lo (UTF-16), incremented for later codes
	list   []string // or one destination per code
}

func loadFont(v pdf.Value) *pdfFont {
	f := &pdfFont{codeLen: 1, scale: 0.001, dw: 0}
	sub := v.Key("Subtype").Name()
	if sub == "Type0" {
		f.codeLen = 2
		desc := v.Key("DescendantFonts").Index(0)
		f.dw = 1000
		if d := desc.Key("DW"); d.Kind() == pdf.Integer || d.Kind() == pdf.Real {
			f.dw = d.Float64()
		}
		f.widths = parseCIDWidths(desc.Key("W"))
	} else {
		f.widths = map[int]float64{}
		first := int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len() && i < 65536; i++ {
			f.widths[first+i] = ws.Index(i).Float64()
		}
		if mw := v.Key("FontDescriptor").Key("MissingWidth"); mw.Kind() == pdf.Integer || mw.Kind() == pdf.Real {
			f.dw = mw.Float64()
		}
		if sub == "Type3" {
			if m := v.Key("FontMatrix"); m.Len() == 6 {
				f.scale = m.Index(0).Float64()
			}
		}
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.parseToUnicode(tu)
	}
	if f.toUni == nil && f.ranges == nil {
		if f.codeLen == 2 {
			enc := v.Key("Encoding").Name()
			if strings.Contains(enc, "UCS2") || strings.Contains(enc, "UTF16") {
				f.fallback = utf16Encoding{}
			}
			// Identity-H without ToUnicode: the codes are glyph ids that mean
			// nothing as text; emitting them would be garbage.
		} else {
			font := pdf.Font{V: v}
			f.fallback = font.Encoder()
		}
	}
	return f
}

type utf16Encoding struct{}

func (utf16Encoding) Decode(raw string) string { return utf16BE(raw) }

func utf16BE(s string) string {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}

// decode returns the text of one code.
func (f *pdfFont) decode(code string) string {
	if f.toUni != nil || f.ranges != nil {
		if s, ok := f.toUni[code]; ok {
			return s
		}
		c := codeValue(code)
		for _, r := range f.ranges {
			if r.n != len(code) || c < r.lo || c > r.hi {
				continue
			}
			if r.list != nil {
				if i := int(c - r.lo); i < len(r.list) {
					return r.list[i]
				}
				return ""
			}
			if len(r.base) == 0 {
				return ""
			}
			u := append([]uint16(nil), r.base...)
			u[len(u)-1] += uint16(c - r.lo)
			return string(utf16.Decode(u))
		}
		if f.fallback == nil {
			return ""
		}
	}
	if f.fallback == nil {
		return ""
	}
	return f.fallback.Decode(code)
}

// width of one code in glyph space units.
func (f *pdfFont) width(code string) float64 {
	if w, ok := f.widths[int(codeValue(code))]; ok {
		return w
	}
	if f.dw > 0 {
		return f.dw
	}
	return 500 // no metrics at all: assume an average glyph
}

func codeValue(code string) uint32 {
	var c uint32
	for i := 0; i < len(code); i++ {
		c = c<<8 | uint32(code[i])
	}
	return c
}

func parseCIDWidths(w pdf.Value) map[int]float64 {
	out := map[int]float64{}
	n := w.Len()
	for i := 0; i < n && len(out) < 65536; {
		first := int(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && j < 65536; j++ {
				out[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		last := int(next.Int64())
		width := w.Index(i + 2).Float64()
		for c := first; c <= last && c-first < 65536; c++ {
			out[c] = width
		}
		i += 3
	}
	return out
}

// parseToUnicode reads the bfchar and bfrange sections of a ToUnicode CMap,
// the parts that map codes to text. CMaps are small PostScript programs; a
// token scan is enough and does not depend on the library's PostScript
// subset (which needs a dictionary only it can create for findresource).
func (f *pdfFont) parseToUnicode(tu pdf.Value) {
	rc := tu.Reader()
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 4<<20))
	if err != nil && len(data) == 0 {
		return
	}
	toUni := map[string]string{}
	var ranges []uniRange
	spaceLen := 0
	var ops []cmapToken // operands since the last keyword
	for _, tok := range scanCMap(data) {
		if tok.kind != tokKeyword {
			ops = append(ops, tok)
			continue
		}
		switch tok.s {
		case "begincodespacerange", "beginbfchar", "beginbfrange":
			// operands start here; ops was cleared at the previous keyword
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				if ops[i].kind == tokHex && len(ops[i].s) > 0 {
					spaceLen = len(ops[i].s)
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops) && len(toUni) < 1<<17; i += 2 {
				if ops[i].kind == tokHex && ops[i+1].kind == tokHex {
					toUni[ops[i].s] = utf16BE(ops[i+1].s)
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops) && len(ranges) < 1<<16; {
				lo, hi, dst := ops[i], ops[i+1], ops[i+2]
				i += 3
				if lo.kind != tokHex || hi.kind != tokHex || len(lo.s) != len(hi.s) || len(lo.s) == 0 {
					continue
				}
				r := uniRange{lo: codeValue(lo.s), hi: codeValue(hi.s), n: len(lo.s)}
				if r.hi < r.lo {
					continue
				}
				switch dst.kind {
				case tokArray:
					r.list = make([]string, 0, len(dst.list))
					for _, d := range dst.list {
						r.list = append(r.list, utf16BE(d))
					}
				case tokHex:
					for j := 0; j+1 < len(dst.s); j += 2 {
						r.base = append(r.base, uint16(dst.s[j])<<8|uint16(dst.s[j+1]))
					}
				default:
					continue
				}
				ranges = append(ranges, r)
			}
		}
		ops = ops[:0]
	}
	if len(toUni) == 0 && len(ranges) == 0 {
		return
	}
	f.toUni, f.ranges = toUni, ranges
	if spaceLen == 2 && f.codeLen == 1 {
		f.codeLen = 2
	}
}

type tokKind int

const (
	tokHex tokKind = iota
	tokArray
	tokKeyword
	tokOther
)

type cmapToken struct {
	kind tokKind
	s    string   // decoded bytes of a hex string, or the keyword
	list []string // hex strings of an array
}

// scanCMap tokenizes a CMap: hex strings, arrays of hex strings, keywords;
// everything else (names, numbers, dictionaries, literal strings) becomes
// tokOther so operand counts stay aligned.
func scanCMap(b []byte) []cmapToken {
	var toks []cmapToken
	var arr *cmapToken
	emit := func(t cmapToken) {
		if arr != nil {
			if t.kind == tokHex {
				arr.list = append(arr.list, t.s)
			}
			return
		}
		toks = append(toks, t)
	}
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '<' && i+1 < len(b) && b[i+1] == '<':
			i += 2
			emit(cmapToken{kind: tokOther})
		case c == '>' && i+1 < len(b) && b[i+1] == '>':
			i += 2
		case c == '<':
			j := i + 1
			var hex []byte
			for j < len(b) && b[j] != '>' {
				if isHexDigit(b[j]) {
					hex = append(hex, b[j])
				}
				j++
			}
			if len(hex)%2 == 1 {
				hex = append(hex, '0')
			}
			out := make([]byte, len(hex)/2)
			for k := range out {
				out[k] = unhex(hex[2*k])<<4 | unhex(hex[2*k+1])
			}
			emit(cmapToken{kind: tokHex, s: string(out)})
			i = j + 1
		case c == '[':
			arr = &cmapToken{kind: tokArray}
			i++
		case c == ']':
			if arr != nil {
				t := *arr
				arr = nil
				emit(t)
			}
			i++
		case c == '(':
			depth := 0
			for i < len(b) {
				if b[i] == '\\' {
					i += 2
					continue
				}
				if b[i] == '(' {
					depth++
				} else if b[i] == ')' {
					depth--
					if depth == 0 {
						i++
						break
					}
				}
				i++
			}
			emit(cmapToken{kind: tokOther})
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0:
			i++
		default:
			j := i
			for j < len(b) && !strings.ContainsRune(" \n\r\t\f\x00<>[]()/%{}", rune(b[j])) {
				j++
			}
			if c == '/' {
				j = i + 1
				for j < len(b) && !strings.ContainsRune(" \n\r\t\f\x00<>[]()/%{}", rune(b[j])) {
					j++
				}
				emit(cmapToken{kind: tokOther})
			} else if j == i {
				j++ // a stray delimiter such as { or }
			} else {
				w := string(b[i:j])
				if (w[0] >= '0' && w[0] <= '9') || w[0] == '-' || w[0] == '+' || w[0] == '.' {
					emit(cmapToken{kind: tokOther})
				} else {
					emit(cmapToken{kind: tokKeyword, s: w})
				}
			}
			i = j
		}
	}
	return toks
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}
