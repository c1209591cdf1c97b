package rag

import (
	"testing"

	"bookbag/backend/rag/extract"
)

// The webview gets the extractor's own list, every extension of it.
func TestAcceptedFormatsAreTheExtractorsList(t *testing.T) {
	got, err := NewAPI(nil, nil, nil).AcceptedFormats()
	if err != nil {
		t.Fatal(err)
	}
	want := extract.Formats()
	if len(got) != len(want) {
		t.Fatalf("%d formats, the extractor has %d", len(got), len(want))
	}
	for i, f := range want {
		if got[i] != (FileFormat{Extension: f.Extension, Label: f.Label, MIME: f.MIME}) {
			t.Errorf("format %d: %+v, want %+v", i, got[i], f)
		}
	}
}
