package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// A result too big for the model is cut, and the model is told so with
// the size it had: cut by the runtime (Truncated), cut here (a long text
// or structured content without text), never inside a character. A result
// that fits is passed as it is.
func TestBigResultsAreCutWithANote(t *testing.T) {
	e := newEnv(t, time.Second)
	ctx := context.Background()
	e.server(t, "files", Tool{Name: "read", ReadOnly: true})
	if _, err := e.svc.SetPolicy(ctx, Policy{WorkspaceID: e.ws, AutoReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	read := offered(t, e, "files__read")
	long := strings.Repeat("é", MaxResultText) // 2 bytes a character: the cut falls inside one
	structured, _ := json.Marshal(map[string]string{"body": strings.Repeat("x", MaxResultText)})
	for _, c := range []struct {
		name   string
		res    Result
		size   int
		note   bool
		prefix string
	}{
		{"cut by the runtime", Result{Text: "first part", Truncated: true, Bytes: 1 << 20}, 1 << 20, true, "first part"},
		{"long text", Result{Text: long, Bytes: len(long)}, len(long), true, "éé"},
		{"structured only", Result{Structured: structured}, len(structured), true, `{"body":"xx`},
		{"fits", Result{Text: "small"}, 5, false, "small"},
	} {
		e.rt.call = func(context.Context, string, string, json.RawMessage) (Result, error) { return c.res, nil }
		o := <-run(e, read, `{}`)
		if !o.Ran || o.IsError || o.Truncated != c.note || !strings.HasPrefix(o.Text, c.prefix) || !utf8.ValidString(o.Text) {
			t.Fatalf("%s: ran %v, error %v, truncated %v, valid %v, starts %q", c.name, o.Ran, o.IsError, o.Truncated, utf8.ValidString(o.Text), clip(o.Text, 40))
		}
		if !c.note {
			if o.Text != c.prefix {
				t.Fatalf("%s: %q", c.name, o.Text)
			}
			continue
		}
		body, note, ok := strings.Cut(o.Text, "\n\n[The result was cut here")
		if !ok || len(body) > MaxResultText || !strings.Contains(note, " of "+itoa(c.size)+" bytes") {
			t.Fatalf("%s: %d bytes kept, note %q", c.name, len(body), clip(note, 200))
		}
	}
	// The record's detail and arguments are cut without splitting a character either.
	if got := clip(strings.Repeat("é", 10), 5); got != "éé…" {
		t.Fatalf("clip %q", got)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// A result's images reach the outcome with its text, which names them.
func TestResultImagesReachTheOutcome(t *testing.T) {
	e := newEnv(t, time.Second)
	ctx := context.Background()
	e.server(t, "browser", Tool{Name: "screenshot", ReadOnly: true})
	if _, err := e.svc.SetPolicy(ctx, Policy{WorkspaceID: e.ws, AutoReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	img := Image{MIME: "image/png", Data: []byte("\x89PNG\r\n\x1a\nfake")}
	e.rt.call = func(context.Context, string, string, json.RawMessage) (Result, error) {
		return Result{Text: "[image: image/png, 12 bytes]", Images: []Image{img}}, nil
	}
	o := <-run(e, offered(t, e, "browser__screenshot"), `{}`)
	if !o.Ran || o.IsError || o.Text != "[image: image/png, 12 bytes]" || len(o.Images) != 1 ||
		o.Images[0].MIME != img.MIME || string(o.Images[0].Data) != string(img.Data) {
		t.Fatalf("outcome %+v", o)
	}
}

// A call that ends because its server was stopped (switched off, changed
// or restarted in Settings while the call ran) fails with the runtime's
// words: the runtime's error then wraps context.Canceled, yet the answer
// was not stopped and goes on, so the model must not read that it was.
func TestCallEndedByItsServerIsNotAStop(t *testing.T) {
	e := newEnv(t, time.Second)
	ctx := context.Background()
	e.server(t, "files", Tool{Name: "read", ReadOnly: true})
	if _, err := e.svc.SetPolicy(ctx, Policy{WorkspaceID: e.ws, AutoReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	// The shape tools/mcp gives (TestServerStoppedMidCall there).
	stopped := fmt.Errorf("server files was stopped (it was removed or changed in Settings) before answering tool read: %w", context.Canceled)
	e.rt.call = func(context.Context, string, string, json.RawMessage) (Result, error) { return Result{}, stopped }
	o := <-run(e, offered(t, e, "files__read"), `{}`)
	if !o.Ran || !o.IsError || o.Text != stopped.Error() {
		t.Fatalf("outcome %+v", o)
	}
	page, err := e.svc.Calls(ctx, e.ws, "", 1)
	if err != nil || len(page.Entries) != 1 || page.Entries[0].Outcome != "error" {
		t.Fatalf("record %+v %v", page, err)
	}
}
