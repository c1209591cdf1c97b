package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bookbag/backend/apperr"
)

const docxBody = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
<w:body>
<w:p><w:r><w:t>Kept </w:t></w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del><w:ins><w:r><w:t>inserted words</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "http://x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>field result</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:t>tab</w:t><w:tab/><w:t>and</w:t><w:br/><w:t>break</w:t></w:r></w:p>
<w:p><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>choice text</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>fallback text</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell one</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cell two</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t xml:space="preserve">Caf` + "\u00e9" + ` &amp; more</w:t></w:r></w:p>
</w:body></w:document>`

const docxFootnotes = `<?xml version="1.0" encoding="UTF-8"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>SEPARATOR</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>A footnote.</w:t></w:r></w:p></w:footnote>
</w:footnotes>`

const docxHeader = `<?xml version="1.0" encoding="UTF-8"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>Running header</w:t></w:r></w:p></w:hdr>`

func writeDocx(t *testing.T, parts map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	p := filepath.Join(t.TempDir(), "t.docx")
	os.WriteFile(p, buf.Bytes(), 0o600)
	return p
}

func TestDOCXFeatures(t *testing.T) {
	p := writeDocx(t, map[string]string{
		"word/document.xml":  docxBody,
		"word/footnotes.xml": docxFootnotes,
		"word/header1.xml":   docxHeader,
		"word/header2.xml":   docxHeader, // the same header twice is kept once
	})
	doc, err := New(Options{}).File(context.Background(), "t.docx", p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Kept inserted words\n", "field result", "tab\tand\nbreak", "choice text",
		"cell one \tcell two \t", "Café & more", "A footnote.", "Running header"} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("missing %q in %q", want, doc.Text)
		}
	}
	for _, bad := range []string{"deleted words", "HYPERLINK", "fallback text", "SEPARATOR"} {
		if strings.Contains(doc.Text, bad) {
			t.Errorf("%q leaked into %q", bad, doc.Text)
		}
	}
	if strings.Count(doc.Text, "Running header") != 1 {
		t.Errorf("header repeated: %q", doc.Text)
	}
}

func TestDOCXLimits(t *testing.T) {
	// A part that inflates past the cap is refused even when the central
	// directory is honest about it, and a ZIP without word/document.xml is
	// not a DOCX.
	big := strings.Repeat("<w:p><w:r><w:t>aaaaaaaaaa</w:t></w:r></w:p>", 30000)
	p := writeDocx(t, map[string]string{"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + big + `</w:body></w:document>`})
	_, err := New(Options{Limits: Limits{MaxInflated: 1 << 20}}).File(context.Background(), "t.docx", p)
	if err == nil || !strings.Contains(apperr.MessageOf(err), "suspicious compression ratio") {
		t.Fatalf("want too large, got %v", err)
	}
	p = writeDocx(t, map[string]string{"xl/workbook.xml": "<x/>"})
	_, err = New(Options{}).File(context.Background(), "t.docx", p)
	if err == nil || !strings.Contains(apperr.MessageOf(err), "not a DOCX file") {
		t.Fatalf("want not a DOCX, got %v", err)
	}
}

func TestCSVRows(t *testing.T) {
	in := "country,alpha_3,note\nNorway,NOR,\n\"Bolivia, Plurinational State of\",BOL,x,extra\n\nsolo\n"
	doc, err := New(Options{}).csv([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := "country: Norway; alpha_3: NOR\n\ncountry: Bolivia, Plurinational State of; alpha_3: BOL; note: x; column 4: extra\n\ncountry: solo\n\n"
	if doc.Text != want {
		t.Fatalf("got %q", doc.Text)
	}
}
