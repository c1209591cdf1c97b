package rank

// The Porter stemmer exactly as SQLite's FTS5 "porter" tokenizer applies it
// (fts5_tokenize.c), so that Go-side scoring counts a chunk's words the way
// the index does: stem("suspends") == stem("suspended") == "suspend".
// Tokens shorter than 3 or longer than 64 bytes pass through unchanged;
// bytes that are not ASCII vowels count as consonants.

const porterMaxToken = 64

func porterIsVowel(c byte, yIsVowel bool) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || (yIsVowel && c == 'y')
}

// porterGobbleVC skips a vowel run then a consonant, returning the length
// consumed (0 if there is no such VC sequence).
func porterGobbleVC(z []byte, prevCons bool) int {
	cons := prevCons
	i := 0
	for ; i < len(z); i++ {
		cons = !porterIsVowel(z[i], cons)
		if !cons {
			break
		}
	}
	for i++; i < len(z); i++ {
		cons = !porterIsVowel(z[i], cons)
		if cons {
			return i + 1
		}
	}
	return 0
}

func porterMGt0(z []byte) bool { return porterGobbleVC(z, false) != 0 }

func porterMGt1(z []byte) bool {
	n := porterGobbleVC(z, false)
	return n != 0 && porterGobbleVC(z[n:], true) != 0
}

func porterMEq1(z []byte) bool {
	n := porterGobbleVC(z, false)
	return n != 0 && porterGobbleVC(z[n:], true) == 0
}

// porterOstar: the stem ends consonant-vowel-consonant, the last not w, x
// or y.
func porterOstar(z []byte) bool {
	last := z[len(z)-1]
	if last == 'w' || last == 'x' || last == 'y' {
		return false
	}
	mask := 0
	cons := false
	for _, c := range z {
		cons = !porterIsVowel(c, cons)
		mask <<= 1
		if cons {
			mask++
		}
	}
	return mask&7 == 5
}

func porterMGt1ST(z []byte) bool {
	last := z[len(z)-1]
	return (last == 's' || last == 't') && porterMGt1(z)
}

func porterHasVowel(z []byte) bool {
	for i, c := range z {
		if porterIsVowel(c, i > 0) {
			return true
		}
	}
	return false
}

// porterRule replaces suffix by repl when the stem before it satisfies
// cond; rules are grouped so that the first suffix that matches decides,
// whether or not its condition holds (as in the generated C).
type porterRule struct {
	suffix, repl string
	cond         func([]byte) bool
}

func applyRules(buf []byte, rules []porterRule) []byte {
	for _, r := range rules {
		n := len(r.suffix)
		if len(buf) > n && string(buf[len(buf)-n:]) == r.suffix {
			stem := buf[:len(buf)-n]
			if r.cond(stem) {
				return append(stem, r.repl...)
			}
			return buf
		}
	}
	return buf
}

// Rules by the penultimate letter of the word, longest suffix first within
// a group where one suffix ends another.
var porterStep2 = map[byte][]porterRule{
	'a': {{"ational", "ate", porterMGt0}, {"tional", "tion", porterMGt0}},
	'c': {{"enci", "ence", porterMGt0}, {"anci", "ance", porterMGt0}},
	'e': {{"izer", "ize", porterMGt0}},
	'g': {{"logi", "log", porterMGt0}},
	'l': {{"bli", "ble", porterMGt0}, {"alli", "al", porterMGt0}, {"entli", "ent", porterMGt0}, {"eli", "e", porterMGt0}, {"ousli", "ous", porterMGt0}},
	'o': {{"ization", "ize", porterMGt0}, {"ation", "ate", porterMGt0}, {"ator", "ate", porterMGt0}},
	's': {{"alism", "al", porterMGt0}, {"iveness", "ive", porterMGt0}, {"fulness", "ful", porterMGt0}, {"ousness", "ous", porterMGt0}},
	't': {{"aliti", "al", porterMGt0}, {"iviti", "ive", porterMGt0}, {"biliti", "ble", porterMGt0}},
}

var porterStep3 = map[byte][]porterRule{
	'a': {{"ical", "ic", porterMGt0}},
	's': {{"ness", "", porterMGt0}},
	't': {{"icate", "ic", porterMGt0}, {"iciti", "ic", porterMGt0}},
	'u': {{"ful", "", porterMGt0}},
	'v': {{"ative", "", porterMGt0}},
	'z': {{"alize", "al", porterMGt0}},
}

