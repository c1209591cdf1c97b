package rank

import "strings"

// foldDiacritics removes accents from Latin letters the way FTS5's
// unicode61 tokenizer with remove_diacritics 2 does for the common cases
// ("curaçao" -> "curacao"): letters whose Unicode decomposition is a Latin
// letter and combining marks. Others (ø, ł, đ) are distinct letters there
// too and are left as they are.
func foldDiacritics(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	return strings.Map(func(r rune) rune {
		if f, ok := latinFold[r]; ok {
			return f
		}
		return r
	}, w)
}

var latinFold = func() map[rune]rune {
	m := map[rune]rune{}
	for base, variants := range map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćĉċč", 'd': "ď", 'e': "èéêëēĕėęě", 'g': "ĝğġģ", 'h': "ĥ",
		'i': "ìíîïĩīĭį", 'j': "ĵ", 'k': "ķ", 'l': "ĺļľ", 'n': "ñńņň", 'o': "òóôõöōŏő",
		'r': "ŕŗř", 's': "śŝşš", 't': "ţť", 'u': "ùúûüũūŭůűų", 'w': "ŵ", 'y': "ýÿŷ", 'z': "źżž",
	} {
		for _, v := range variants {
			m[v] = base
		}
	}
	return m
}()
