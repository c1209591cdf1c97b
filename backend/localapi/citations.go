package localapi

import (
	"bookbag/backend/citemark"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A workspace answer cites its sources as [1], [2] (the prompt asks the
// model to; models also write [1, 2] and [1-3]). Each source becomes a
// url_citation annotation whose span is the first marker outside code that
// cites it (the whole "[1, 2]" for 1 and 2), else its line in the appended "Sources:"
// list, else empty (0, 0): every source the answer was given is listed,
// cited or not. Indexes count Unicode code points, as Python's and
// JavaScript's (outside the BMP aside) string indexes do.

// documentURL links a document and chunk for BookBag.
func documentURL(s Source) string {
	return "bookbag://document/" + s.DocumentID + "#chunk=" + strconv.FormatInt(s.ChunkID, 10)
}

// sourcesText is the plain list appended to an answer that asks for it.
func sourcesText(sources []Source) string {
	if len(sources) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\nSources:")
	for i, s := range sources {
		fmt.Fprintf(&b, "\n[%d] %s", i+1, s.DocumentName)
		if s.Page > 0 {
			fmt.Fprintf(&b, ", page %d", s.Page)
		}
		b.WriteString(" (" + documentURL(s) + ")")
	}
	return b.String()
}

// annotations for an answer whose full text (the sources list included,
// when appended) is text; answer is the model's part.
func annotations(sources []Source, answer, text string, listed bool) []annotation {
	out := make([]annotation, 0, len(sources))
	for i, s := range sources {
		mark := "[" + strconv.Itoa(i+1) + "]"
		start, end := 0, 0
		if at, to, ok := citemark.First(answer, i+1, len(sources)); ok {
			start = utf8.RuneCountInString(answer[:at])
			end = start + utf8.RuneCountInString(answer[at:to])
		} else if listed {
			if at := strings.Index(text[len(answer):], "\n"+mark+" "); at >= 0 {
				line := text[len(answer)+at+1:]
				if nl := strings.IndexByte(line, '\n'); nl >= 0 {
					line = line[:nl]
				}
				start = utf8.RuneCountInString(text[:len(answer)+at+1])
				end = start + utf8.RuneCountInString(line)
			}
		}
		out = append(out, annotation{Type: "url_citation", URLCitation: urlCitation{StartIndex: start, EndIndex: end,
			Title: s.DocumentName, URL: documentURL(s)}})
	}
	return out
}
