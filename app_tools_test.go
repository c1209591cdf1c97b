package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bookbag/backend/chat"
	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/models"
	"bookbag/backend/tools"
)

// buildCmd builds one of the repository's commands into dir.
func buildCmd(t *testing.T, dir, pkg string) string {
	t.Helper()
	out := filepath.Join(dir, filepath.Base(pkg))
	if b, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// TestToolsInAChatTurn runs a real turn through the wired app: two real MCP
// servers over stdio (the test server and the example PII plugin), the
// fake OpenAI provider asking for a tool, an approval answered "always
// allow this tool", the plugin's hooks around the turn, and then quit:
// no server process is left and the server's secret never reached disk.
func TestToolsInAChatTurn(t *testing.T) {
	requireKeychain(t)
	bin := t.TempDir()
	mcptest, pii := buildCmd(t, bin, "./cmd/bookbag-mcptest"), buildCmd(t, bin, "./cmd/bookbag-pii")
	srv := llmtest.Start(t)
	dir := t.TempDir()
	a, rec, ws := appWithFakeProvider(t, dir, srv)
	closed := false
	t.Cleanup(func() {
		if !closed {
			a.close()
		}
	})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	secret := "pii-secret-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	cfg := fmt.Sprintf(`{"mcpServers": {"test": {"command": %q}, "pii": {"command": %q, "env": {"PII_TOKEN": %q}}}}`, mcptest, pii, secret)
	rep, err := a.api.tools.ImportServers(cfg, false)
	must(err)
	if len(rep.Added) != 2 {
		t.Fatalf("import: %+v", rep)
	}
	servers, err := a.api.tools.ListServers()
	must(err)
	for _, s := range servers {
		_, err := a.api.tools.SetWorkspaceServer(ws, s.ID, s.Name == "test", s.Name == "pii")
		must(err)
	}

	c, err := a.api.chat.CreateChat(ws, "openai:fake-chat")
	must(err)
	info, err := a.api.chat.ToolsInfo(c.ID)
	must(err)
	if !info.Available || len(info.Tools) == 0 {
		t.Fatalf("tools info: %+v", info)
	}

	// The model asks for test__echo; nothing allows it yet, so a card waits.
	ask := `please [[tool test__echo {"text":"hello from the tool"}]] and mail bob@example.com`
	sent, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: ask})
	must(err)
	card := waitApproval(t, rec, c.ID, 0)
	if card.Server != "test" || card.Tool != "echo" || !card.ReadOnly {
		t.Fatalf("approval card %+v", card)
	}
	must(a.api.tools.AnswerApproval(card.ID, tools.DecideTool, ""))
	waitDone(t, rec, sent.Assistant.ID)

	v, err := a.api.chat.ViewChat(c.ID, 0, "")
	must(err)
	kinds := []string{}
	var output, answer chat.Message
	for _, m := range v.Messages {
		kinds = append(kinds, m.Kind)
		switch m.Kind {
		case chat.KindToolOutput:
			output = m
		}
		answer = m
	}
	if got := strings.Join(kinds, ","); got != "text,tool_call,tool_output,text" {
		t.Fatalf("message kinds %s", got)
	}
	if output.Content != "hello from the tool" || answer.Status != chat.StatusComplete {
		t.Fatalf("tool output %q, answer %+v", output.Content, answer)
	}
	// The plugin masked the address before it left: the provider saw [EMAIL].
	first := srv.CallsTo(llmtest.EndpointChat)[0]
	if last := first.Messages[len(first.Messages)-1].Text; strings.Contains(last, "bob@example.com") || !strings.Contains(last, "[EMAIL]") {
		t.Fatalf("the provider got %q", last)
	}
	if !slices.ContainsFunc(answer.Notes, func(n chat.Note) bool { return strings.Contains(n.Text, "masked") }) {
		t.Fatalf("notes %+v", answer.Notes)
	}

	// "Always allow this tool" holds: the next call runs without a card.
	sent2, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: `again [[tool test__echo {"text":"twice"}]]`})
	must(err)
	waitDone(t, rec, sent2.Assistant.ID)
	if n := len(rec.Events(events.ToolApproval)); n != 1 {
		t.Fatalf("%d approval cards, want 1", n)
	}
	// Usage: each answer is a call, then one after the tool's result
	// (source tool), besides the title.
	sources := map[string]int{}
	for _, c := range waitCalls(t, a, 5) {
		sources[c.Source]++
	}
	if sources["chat"] != 2 || sources["tool"] != 2 || sources["title"] != 1 {
		t.Fatalf("usage calls by source: %v", sources)
	}
	page, err := a.api.tools.Calls(ws, "", 50)
	must(err)
	var toolCalls, hooks int
	for _, e := range page.Entries {
		switch e.Kind {
		case "tool":
			toolCalls++
		case "hook":
			hooks++
		}
	}
	if toolCalls != 2 || hooks < 4 {
		t.Fatalf("call record: %d tool calls, %d hook calls: %+v", toolCalls, hooks, page.Entries)
	}

	// Quit leaves no server process behind.
	res, err := a.mcp.Call(context.Background(), "test", "pid", nil)
	must(err)
	pid, _ := strconv.Atoi(res.Text)
	if pid == 0 || !processAlive(pid) {
		t.Fatalf("server pid %q", res.Text)
	}
	a.close()
	closed = true
	deadline := time.Now().Add(5 * time.Second)
	for processAlive(pid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if processAlive(pid) {
		t.Fatalf("server process %d outlived the app", pid)
	}
	if read := scanDir(t, dir, []string{secret}); !read["bookbag.db"] || !read["bookbag.log"] {
		t.Fatalf("database or log missing from the scan: %v", read)
	}
	if strings.Contains(rec.JSON(), secret) {
		t.Fatal("the server's secret reached an event")
	}

	// After a restart the standing approval is still there.
	a2 := NewApp(Flags{DataDir: dir})
	defer a2.close()
	list, err := a2.api.tools.Approvals(ws)
	must(err)
	if len(list) != 1 || list[0].Server != "test" || list[0].Tool != "echo" {
		t.Fatalf("approvals after restart %+v", list)
	}
}

