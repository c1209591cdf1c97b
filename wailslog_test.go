package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// Wails logs a failed call from the webview with its arguments: saving a
// provider whose arguments do not parse, or a bound method that panics,
// would write the API key to the log.
func TestWailsLogDropsCallArguments(t *testing.T) {
	const key = "sk-wails-0123456789abcdef"
	a := NewApp(Flags{DataDir: t.TempDir()})
	defer a.close()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	wl, ok := a.options(nil).Logger.(wailsLog)
	if !ok {
		t.Fatal("Wails runs with its own logger, which prints call arguments")
	}
	wl.log = log
	call := `C{"name":"models.API.AddProvider","args":[{"preset":"openai","apiKey":"` + key + `","name":"x} -> y"}],"callbackID":"models.API.AddProvider-1"}`
	wl.Error("process message error: " + call + " -> error parsing arguments: json: cannot unmarshal string into Go struct field ProviderInput.enabled of type bool")
	wl.Error("process message error: " + call[:40] + key) // cut short: not JSON
	wl.Trace("json call result data: " + key)
	wl.Info("plain message")
	out := buf.String()
	if strings.Contains(out, key) {
		t.Fatalf("key logged: %s", out)
	}
	for _, want := range []string{"models.API.AddProvider (arguments not logged) -> error parsing arguments", "a message from the webview (not logged)", "plain message"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in %s", want, out)
		}
	}
}
