package chat

import (
	"regexp"
	"strconv"
	"strings"
)

// citeGroup matches a citation marker as models write it: [1], and also
// grouped [1, 2], [1,2; 4] and ranged [1-3], [1–3] ([1][2] is two markers).
// The optional "(" after it tells a Markdown link such as [2](url) apart.
var citeGroup = regexp.MustCompile(`\[(\d{1,3}(?:\s*[-–—]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–—]\s*\d{1,3})?)*)\](\()?`)

var citeRange = regexp.MustCompile(`\s*[-–—]\s*`)

// citeItem is one number or range of a marker: nums when every number is a
// source (known), else the item as written.
type citeItem struct {
	nums []int
	text string
}

// citeItems splits a marker's inner text ("1, 2-3") into items, each valid
// when known says all its numbers are sources; a range must run upwards.
func citeItems(inner string, known func(int) bool) []citeItem {
	var out []citeItem
	for _, part := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		ends := citeRange.Split(part, 2)
		lo, _ := strconv.Atoi(ends[0])
		hi := lo
		if len(ends) == 2 {
			hi, _ = strconv.Atoi(ends[1])
		}
		it := citeItem{text: part}
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

// rewriteCites replaces each citation marker in prose (code already set
// aside by the caller) item by item: a valid item becomes mark(n) for each of
// its numbers, any other stays as "[text]". A marker with no valid item, and
// a Markdown link, stay exactly as written.
func rewriteCites(prose string, known func(int) bool, mark func(n int) string) string {
	return citeGroup.ReplaceAllStringFunc(prose, func(m string) string {
		sub := citeGroup.FindStringSubmatch(m)
		if sub[2] != "" {
			return m
		}
		var b strings.Builder
		linked := false
		for _, it := range citeItems(sub[1], known) {
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

// citedNumbers is the set of sources (1..count) the answer's markers cite,
// outside code: xs[1] in a code span is an index, not a source.
func citedNumbers(answer string, count int) map[int]bool {
	cited := map[int]bool{}
	known := func(n int) bool { return n >= 1 && n <= count }
	outsideCode(answer, func(prose string) string {
		return rewriteCites(prose, known, func(n int) string {
			cited[n] = true
			return ""
		})
	})
	return cited
}
