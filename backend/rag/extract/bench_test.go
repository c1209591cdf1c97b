package extract

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkPDFPages extracts go-spec.pdf (104 pages) in-process: pages/s of
// the parser and layout, without the child process.
func BenchmarkPDFPages(b *testing.B) {
	p := filepath.Join(corpusDir(b), "go-spec.pdf")
	pages := 0
	for i := 0; i < b.N; i++ {
		res := extractPDF(p)
		if res.Error != "" {
			b.Fatal(res.Error)
		}
		pages += len(res.Pages)
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkExtractCorpus runs File (PDFs through the child) on every corpus
// document: MB/s of extracted text.
func BenchmarkExtractCorpus(b *testing.B) {
	dir := corpusDir(b)
	names := []string{"apache-2.0.pdf", "gpl-3.0.docx", "lgpl-2.1.md", "mpl-2.0.txt", "cc0-1.0.docx", "artistic-license.html",
		"go-spec.pdf", "go-memory-model.html", "go-godebug.md", "bash-manual.txt", "shared-mime-info-spec.pdf", "countries.csv"}
	e := New(Options{})
	var n int64
	for i := 0; i < b.N; i++ {
		for _, name := range names {
			d, err := e.File(context.Background(), name, filepath.Join(dir, name))
			if err != nil {
				b.Fatal(err)
			}
			n += int64(len(d.Text))
		}
	}
	b.ReportMetric(float64(n)/1e6/b.Elapsed().Seconds(), "MB/s")
}
