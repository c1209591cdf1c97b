package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"bookbag/backend/rag/extract"
)

// Every question of every set names a corpus document whose extracted text
// (the extraction the tool indexes) holds its answer, so a set scores
// retrieval, not typing mistakes; ids are unique within a set. The tune and
// locked sets of issue 19, and the blind set written after its changes by
// someone who had not seen the ranking, also cover every document with at
// least five questions.
func TestQuestionSetsAnswerable(t *testing.T) {
	dir := corpusDir(t)
	sets, err := filepath.Glob(filepath.Join("testdata", "questions-*.jsonl"))
	if err != nil || len(sets) < 5 {
		t.Fatalf("question sets %v %v", sets, err)
	}
	sets = append(sets, filepath.Join(dir, "questions-dev.jsonl"))
	x := extract.New(extract.Options{})
	texts := map[string]string{}
	for _, set := range sets {
		qs, err := readQuestions(set)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		perDoc := map[string]int{}
		for _, q := range qs {
			if ids[q.ID] {
				t.Errorf("%s: id %s twice", set, q.ID)
			}
			ids[q.ID] = true
			perDoc[q.Doc]++
			text, ok := texts[q.Doc]
			if !ok {
				d, err := x.File(context.Background(), q.Doc, filepath.Join(dir, q.Doc))
				if err != nil {
					t.Fatalf("%s: extract %s: %v", set, q.Doc, err)
				}
				text = norm(d.Text)
				texts[q.Doc] = text
			}
			if q.Question == "" || !strings.Contains(text, norm(q.Answer)) {
				t.Errorf("%s %s: answer %q is not in the text of %s", set, q.ID, q.Answer, q.Doc)
			}
		}
		base := filepath.Base(set)
		if base == "questions-tune.jsonl" || base == "questions-locked.jsonl" || base == "questions-blind.jsonl" {
			if len(qs) < 60 || len(perDoc) != 12 {
				t.Errorf("%s: %d questions over %d documents", set, len(qs), len(perDoc))
			}
			for doc, n := range perDoc {
				if n < 5 {
					t.Errorf("%s: %d questions on %s", set, n, doc)
				}
			}
		}
	}
}
