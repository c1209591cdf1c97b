package rank

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// answerKind is the kind of expression a question asks for, its answer
// type in the terms of question-answering passage retrieval: a passage
// holding such an expression is likelier to answer the question. "Which
// version and date does this license carry?" is answered by "Version 2.0,
// January 2004", which has the word "version" but not the word "date".
type answerKind uint8

const (
	ansNone answerKind = iota
	ansDate
	ansYear
	ansVersion
	ansNumber // the last: kindCounts has a slot for each
)

// answerCues are the query words that name an answer kind. In a passage,
// an expression of that kind counts as an occurrence of the word (at the
// word's own IDF): a date for "date", a year for "year", a version number
// for "version", a numeral for "number", "size", "maximum". Only the
// standard coarse classes of question classification that can be
// recognised in text without a tagger (date, number) and version numbers,
// which technical documents ask about.
var answerCues = map[string]answerKind{
	"date": ansDate, "dates": ansDate, "year": ansYear, "years": ansYear,
	"version": ansVersion, "versions": ansVersion, "release": ansVersion, "releases": ansVersion,
	"number": ansNumber, "amount": ansNumber, "count": ansNumber, "percentage": ansNumber,
	"size": ansNumber, "limit": ansNumber, "maximum": ansNumber, "minimum": ansNumber,
}

// questionShape is what the form of a question says beyond its words.
type questionShape struct {
	// cue maps a query term naming an answer kind to that kind.
	cue map[string]answerKind
	// pseudo are kinds asked for by function words only ("when did") or
	// by a cue word no chunk has: each scores as a term of its own, at
	// pseudoWeight of the mean IDF of the query's words being ranked.
	pseudo []answerKind
}

// withMissing moves the kinds of cue words that are not ranked (no chunk
// has them) to pseudo, so that "What is the number of cranes?" still
// counts numerals where no chunk says "number".
func (sh questionShape) withMissing(missing []string) questionShape {
	for _, t := range missing {
		k := sh.cue[t]
		if k == ansNone || slices.Contains(sh.pseudo, k) {
			continue
		}
		sh.pseudo = append(sh.pseudo, k)
	}
	return sh
}

// pseudoWeight is the weight of an answer kind no query term names,
// against the mean IDF of the query's terms: evidence, not a topic.
const pseudoWeight = 0.5

var auxiliaries = toSet(`do does did is are was were will would can could has have had should shall may might must`)

var whWords = toSet(`what which who whom whose when where why how`)

// isQuestion says whether a query is phrased as a question: it ends with
// "?" or starts with a wh-word or an auxiliary. A list of keywords is not
// read for an answer type ("release date" there is a topic, not a
// question for a date).
func isQuestion(q string) bool {
	if strings.HasSuffix(strings.TrimSpace(q), "?") {
		return true
	}
	w := Words(q)
	// "May" first is as likely the month ("May 2004 release notes").
	return len(w) > 0 && (whWords[w[0]] || (auxiliaries[w[0]] && w[0] != "may"))
}

// questionShapeOf reads a question's answer kinds: from words that name
// one, and "when" followed by an auxiliary ("when was", "when did"; not
// "when I redistribute", which is a condition).
func questionShapeOf(q string) questionShape {
	sh := questionShape{cue: map[string]answerKind{}}
	if !isQuestion(q) {
		return sh
	}
	w := Words(q)
	date := false
	for _, t := range w {
		if k := answerCues[t]; k != ansNone {
			sh.cue[t] = k
			date = date || k == ansDate || k == ansYear
		}
	}
	for i := 0; i+1 < len(w) && !date; i++ {
		if w[i] == "when" && auxiliaries[w[i+1]] {
			sh.pseudo = append(sh.pseudo, ansDate)
			date = true
		}
	}
	return sh
}

// monthBefore matches a month (and day) right before a year: "January ",
// "June 6, ", "28 March ". It runs on the few bytes before a year only.
var monthBefore = regexp.MustCompile(`(?i)(?:\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+)$`)

// kindCounts are the expressions of each answer kind in a text.
type kindCounts [ansNumber + 1]int

// countKinds finds every answer kind's expressions in one pass over the
// numerals of text (every kind has digits; a text without any costs one
// scan):
//   - number: a numeral standing alone, "42", "3.14", "10,000";
//   - year: a numeral of four digits from 1500 to 2099;
//   - date: a year with a month before it ("January 2004", "June 6, 2022",
//     "28 March 2007") or an ISO date ("2007-03-28", "2007-03-28T10:00");
//   - version: a numeral with dots ("2.0", "1.22", "v1.2.3"), but not a
//     section number: one at the start of a line or after "section" or
//     "clause" ("2.1. Grants", "Section 3.2").
func countKinds(text string) kindCounts {
	var c kindCounts
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		// A numeral: digits, with single dots or commas between digits.
		start, end, dots := i, i, false
		for end < len(text) {
			if isDigit(text[end]) {
				end++
			} else if (text[end] == '.' || text[end] == ',') && end+1 < len(text) && isDigit(text[end+1]) && end > start {
				dots = dots || text[end] == '.'
				end++
			} else {
				break
			}
		}
		i = end
		if wordBefore(text, start) || wordAfter(text, end) {
			// Part of a word: "x86", "utf8", "2nd"; "v1.2" is a version.
			if dots && start > 0 && (text[start-1] == 'v' || text[start-1] == 'V') && !wordBefore(text, start-1) && !wordAfter(text, end) {
				c[ansVersion]++
			}
			continue
		}
		c[ansNumber]++
		if dots && (start == 0 || (text[start-1] != '.' && text[start-1] != '§')) && !sectionNumber(text[:start]) {
			c[ansVersion]++
		}
		if end-start == 4 && !dots {
			if y := atoi4(text[start:end]); y >= 1500 && y <= 2099 {
				c[ansYear]++
				if isoDate(text[end:]) || monthBefore.MatchString(text[max(0, start-24):start]) {
					c[ansDate]++
				}
			}
		}
	}
	return c
}

// sectionNumber: the numeral after before is a section number, at a line
// start or after "section"/"clause".
func sectionNumber(before string) bool {
	b := strings.TrimRight(before, " \t")
	if b == "" || b[len(b)-1] == '\n' {
		return true
	}
	tail := strings.ToLower(b[max(0, len(b)-8):])
	return strings.HasSuffix(tail, "section") || strings.HasSuffix(tail, "sections") || strings.HasSuffix(tail, "clause")
}

// isoDate: rest continues a year as "-MM-DD", then a boundary or "T".
func isoDate(rest string) bool {
	if len(rest) < 6 || rest[0] != '-' || rest[3] != '-' || !isDigit(rest[1]) || !isDigit(rest[2]) || !isDigit(rest[4]) || !isDigit(rest[5]) {
		return false
	}
	if rest[1] > '1' || rest[4] > '3' {
		return false
	}
	return len(rest) == 6 || rest[6] == 'T' || !wordAfter(rest, 6)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// wordBefore and wordAfter: the character before byte i, or at byte i,
// is a letter, digit or underscore (a dash or a quote is not).
func wordBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && isWordRune(r)
}

func wordAfter(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && isWordRune(r)
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func atoi4(s string) int {
	return int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
}
