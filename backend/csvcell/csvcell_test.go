package csvcell

import "testing"

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"Sales":                   "Sales",
		"gpt-4o":                  "gpt-4o",
		"=HYPERLINK(\"x\",\"y\")": "'=HYPERLINK(\"x\",\"y\")",
		"+1":                      "'+1",
		"-cmd":                    "'-cmd",
		"@SUM(A1)":                "'@SUM(A1)",
		"  =1+1":                  "'  =1+1",
		"\t=1":                    "'\t=1",
		"\rx":                     "'\rx",
		`{"path": "=1"}`:          `{"path": "=1"}`,
		"a=b":                     "a=b",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}