var porterStep4 = map[byte][]porterRule{
	'a': {{"al", "", porterMGt1}},
	'c': {{"ance", "", porterMGt1}, {"ence", "", porterMGt1}},
	'e': {{"er", "", porterMGt1}},
	'i': {{"ic", "", porterMGt1}},
	'l': {{"able", "", porterMGt1}, {"ible", "", porterMGt1}},
	'n': {{"ant", "", porterMGt1}, {"ement", "", porterMGt1}, {"ment", "", porterMGt1}, {"ent", "", porterMGt1}},
	'o': {{"ion", "", porterMGt1ST}, {"ou", "", porterMGt1}},
	's': {{"ism", "", porterMGt1}},
	't': {{"ate", "", porterMGt1}, {"iti", "", porterMGt1}},
	'u': {{"ous", "", porterMGt1}},
	'v': {{"ive", "", porterMGt1}},
	'z': {{"ize", "", porterMGt1}},
}

func porterStep(buf []byte, rules map[byte][]porterRule) []byte {
	if len(buf) < 2 {
		return buf
	}
	return applyRules(buf, rules[buf[len(buf)-2]])
}

// porterStem stems one lower-cased token.
func porterStem(tok string) string {
	if len(tok) < 3 || len(tok) > porterMaxToken {
		return tok
	}
	var arr [porterMaxToken + 8]byte
	buf := append(arr[:0], tok...)
	n := len(buf)

	// Step 1a.
	if buf[n-1] == 's' {
		switch {
		case buf[n-2] == 'e':
			if (n > 4 && buf[n-4] == 's' && buf[n-3] == 's') || (n > 3 && buf[n-3] == 'i') {
				buf = buf[:n-2]
			} else {
				buf = buf[:n-1]
			}
		case buf[n-2] != 's':
			buf = buf[:n-1]
		}
	}

	// Step 1b.
	n = len(buf)
	removed := false
	switch buf[n-2] {
	case 'e':
		if n > 3 && string(buf[n-3:]) == "eed" {
			if porterMGt0(buf[:n-3]) {
				buf = append(buf[:n-3], "ee"...)
			}
		} else if n > 2 && string(buf[n-2:]) == "ed" {
			if porterHasVowel(buf[:n-2]) {
				buf, removed = buf[:n-2], true
			}
		}
	case 'n':
		if n > 3 && string(buf[n-3:]) == "ing" {
			if porterHasVowel(buf[:n-3]) {
				buf, removed = buf[:n-3], true
			}
		}
	}
	if removed {
		n = len(buf)
		fixed := false
		if n > 2 {
			switch string(buf[n-2:]) {
			case "at":
				buf, fixed = append(buf, 'e'), true
			case "bl":
				buf, fixed = append(buf, 'e'), true
			case "iz":
				buf, fixed = append(buf, 'e'), true
			}
		}
		if !fixed {
			c := buf[n-1]
			if !porterIsVowel(c, false) && c != 'l' && c != 's' && c != 'z' && n > 1 && c == buf[n-2] {
				buf = buf[:n-1]
			} else if porterMEq1(buf) && porterOstar(buf) {
				buf = append(buf, 'e')
			}
		}
	}

	// Step 1c.
	if n = len(buf); buf[n-1] == 'y' && porterHasVowel(buf[:n-1]) {
		buf[n-1] = 'i'
	}

	// Steps 2 to 4.
	buf = porterStep(buf, porterStep2)
	buf = porterStep(buf, porterStep3)
	buf = porterStep(buf, porterStep4)

	// Step 5a.
	if n = len(buf); buf[n-1] == 'e' {
		if porterMGt1(buf[:n-1]) || (porterMEq1(buf[:n-1]) && !porterOstar(buf[:n-1])) {
			buf = buf[:n-1]
		}
	}

	// Step 5b.
	if n = len(buf); n > 1 && buf[n-1] == 'l' && buf[n-2] == 'l' && porterMGt1(buf[:n-1]) {
		buf = buf[:n-1]
	}
	return string(buf)
}

// Stem is a lower-cased query or text word as the index stores it:
// diacritics folded, then Porter. Package rag holds it to SQLite's own
// tokenizer in a test (TestStemmerMatchesFTS5).
func Stem(w string) string { return porterStem(foldDiacritics(w)) }
