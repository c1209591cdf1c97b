package chat

import (
	"bytes"
	"os"
	"testing"
)

// FuzzParseImport feeds arbitrary files to the import's parsing and
// checking (ChatGPT and Claude exports, BookBag chat files): a damaged or
// hostile file may be refused, never panic the app. Seeds: the two
// exports in testdata, cut short.
func FuzzParseImport(f *testing.F) {
	for _, p := range []string{"testdata/chatgpt/conversations.json", "testdata/claude/conversations.json"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/3])
	}
	f.Add([]byte(`{"format":"bookbag.chat","version":1,"chats":[{"chat":{"id":"00000000-0000-0000-0000-000000000001","title":"t"},"messages":[{"id":"x","parentId":"x"}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		const now = 1_700_000_000_000
		w := &warnings{}
		_, _ = parseImport(bytes.NewReader(b), "conversations.json", now, w, func(c importChat) error {
			return validateImport(&c, now, w)
		})
		_ = w.result()
	})
}
