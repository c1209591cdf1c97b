package extract

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// cp1252 maps bytes 0x80..0x9F of Windows-1252; the rest of the high half
// equals Latin-1 (U+00A0..U+00FF). Zero entries are undefined in
// Windows-1252 and are dropped.
var cp1252 = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// decodeText turns file bytes into clean UTF-8: a BOM selects UTF-8 or
// UTF-16; bytes that are not valid UTF-8 are read as Windows-1252 (a
// superset of Latin-1, the usual encoding of such files) instead of being
// refused or replaced by U+FFFD; NULs and other control characters that
// break FTS, JSON and UIs are dropped; line ends become \n.
func decodeText(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		b = b[3:]
	case len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF):
		return cleanText(decodeUTF16(b[2:], b[0] == 0xFE))
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			writeClean(&sb, rune(c), b, i)
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			if c < 0xA0 {
				r = cp1252[c-0x80]
			} else {
				r = rune(c)
			}
			if r != 0 {
				sb.WriteRune(r)
			}
			i++
			continue
		}
		sb.WriteRune(r)
		i += n
	}
	return sb.String()
}

// writeClean writes one ASCII character, normalising line ends and dropping
// control characters other than tab, newline and form feed.
func writeClean(sb *strings.Builder, r rune, b []byte, i int) {
	switch {
	case r == '\r':
		if i+1 < len(b) && b[i+1] == '\n' {
			return
		}
		sb.WriteByte('\n')
	case r == '\t' || r == '\n':
		sb.WriteRune(r)
	case r == '\f':
		sb.WriteString("\n\n")
	case r < 0x20 || r == 0x7f:
		// dropped: NUL and friends
	default:
		sb.WriteRune(r)
	}
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if bigEndian {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}

// cleanText applies the control-character rules of decodeText to a string
// that is already UTF-8 (from UTF-16, PDF or XML), and drops U+FFFD, which
// only ever stands in for something undecodable.
func cleanText(s string) string {
	clean := true
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	prevCR := false
	for _, r := range s {
		switch {
		case r == '\r':
			sb.WriteByte('\n')
			prevCR = true
			continue
		case r == '\n' && prevCR:
		case r == '\t' || r == '\n':
			sb.WriteRune(r)
		case r == '\f':
			sb.WriteString("\n\n")
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
		default:
			sb.WriteRune(r)
		}
		prevCR = false
	}
	return sb.String()
}
