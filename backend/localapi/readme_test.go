package localapi

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestReadmeCurlExample runs the README's curl command, as written, against
// a test server: only the address is changed.
func TestReadmeCurlExample(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Local API\n")
	if !ok {
		t.Fatal("README has no Local API section")
	}
	_, block, ok := strings.Cut(section, "```sh\n")
	if ok {
		block, _, ok = strings.Cut(block, "```")
	}
	if !ok || !strings.HasPrefix(block, "curl http://127.0.0.1:8765/v1/") {
		t.Fatalf("no curl example in the Local API section: %q", block)
	}
	h := newHarness(t, Limits{})
	cmd := exec.Command("sh", "-c", "set -e; "+strings.ReplaceAll(strings.TrimSpace(block), "http://127.0.0.1:8765", h.url)+" --fail-with-body -sS")
	cmd.Env = append(os.Environ(), "BOOKBAG_TOKEN="+h.token)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var cc chatCompletion
	if err := json.Unmarshal(out, &cc); err != nil || len(cc.Choices) != 1 || cc.Choices[0].Message.Content == nil {
		t.Fatalf("answer %s", out)
	}
	msg := cc.Choices[0].Message
	if !strings.Contains(*msg.Content, "Sources:\n[1] Handbook.pdf") || len(msg.Annotations) != 2 || cc.Usage.TotalTokens == 0 {
		t.Fatalf("answer %s", out)
	}
	if h.wss.prepared[0] != "0001-personal" {
		t.Fatalf("asked %v", h.wss.prepared)
	}
}
