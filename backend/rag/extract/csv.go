package extract

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// csv renders each row as one self-describing line, "header: value; …", so
// that any chunk of rows still says what its numbers mean. Rows may have any
// number of fields; cells longer than MaxField are cut (a 1 MiB cell is data
// no one searches for by its middle).
func (e *Extractor) csv(b []byte) (Document, error) {
	text := decodeText(b)
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	r.Comma = sniffComma(text)
	var header []string
	var out strings.Builder
	rows, cut := 0, 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && rows > 0 {
				continue // a malformed line costs that line only
			}
			return Document{}, fail("not a valid CSV file (%v)", err)
		}
		if isBlankRecord(rec) {
			continue
		}
		if header == nil {
			header = make([]string, len(rec))
			for i, h := range rec {
				h = strings.TrimSpace(h)
				if utf8.RuneCountInString(h) > 100 {
					h = string([]rune(h)[:100])
				}
				if h == "" {
					h = fmt.Sprintf("column %d", i+1)
				}
				header[i] = h
			}
			continue
		}
		rows++
		first := true
		for i, v := range rec {
			v = strings.Join(strings.Fields(v), " ")
			if v == "" {
				continue
			}
			if utf8.RuneCountInString(v) > e.limits.MaxField {
				v = string([]rune(v)[:e.limits.MaxField]) + "…"
				cut++
			}
			name := fmt.Sprintf("column %d", i+1)
			if i < len(header) {
				name = header[i]
			}
			if !first {
				out.WriteString("; ")
			}
			first = false
			out.WriteString(name)
			out.WriteString(": ")
			out.WriteString(v)
		}
		// A row is a paragraph: the splitter keeps rows whole and cuts
		// between them first.
		out.WriteString("\n\n")
	}
	if header == nil {
		return Document{}, fail("empty file")
	}
	if rows == 0 {
		// A header alone is still text someone may look for.
		return Document{Text: strings.Join(header, "; ")}, nil
	}
	doc := Document{Text: out.String()}
	if cut > 0 {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("%d cells longer than %d characters were cut", cut, e.limits.MaxField))
	}
	return doc, nil
}

func isBlankRecord(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// sniffComma picks the delimiter of the first line: comma unless semicolons
// or tabs clearly dominate (European spreadsheets export with ';').
func sniffComma(text string) rune {
	line := text
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		line = text[:i]
	}
	b := []byte(line)
	c, s, t := bytes.Count(b, []byte(",")), bytes.Count(b, []byte(";")), bytes.Count(b, []byte("\t"))
	switch {
	case t > c && t >= s:
		return '\t'
	case s > c:
		return ';'
	}
	return ','
}
