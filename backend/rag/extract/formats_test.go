package extract

import (
	"strings"
	"testing"
)

// The list says once what the dialog, the webview and the refusals say:
// every extension in any case, labels once each, the dialog with .text too.
func TestFormatsOneList(t *testing.T) {
	for _, f := range Formats() {
		if f.Extension != strings.ToLower(f.Extension) || !strings.HasPrefix(f.Extension, ".") || f.Label == "" || f.MIME == "" {
			t.Errorf("format %+v", f)
		}
		if !Supported("notes"+strings.ToUpper(f.Extension)) || !Supported("a.b"+f.Extension) {
			t.Errorf("%s not supported", f.Extension)
		}
		switch f.Name {
		case "pdf", "docx", "text", "markdown", "html", "csv":
		default:
			t.Errorf("%s: no extractor %q", f.Extension, f.Name)
		}
	}
	if Supported("photo.png") || Supported("README") {
		t.Error("unsupported names accepted")
	}
	if got := Labels(); got != "PDF, DOCX, TXT, MD, HTML, CSV" {
		t.Errorf("labels %q", got)
	}
	if got := DialogPattern(); got != "*.pdf;*.docx;*.txt;*.text;*.md;*.markdown;*.html;*.htm;*.csv" {
		t.Errorf("dialog pattern %q", got)
	}
	if got := UnsupportedReason(".png"); got != "unsupported file type .png (supported: PDF, DOCX, TXT, MD, HTML, CSV)" {
		t.Errorf("reason %q", got)
	}
}
