package rag

import (
	"reflect"
	"strings"
	"testing"

	"bookbag/backend/rag/extract"
	"bookbag/backend/rag/split"
)

func headingTexts(hs []heading) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.text
	}
	return out
}

func TestMarkdownTitleAndHeadings(t *testing.T) {
	md := "---\ntitle: \"Go, Backwards Compatibility, and GODEBUG\"\nlayout: article\n---\n\n<!--\nkept in the repo\n-->\n\n" +
		"## Introduction {#intro}\n\nText that is\nwrapped over lines\n\n```\n# not a heading\n```\n\nSetext title\n------------\n\n### Go 1.22\n\nMore.\n"
	doc := extract.Document{Text: md, Format: "markdown"}
	if got := docTitle("go-godebug.md", doc); got != "go godebug — Go, Backwards Compatibility, and GODEBUG" {
		t.Fatalf("title %q", got)
	}
	hs := docHeadings(doc)
	if got, want := headingTexts(hs), []string{"Introduction", "Setext title", "Go 1.22"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("headings %q, want %q", got, want)
	}
	// "---" underlines a level-2 heading, as "##" does.
	if p := headingPath(hs, strings.Index(md, "More.")); !reflect.DeepEqual(p, []string{"Setext title", "Go 1.22"}) {
		t.Fatalf("path %q", p)
	}
}

func TestTextHeadings(t *testing.T) {
	text := strings.Join([]string{
		"BASH(1)                     General Commands Manual                    BASH(1)",
		"",
		"JOB CONTROL",
		"       Job control refers to the ability to selectively stop",
		"       (suspend) the execution of processes.",
		"",
		"   Shell Variables",
		"       The following variables are set by the shell:",
		"",
		"#      Expands to the number of positional parameters in decimal.",
		"",
		"1. Definitions",
		"--------------",
		"",
		"1.1. Grants",
		"",
		"Each Contributor grants You a license.",
		"",
		"The first line of a paragraph that is not a title",
		"goes on here and ends with a full stop.",
		"",
		"A type T implements an interface I if",
		"",
		"panic(42)",
		"",
		"Notation",
		"",
	}, "\n")
	hs := docHeadings(extract.Document{Text: text, Format: "text"})
	want := []string{"JOB CONTROL", "Shell Variables", "1. Definitions", "1.1. Grants", "Notation"}
	if got := headingTexts(hs); !reflect.DeepEqual(got, want) {
		t.Fatalf("headings %q\nwant %q", got, want)
	}
	off := strings.Index(text, "Each Contributor")
	if p := headingPath(hs, off); !reflect.DeepEqual(p, []string{"1. Definitions", "1.1. Grants"}) {
		t.Fatalf("path %q", p)
	}
	if p := headingPath(hs, strings.Index(text, "The following")); !reflect.DeepEqual(p, []string{"JOB CONTROL", "Shell Variables"}) {
		t.Fatalf("path %q", p)
	}
	c := split.Chunk{Start: off, End: off + 10}
	if got := chunkContext("mpl 2 0 — Mozilla", hs, c); got != "mpl 2 0 — Mozilla — 1. Definitions — 1.1. Grants" {
		t.Fatalf("context %q", got)
	}
}

// A numbered defined term over its indented definition is a heading; a
// quoted line without a number is not.
func TestDefinedTermHeadings(t *testing.T) {
	text := strings.Join([]string{
		"1. Definitions",
		"",
		"1.5. \"Incompatible With Secondary Licenses\"",
		"    means that the notice in Exhibit B is attached.",
		"",
		"1.6. “Executable Form”",
		"    means any form of the work other than Source Code Form.",
		"",
		"\"Quoted words standing alone\"",
		"",
		"2. \"not a title\" because it starts in lower case",
		"",
	}, "\n")
	hs := docHeadings(extract.Document{Text: text, Format: "text"})
	want := []string{"1. Definitions", "1.5. \"Incompatible With Secondary Licenses\"", "1.6. “Executable Form”"}
	if got := headingTexts(hs); !reflect.DeepEqual(got, want) {
		t.Fatalf("headings %q\nwant %q", got, want)
	}
}

// A chunk's context names the sections it starts in and the one at its
// middle, each once.
func TestChunkContextSpansSections(t *testing.T) {
	text := "Overview\n\nalpha alpha alpha alpha\n\nUsage\n\nbeta beta beta beta beta beta beta beta beta beta\n\nNotes\n\ngamma\n"
	hs := docHeadings(extract.Document{Text: text, Format: "text"})
	if got := headingTexts(hs); !reflect.DeepEqual(got, []string{"Overview", "Usage", "Notes"}) {
		t.Fatalf("headings %q", got)
	}
	start := strings.Index(text, "alpha alpha")
	c := split.Chunk{Start: start, End: strings.Index(text, "Notes")}
	if got := chunkContext("doc", hs, c); got != "doc — Overview — Usage" {
		t.Fatalf("context %q", got)
	}
	c = split.Chunk{Start: strings.Index(text, "beta"), End: len(text)}
	if got := chunkContext("doc", hs, c); got != "doc — Usage" {
		t.Fatalf("context %q", got)
	}
}