// waitApproval waits for the n-th approval card of a chat.
func waitApproval(t *testing.T, rec *events.Recorder, chatID string, n int) events.ToolApprovalPayload {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		var cards []events.ToolApprovalPayload
		for _, e := range rec.Events(events.ToolApproval) {
			if p, ok := e.Payload.(events.ToolApprovalPayload); ok && p.ChatID == chatID {
				cards = append(cards, p)
			}
		}
		if len(cards) > n {
			return cards[n]
		}
		select {
		case <-rec.Changed():
		case <-deadline:
			b, _ := json.Marshal(rec.Events(events.ChatError))
			t.Fatalf("no approval card (errors: %s)", b)
		}
	}
}

// processAlive: /proc knows the pid and it is not a zombie.
func processAlive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// A stdio tool server starts without the variables model providers read
// their keys from (every preset's, and a configured provider's own), and
// with the rest of the app's environment.
func TestToolServersDoNotGetProviderKeys(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-from-the-environment")
	t.Setenv("MY_LLM_KEY", "custom-key-from-the-environment")
	t.Setenv("BOOKBAG_TEST_PLAIN", "plain value")
	mcptest := buildCmd(t, t.TempDir(), "./cmd/bookbag-mcptest")
	srv := llmtest.Start(t)
	a := newTestApp(t, t.TempDir())
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.api.models.AddProvider(models.ProviderInput{Preset: "custom", Name: "Mine", BaseURL: srv.OpenAIURL(), KeyEnv: "MY_LLM_KEY", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.api.tools.ImportServers(fmt.Sprintf(`{"mcpServers": {"test": {"command": %q}}}`, mcptest), false); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"OPENAI_API_KEY": "(unset)", "MY_LLM_KEY": "(unset)", "BOOKBAG_TEST_PLAIN": "plain value"} {
		res, err := a.mcp.Call(context.Background(), "test", "getenv", json.RawMessage(fmt.Sprintf(`{"name":%q}`, name)))
		if err != nil || res.Text != want {
			t.Fatalf("%s in the server: %q, %v (want %q)", name, res.Text, err, want)
		}
	}
}

// appWithFakeProvider starts an App on dir, its events recorded, with the
// fake server's OpenAI endpoint added as a provider and its models listed;
// it returns the default workspace. The caller closes the App.
func appWithFakeProvider(t *testing.T, dir string, srv *llmtest.Server) (*App, *events.Recorder, string) {
	t.Helper()
	a := NewApp(Flags{DataDir: dir})
	rec := events.NewRecorder()
	a.events.set(rec)
	boot, err := a.Bootstrap()
	if err != nil {
		a.close()
		t.Fatal(err)
	}
	p, err := a.api.models.AddProvider(models.ProviderInput{Preset: "openai", Name: "Fake", BaseURL: srv.OpenAIURL(), APIKey: "sk-test", Enabled: true})
	if err == nil {
		_, err = a.api.models.TestProvider(p.ID) // lists its models
	}
	if err != nil {
		a.close()
		t.Fatal(err)
	}
	return a, rec, boot.CurrentWorkspaceID
}
