package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzFile feeds arbitrary bytes to the formats read in the app's own
// process (DOCX, HTML, CSV, Markdown, text; PDF has its child process and
// its own tests): a hostile file may fail its document, never panic the
// app, and what comes out is valid UTF-8 that the splitter and FTS5 take.
func FuzzFile(f *testing.F) {
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Title</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Text </w:t></w:r><w:r><w:tab/><w:t>more</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`))
	_ = zw.Close()
	seeds := map[string][]byte{
		"a.docx": docx.Bytes(),
		"a.html": []byte("<html><head><title>T</title><style>x{}</style></head><body><h1>H</h1><p>a<br>b</p><pre> x\n y</pre><table><tr><td>1</td><td>2</td></tr></table></body></html>"),
		"a.csv":  []byte("name;code\n\"Neth;erlands\";NL\nragged\n,,,\n"),
		"a.md":   []byte("# Head\n\ntext\x00with nul\r\n"),
		"a.txt":  []byte("\xff\xfeh\x00i\x00"),
	}
	for name, b := range seeds {
		f.Add(name, b)
	}
	e := New(Options{})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		ext := filepath.Ext(name)
		switch ext {
		case ".docx", ".html", ".htm", ".csv", ".md", ".txt":
		default:
			ext = ".txt"
		}
		p := filepath.Join(dir, "in"+ext)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		doc, err := e.File(context.Background(), "in"+ext, p)
		if err != nil {
			return
		}
		if !utf8.ValidString(doc.Text) {
			t.Fatalf("%s: text is not UTF-8: %q", ext, doc.Text)
		}
	})
}
