package main

import (
	"regexp"
	"sort"
	"strings"
)

// Finding is one piece of personal data found in a text.
type Finding struct {
	Kind  string `json:"kind"` // email | phone | card
	Text  string `json:"text"`
	Start int    `json:"start"` // byte offset
}

// Patterns are deliberately plain: this is an example of a plugin, not a
// data-loss-prevention product.
var patterns = []struct {
	kind string
	re   *regexp.Regexp
	ok   func(string) bool
}{
	{"email", regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`), nil},
	{"card", regexp.MustCompile(`\b(?:\d[ -]?){13,19}\b`), luhn},
	{"phone", regexp.MustCompile(`\+?\(?\d[\d ().-]{6,}\d\b`), phoneDigits},
}

// find lists the personal data in s, in order, without overlaps (a card
// number is not also a phone number).
func find(s string) []Finding {
	var out []Finding
	taken := make([]bool, len(s))
	for _, p := range patterns {
		for _, m := range p.re.FindAllStringIndex(s, -1) {
			text := strings.TrimSpace(s[m[0]:m[1]])
			if p.ok != nil && !p.ok(text) {
				continue
			}
			if overlaps(taken, m[0], m[1]) {
				continue
			}
			for i := m[0]; i < m[1]; i++ {
				taken[i] = true
			}
			out = append(out, Finding{Kind: p.kind, Text: text, Start: m[0]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func overlaps(taken []bool, from, to int) bool {
	for i := from; i < to; i++ {
		if taken[i] {
			return true
		}
	}
	return false
}

// mask replaces every finding with [KIND].
func mask(s string) (string, int) {
	fs := find(s)
	var b strings.Builder
	last := 0
	for _, f := range fs {
		b.WriteString(s[last:f.Start])
		b.WriteString("[" + strings.ToUpper(f.Kind) + "]")
		last = f.Start + len(f.Text)
	}
	b.WriteString(s[last:])
	return b.String(), len(fs)
}

// phoneDigits: 8 to 15 digits, as phone numbers have (E.164).
func phoneDigits(s string) bool {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n >= 8 && n <= 15
}

// luhn tells a card number from any long run of digits.
func luhn(s string) bool {
	var digits []int
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits = append(digits, int(r-'0'))
		}
	}
	if len(digits) < 13 {
		return false
	}
	sum := 0
	for i := range digits {
		d := digits[len(digits)-1-i]
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}
