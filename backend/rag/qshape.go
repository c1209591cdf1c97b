package rag

import (
	"regexp"
	"strings"
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
	ansVersion
	ansNumber
)

// answerCues are the query words that name an answer kind. In a passage,
// an expression of that kind counts as an occurrence of the word (at the
// word's own IDF): a date for "date", a version number for "version", a
// numeral for "number", "size", "maximum". Only the standard
// coarse classes of question classification that can be recognised in text
// without a tagger (date, number) and version numbers, which technical
// documents ask about.
var answerCues = map[string]answerKind{
	"date": ansDate, "dates": ansDate, "year": ansDate, "years": ansDate,
	"version": ansVersion, "versions": ansVersion, "release": ansVersion, "releases": ansVersion,
	"number": ansNumber, "amount": ansNumber, "count": ansNumber, "percentage": ansNumber,
	"size": ansNumber, "limit": ansNumber, "maximum": ansNumber, "minimum": ansNumber,
}

// questionShape is what the form of a question says beyond its words.
type questionShape struct {
	// cue maps a query term naming an answer kind to that kind.
	cue map[string]answerKind
	// pseudo are kinds asked for by function words only ("when did"):
	// they score as a term of their own, at pseudoWeight of the query
	// terms' mean IDF.
	pseudo []answerKind
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
	w := queryWords(q)
	return len(w) > 0 && (whWords[w[0]] || auxiliaries[w[0]])
}

// questionShapeOf reads a question's answer kinds: from words that name
// one, and "when" followed by an auxiliary ("when was", "when did"; not
// "when I redistribute", which is a condition).
func questionShapeOf(q string) questionShape {
	sh := questionShape{cue: map[string]answerKind{}}
	if !isQuestion(q) {
		return sh
	}
	w := queryWords(q)
	date := false
	for _, t := range w {
		if k := answerCues[t]; k != ansNone {
			sh.cue[t] = k
			date = date || k == ansDate
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

var (
	monthRe = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
	yearRe  = `(?:1[5-9]\d\d|20\d\d)`
	// dateRe: "January 2004", "June 6, 2022", "28 March 2007", "2007-03-28".
	dateRe = regexp.MustCompile(`(?i)\b(?:` + monthRe + `\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?` + yearRe +
		`|\d{1,2}(?:st|nd|rd|th)?\s+` + monthRe + `,?\s+` + yearRe + `|` + yearRe + `-[01]\d-[0-3]\d)\b`)
	// versionRe: "2.0", "v1.2.3", "1.22" (section numbers are left out
	// in countKind).
	versionRe = regexp.MustCompile(`(?i)(?:^|[^\w.§])(v?\d+\.\d+(?:\.\d+)*)\b`)
	numberRe  = regexp.MustCompile(`\b\d+(?:[.,]\d+)*\b`)
)

// countKind counts the expressions of kind k in text.
func countKind(text string, k answerKind) int {
	switch k {
	case ansDate:
		return len(dateRe.FindAllStringIndex(text, -1))
	case ansVersion:
		n := 0
		for _, m := range versionRe.FindAllStringSubmatchIndex(text, -1) {
			// A number at the start of a line or after "section" is a
			// section number ("2.1. Grants", "Section 3.2").
			before := strings.TrimRight(text[:m[2]], " \t")
			if before == "" || strings.HasSuffix(before, "\n") {
				continue
			}
			lb := strings.ToLower(before)
			if strings.HasSuffix(lb, "section") || strings.HasSuffix(lb, "sections") || strings.HasSuffix(lb, "clause") {
				continue
			}
			n++
		}
		return n
	case ansNumber:
		return len(numberRe.FindAllStringIndex(text, -1))
	}
	return 0
}
