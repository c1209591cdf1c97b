package extract

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
)

func TestMain(m *testing.M) {
	RunChildIfRequested()
	os.Exit(m.Run())
}

// corpusDir finds ../shared/corpus from the package dir (four levels up to
// the work root); tests skip when it is absent.
func corpusDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "questions-dev.jsonl")); err != nil {
		t.Skipf("corpus not found at %s", dir)
	}
	return dir
}

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

type question struct {
	ID, Doc, Question, Answer string
}

func loadQuestions(t testing.TB, dir string) []question {
	f, err := os.Open(filepath.Join(dir, "questions-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []question
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q question
		if json.Unmarshal(sc.Bytes(), &q) == nil && q.ID != "" {
			qs = append(qs, q)
		}
	}
	return qs
}

func TestCorpusDocumentsContainTheirAnswers(t *testing.T) {
	dir := corpusDir(t)
	e := New(Options{})
	ctx := context.Background()
	texts := map[string]Document{}
	for _, q := range loadQuestions(t, dir) {
		doc, ok := texts[q.Doc]
		if !ok {
			var err error
			start := time.Now()
			doc, err = e.File(ctx, q.Doc, filepath.Join(dir, q.Doc))
			if err != nil {
				t.Fatalf("%s: %v", q.Doc, err)
			}
			t.Logf("%s: %d bytes of text, %d pages, %v", q.Doc, len(doc.Text), len(doc.Pages), time.Since(start))
			texts[q.Doc] = doc
			if strings.ContainsRune(doc.Text, 0) || strings.ContainsRune(doc.Text, '\uFFFD') {
				t.Errorf("%s: NUL or U+FFFD in text", q.Doc)
			}
		}
		if !strings.Contains(norm(doc.Text), norm(q.Answer)) {
			t.Errorf("%s %s: answer %q not in extracted text", q.ID, q.Doc, q.Answer)
		}
	}
}

func TestPDFPagesAndLigatures(t *testing.T) {
	dir := corpusDir(t)
	doc, err := New(Options{}).File(context.Background(), "go-spec.pdf", filepath.Join(dir, "go-spec.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) < 100 {
		t.Fatalf("%d pages", len(doc.Pages))
	}
	for i, p := range doc.Pages {
		if p.Start > p.End || (i > 0 && p.Start < doc.Pages[i-1].End) {
			t.Fatalf("page spans out of order at %d", i)
		}
	}
	if !strings.Contains(doc.Text, "first") || strings.ContainsRune(doc.Text, '\uFB01') {
		t.Fatal("ligatures not expanded")
	}
	off := strings.Index(doc.Text, "Channels act as first-in-first-out queues")
	if off < 0 || doc.PageAt(off) < 2 {
		t.Fatalf("answer offset %d page %d", off, doc.PageAt(off))
	}
	mime, err := New(Options{}).File(context.Background(), "shared-mime-info-spec.pdf", filepath.Join(dir, "shared-mime-info-spec.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mime.Text, "Applications MUST match globs case-insensitively") {
		t.Fatal("pdfTeX word spaces lost")
	}
	// The running header and the page numbers are gone; the title on page
	// 1 stays.
	if n := strings.Count(mime.Text, "Shared MIME-info Database\n"); n != 1 || !strings.HasPrefix(mime.Text, "Shared MIME-info Database\n") {
		t.Fatalf("running header %d times", n)
	}
	for _, l := range strings.Split(mime.Text, "\n") {
		if l == "1" || l == "2" || l == "17" {
			t.Fatalf("page number line %q left", l)
		}
	}
}

func TestPageFurniture(t *testing.T) {
	pages := []string{
		"Report Title\nIntroduction text that goes on\n- 1 -",
		"Report Title\nand on and on\nwith a list\n- 2 -",
		"Report Title\nmore text\n- 3 -",
		"Report Title\nThe end.\n- 4 -",
	}
	got := stripFurniture(pages)
	want := []string{"Report Title\nIntroduction text that goes on", "and on and on\nwith a list", "more text", "The end."}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("page %d: %q, want %q", i+1, got[i], want[i])
		}
	}
	// Two pages are too few to tell furniture from text.
	if got := stripFurniture(pages[:2]); got[1] != pages[1] {
		t.Fatalf("%q", got[1])
	}
	// A sentence running across the break joins with a line break; a
	// paragraph that ended does not.
	doc := pagesToDocument(pdfResult{Pages: []string{"It is the\nfirst part of", "a sentence.", "New paragraph."}})
	if doc.Text != "It is the\nfirst part of\na sentence.\n\nNew paragraph." {
		t.Fatalf("%q", doc.Text)
	}
	if doc.Pages[1].Start != strings.Index(doc.Text, "a sentence") || doc.Pages[2].Start != strings.Index(doc.Text, "New") {
		t.Fatalf("page spans %+v", doc.Pages)
	}
}

// Each bad file ends with the reason bad/README.md asks for, or with text
// free of garbage.
func TestBadFiles(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "bad")
	want := map[string]string{
		"empty.pdf":              "empty file",
		"truncated.pdf":          "truncated",
		"encrypted.pdf":          "password-protected",
		"not-a-zip.docx":         "not a DOCX file (not a ZIP/OOXML package)",
		"zip-bomb.docx":          "suspicious compression ratio",
		"png-disguised.txt":      "not a text file (looks like PNG image)",
		"scanned-image-only.pdf": "no extractable text (scanned/image-only PDF; OCR not supported)",
		"latin1.txt":             "",
		"nul-bytes.txt":          "",
		"ragged.csv":             "",
	}
	e := New(Options{})
	for name, reason := range want {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			doc, err := e.File(context.Background(), name, filepath.Join(dir, name))
			t.Logf("%s: %v in %v", name, err, time.Since(start))
			if reason != "" {
				if err == nil || !strings.Contains(apperr.MessageOf(err), reason) || !apperr.Is(err, apperr.Invalid) {
					t.Fatalf("want %q, got %v", reason, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.ContainsRune(doc.Text, 0) || strings.ContainsRune(doc.Text, '\uFFFD') {
				t.Fatal("garbage in text")
			}
			switch name {
			case "latin1.txt":
				if !strings.Contains(doc.Text, "Åland Islands") || !strings.Contains(doc.Text, "Curaçao") {
					t.Fatalf("latin-1 not decoded: %q", doc.Text)
				}
			case "ragged.csv":
				if !strings.Contains(doc.Text, "alpha_2: AF; alpha_3: AFG; numeric: 004; name: Afghanistan") {
					t.Fatalf("rows lost: %q", doc.Text[:200])
				}
				if len(doc.Text) > 100000 {
					t.Fatalf("huge field kept: %d bytes", len(doc.Text))
				}
			}
		})
	}
}

func TestUnsupportedAndSniffing(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	e := New(Options{})
	ctx := context.Background()
	_, err := e.File(ctx, "a.xyz", write("a.xyz", []byte("hello")))
	if err == nil || !strings.Contains(apperr.MessageOf(err), "unsupported file type .xyz") {
		t.Fatalf("xyz: %v", err)
	}
	_, err = e.File(ctx, "a.pdf", write("a.pdf", []byte("just text")))
	if err == nil || !strings.Contains(apperr.MessageOf(err), "not a PDF file") {
		t.Fatalf("fake pdf: %v", err)
	}
	doc, err := e.File(ctx, "notes", write("notes", []byte("plain words\r\nsecond line")))
	if err != nil || doc.Text != "plain words\nsecond line" {
		t.Fatalf("no extension: %q %v", doc.Text, err)
	}
	doc, err = e.File(ctx, "u16.txt", write("u16.txt", []byte{0xFF, 0xFE, 'h', 0, 'i', 0}))
	if err != nil || doc.Text != "hi" {
		t.Fatalf("utf-16: %q %v", doc.Text, err)
	}
}

func TestHTMLBlocksAndScripts(t *testing.T) {
	in := `<html><head><title>T</title><style>p{color:red}</style><script>var x=1</script></head>
<body><h1>Head</h1><p>Run <code>go build</code> <code>-race</code> now.</p><ul><li>one</li><li>two</li></ul>
<table><tr><td>a</td><td>b</td></tr></table><pre>x  y
z</pre><p>A&amp;B</p></body></html>`
	doc, err := New(Options{}).html([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"T\n\nHead\n\nRun go build -race now.\n\none\n\ntwo", "a\tb", "x  y\nz", "A&B"} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("missing %q in %q", want, doc.Text)
		}
	}
	if strings.Contains(doc.Text, "color") || strings.Contains(doc.Text, "var x") {
		t.Errorf("style or script leaked: %q", doc.Text)
	}
}

func TestDecodeText(t *testing.T) {
	cases := map[string]string{
		"caf\xe9":               "café",
		"\x93quoted\x94":        "\u201cquoted\u201d",
		"ok\x00\x00 text":       "ok text",
		"utf8 é stays":          "utf8 é stays",
		"\xef\xbb\xbfbom":       "bom",
		"mixed é and \xe9":      "mixed é and é",
		"cr\rlf\r\nend\x01\x7f": "cr\nlf\nend",
	}
	for in, want := range cases {
		if got := decodeText([]byte(in)); got != want {
			t.Errorf("decodeText(%q) = %q, want %q", in, got, want)
		}
	}
}
