// Package citemark reads the citation markers models write in an answer
// grounded in numbered sources: [1], and grouped [1, 2], [1,2; 4] and ranged
// [1-3], [1–3] ([1][2] is two markers). Markers in code (a span or a fenced
// block) are not citations: xs[1] there is an index. The chat (cited
// sources, the Markdown export) and the local API (annotation spans) read
// them with these same rules.
package citemark

import (
	"regexp"
	"strconv"
	"strings"
)

// group matches a marker; the optional "(" after it tells a Markdown link
// such as [2](url) apart.
var group = regexp.MustCompile(`\[(\d{1,3}(?:\s*[-–—]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–—]\s*\d{1,3})?)*)\](\()?`)

var rangeSep = regexp.MustCompile(`\s*[-–—]\s*`)

// item is one number or range of a marker: nums when every number is a
// source (known), else the item as written.
type item struct {
	nums []int
	text string
}

// items splits a marker's inner text ("1, 2-3") into items, each valid when
// known says all its numbers are sources; a range must run upwards.
func items(inner string, known func(int) bool) []item {
	var out []item
	for _, part := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		ends := rangeSep.Split(part, 2)
		lo, _ := strconv.Atoi(ends[0])
		hi := lo
		if len(ends) == 2 {
			hi, _ = strconv.Atoi(ends[1])
		}
		it := item{text: part}
		for n := lo; n <= hi && (len(ends) == 1 || lo < hi); n++ {
			if !known(n) {
				it.nums = nil
				break
			}
			it.nums = append(it.nums, n)
		}
		out = append(out, it)
	}
	return out
}

// Rewrite replaces each marker in prose (code already set aside by the
// caller, see OutsideCode) item by item: a valid item becomes mark(n) for
// each of its numbers, any other stays as "[text]". A marker with no valid
// item, and a Markdown link, stay exactly as written.
func Rewrite(prose string, known func(int) bool, mark func(n int) string) string {
	return group.ReplaceAllStringFunc(prose, func(m string) string {
		sub := group.FindStringSubmatch(m)
		if sub[2] != "" {
			return m
		}
		var b strings.Builder
		linked := false
		for _, it := range items(sub[1], known) {
			if it.nums == nil {
				b.WriteString("[" + it.text + "]")
				continue
			}
			linked = true
			for _, n := range it.nums {
				b.WriteString(mark(n))
			}
		}
		if !linked {
			return m
		}
		return b.String()
	})
}

// Cited is the set of sources (1..count) the answer's markers cite,
// outside code.
func Cited(answer string, count int) map[int]bool {
	cited := map[int]bool{}
	known := func(n int) bool { return n >= 1 && n <= count }
	OutsideCode(answer, func(prose string) string {
		return Rewrite(prose, known, func(n int) string {
			cited[n] = true
			return ""
		})
	})
	return cited
}

// First is where (byte offsets) the first marker outside code that cites
// source n of count is in answer: the whole marker, "[1, 2]" for 2.
func First(answer string, n, count int) (start, end int, ok bool) {
	known := func(k int) bool { return k >= 1 && k <= count }
	prose := walk(answer, func(s string) string { return s }, func(s string) string { return strings.Repeat(" ", len(s)) })
	for _, m := range group.FindAllStringSubmatchIndex(prose, -1) {
		if m[4] >= 0 { // a Markdown link
			continue
		}
		for _, it := range items(prose[m[2]:m[3]], known) {
			for _, k := range it.nums {
				if k == n {
					return m[0], m[1], true
				}
			}
		}
	}
	return 0, 0, false
}

// OutsideCode applies f to the parts of markdown text that are neither in a
// fenced block nor in an inline code span.
func OutsideCode(s string, f func(string) string) string {
	return walk(s, f, func(code string) string { return code })
}

// walk applies prose to the parts of s outside code and code to the parts
// in it (a fenced block's lines, fences included; a span's text between
// its backticks).
func walk(s string, prose, code func(string) string) string {
	lines := strings.SplitAfter(s, "\n")
	fence := ""
	for i, line := range lines {
		trim := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trim, fence) {
				fence = ""
			}
			lines[i] = code(line)
			continue
		}
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			fence = trim[:3]
			lines[i] = code(line)
			continue
		}
		spans := strings.Split(line, "`")
		for j := range spans { // even pieces are outside `code`
			if j%2 == 0 {
				spans[j] = prose(spans[j])
			} else {
				spans[j] = code(spans[j])
			}
		}
		lines[i] = strings.Join(spans, "`")
	}
	return strings.Join(lines, "")
}
