package chat

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeLargeExport writes a ChatGPT conversations.json of convs
// conversations of msgs messages each (a user/assistant chain from a null
// root, every tenth answer regenerated once), each message about size bytes
// of text with a code block. It is written a conversation at a time, so
// making it costs no memory.
func writeLargeExport(w io.Writer, convs, msgs, size int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	body := strings.Repeat("Some words about the question, with a number 42 and ünïcödé. ", size/62+1)[:size]
	text := body + "\n\n```python\nprint('hello')\n```\n"
	bw.WriteString("[")
	for c := 0; c < convs; c++ {
		if c > 0 {
			bw.WriteString(",")
		}
		t0 := 1.6e9 + float64(c)*3600
		mapping := map[string]any{"root": map[string]any{"id": "root", "message": nil, "parent": nil, "children": []string{"n0"}}}
		parent := "root"
		last := ""
		for i := 0; i < msgs; i++ {
			id := fmt.Sprintf("n%d", i)
			role := []string{"user", "assistant"}[i%2]
			node := func(id, parent string, t float64) map[string]any {
				return map[string]any{"id": id, "parent": parent, "children": []string{},
					"message": map[string]any{"id": id, "author": map[string]any{"role": role, "name": nil, "metadata": map[string]any{}},
						"create_time": t, "update_time": nil, "status": "finished_successfully", "recipient": "all",
						"content":  map[string]any{"content_type": "text", "parts": []string{fmt.Sprintf("%d/%d %s", c, i, text)}},
						"metadata": map[string]any{"model_slug": "gpt-4o", "finish_details": map[string]any{"type": "stop"}}}}
			}
			mapping[id] = node(id, parent, t0+float64(i))
			if role == "assistant" && i%10 == 1 {
				alt := id + "b"
				mapping[alt] = node(alt, parent, t0+float64(i)+0.5)
			}
			parent, last = id, id
		}
		conv := map[string]any{"id": fmt.Sprintf("00000000-0000-4000-8000-%012d", c), "title": fmt.Sprintf("Conversation %d / test", c),
			"create_time": t0, "update_time": t0 + float64(msgs), "mapping": mapping, "current_node": last,
			"is_archived": false, "moderation_results": []any{}}
		b, err := json.Marshal(conv)
		if err != nil {
			return err
		}
		bw.Write(b)
	}
	bw.WriteString("]")
	return bw.Flush()
}

// BenchmarkImportLargeExport imports a generated ChatGPT export from a file,
// as the native dialog does. Peak memory is measured around the test binary
// (docs/PERFORMANCE.md):
//
//	go test -c -o /tmp/chat.test ./backend/chat/
//	BOOKBAG_IMPORT_CONVS=3000 /usr/bin/time -v /tmp/chat.test -test.run '^$' -test.bench ImportLargeExport -test.benchtime 1x
func BenchmarkImportLargeExport(b *testing.B) {
	convs := 300
	if v := os.Getenv("BOOKBAG_IMPORT_CONVS"); v != "" {
		fmt.Sscan(v, &convs)
	}
	path := filepath.Join(b.TempDir(), "conversations.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := writeLargeExport(f, convs, 40, 2400); err != nil {
		b.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(path)
	b.ResetTimer()
	var waited time.Duration
	for i := 0; i < b.N; i++ {
		h := newHarness(b)
		c := h.newChat(b)
		done := make(chan struct{})
		renamed := make(chan time.Duration)
		go func() { renamed <- renameWhile(h, c.ID, done) }()
		res, err := h.svc.ImportFile(context.Background(), h.ws, path)
		close(done)
		waited = max(waited, <-renamed)
		if err != nil || res.ChatsAdded != convs {
			b.Fatalf("import %+v %v", res.ChatsAdded, err)
		}
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "file-MiB")
	b.ReportMetric(float64(waited.Milliseconds()), "max-rename-ms")
}

// renameWhile renames a chat every 100 ms until done, as a person working
// beside the import would, and returns the longest a rename took (it waits
// for the database's one writer).
func renameWhile(h *harness, chatID string, done <-chan struct{}) time.Duration {
	var longest time.Duration
	for i := 0; ; i++ {
		select {
		case <-done:
			return longest
		case <-time.After(100 * time.Millisecond):
		}
		start := time.Now()
		if _, err := h.svc.RenameChat(context.Background(), chatID, fmt.Sprintf("Renamed %d", i)); err != nil {
			return longest
		}
		longest = max(longest, time.Since(start))
	}
}
