package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// fakeTools offers scripted tools and answers calls with run; it records
// what it was asked.
type fakeTools struct {
	mu     sync.Mutex
	specs  []ToolSpec
	run    func(ctx context.Context, r ToolRun) ToolOutcome
	hooks  func(point string, args map[string]any) []HookResult
	ran    []ToolRun
	offers int
	// down are the servers Offer says are unavailable (nil: "down").
	down map[string]string
}

func (f *fakeTools) Offer(_ context.Context, _ string, off []string) ([]ToolSpec, map[string]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.offers++
	skip := map[string]bool{}
	for _, o := range off {
		skip[o] = true
	}
	var out []ToolSpec
	for _, s := range f.specs {
		if !skip[s.Server] && !skip[s.Server+"/"+s.Tool] {
			out = append(out, s)
		}
	}
	down := f.down
	if down == nil {
		down = map[string]string{"down": "server down exited (code 1)"}
	}
	return out, down, nil
}

func (f *fakeTools) Run(ctx context.Context, r ToolRun) ToolOutcome {
	f.mu.Lock()
	f.ran = append(f.ran, r)
	run := f.run
	f.mu.Unlock()
	if run == nil {
		return ToolOutcome{Text: "contents of " + string(r.Arguments), Arguments: r.Arguments, Ran: true}
	}
	return run(ctx, r)
}

func (f *fakeTools) Hooks(_ context.Context, _ string, point string, args map[string]any) []HookResult {
	if f.hooks == nil {
		return nil
	}
	return f.hooks(point, args)
}

// toolHarness has a chat service with scripted tools; its chats are titled
// so no title call mixes with the turn's calls.
func toolHarness(t *testing.T) (*harness, *fakeTools) {
	ft := &fakeTools{specs: []ToolSpec{
		{ModelName: "files__read", Server: "Local files", Tool: "read", Description: "Read a file", ReadOnly: true,
			Schema: json.RawMessage(`{"type":"object","properties":{"path":{"type":"string"}}}`)},
		{ModelName: "files__delete", Server: "Local files", Tool: "delete", Description: "Delete a file", Destructive: true},
	}}
	h := newHarness(t, func(d *Deps) { d.Tools = ft })
	return h, ft
}

func (h *harness) titledChat(t *testing.T) Chat {
	t.Helper()
	c := h.newChat(t)
	c, err := h.svc.RenameChat(context.Background(), c.ID, "Tools")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// path is the active branch of a chat, root first, as kind:role:content.
func (h *harness) path(t *testing.T, chatID string) []Message {
	t.Helper()
	v, err := h.svc.ViewChat(context.Background(), chatID, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	return v.Messages
}

// A model that asks for tools gets their results and answers; the calls
// and results are messages between the question and the answer, with the
// call's id; the model saw the tools and then the results.
func TestToolCallsRunAndTheModelAnswers(t *testing.T) {
	h, ft := toolHarness(t)
	c := h.titledChat(t)
	ctx := context.Background()
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: `look [[tool files__read {"path":"a.txt"}]] [[tool files__read {"path":"b.txt"}]] [[tool nope {}]]`})
	if err != nil {
		t.Fatal(err)
	}
	if e := h.wait(t, r.Assistant.ID); e.Name != events.ChatDone {
		t.Fatalf("answer ended with %+v", e)
	}
	msgs := h.path(t, c.ID)
	var kinds []string
	for _, m := range msgs {
		kinds = append(kinds, m.Kind+":"+m.Role)
	}
	want := "text:user,tool_call:assistant,tool_call:assistant,tool_call:assistant,tool_output:tool,tool_output:tool,tool_output:tool,text:assistant"
	if strings.Join(kinds, ",") != want {
		t.Fatalf("branch %v", kinds)
	}
	out1, out3 := msgs[4], msgs[6]
	if msgs[1].ToolCallID == "" || msgs[1].ToolCallID != out1.ToolCallID || out1.Content != `contents of {"path":"a.txt"}` {
		t.Fatalf("first call and result: %+v / %+v", msgs[1], out1)
	}
	if out3.Status != StatusError || !strings.Contains(out3.Content, `no tool named "nope"`) {
		t.Fatalf("unknown tool: %+v", out3)
	}
	// Each call and its result keep the server's name as it was (the card
	// shows it after the server is removed or in another device's copy);
	// a tool no server offers has none.
	if msgs[1].ToolServer != "Local files" || out1.ToolServer != "Local files" || msgs[3].ToolServer != "" || out3.ToolServer != "" {
		t.Fatalf("servers %q %q %q %q", msgs[1].ToolServer, out1.ToolServer, msgs[3].ToolServer, out3.ToolServer)
	}
	answer := msgs[7]
	if answer.ID != r.Assistant.ID || answer.Status != StatusComplete ||
		!strings.Contains(answer.Content, `files__read returned "contents of {\"path\":\"b.txt\"}"`) {
		t.Fatalf("answer: %+v", answer)
	}
	// The calls of one answer run in parallel, in any order.
	if len(ft.ran) != 2 || !slices.ContainsFunc(ft.ran, func(r ToolRun) bool { return r.MessageID == msgs[1].ID && r.Spec.Tool == "read" }) {
		t.Fatalf("ran %+v", ft.ran)
	}
	if len(answer.Notes) != 1 || !strings.Contains(answer.Notes[0].Text, "down") {
		t.Fatalf("notes %+v", answer.Notes)
	}
	calls := h.srv.CallsTo(llmtest.EndpointChat)
	if len(calls) != 2 || len(calls[0].Tools) != 2 || calls[0].Tools[0].Name != "files__read" {
		t.Fatalf("requests: %d, tools %+v", len(calls), calls[0].Tools)
	}
	if res := calls[1].TrailingToolResults(); len(res) != 3 || !strings.Contains(res[2].Content, "no tool") {
		t.Fatalf("second request's results %+v", res)
	}
	// The next turn replays the calls and results as tool messages.
	r2, _ := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "thanks"})
	h.wait(t, r2.Assistant.ID)
	last, _ := h.srv.LastCall(llmtest.EndpointChat)
	var replayed int
	for _, m := range last.Messages {
		replayed += len(m.ToolCalls)
	}
	if replayed != 3 {
		t.Fatalf("history replayed %d calls", replayed)
	}
	// Regenerating the first answer starts again from the question.
	alt, err := h.svc.Regenerate(ctx, r.Assistant.ID)
	if err != nil || alt.ParentID != r.User.ID {
		t.Fatalf("regenerate: parent %q (question %q) %v", alt.ParentID, r.User.ID, err)
	}
	h.wait(t, alt.ID)
}

// A chat can switch tools off; a model that cannot call tools gets none
// and ToolsInfo says why.
// A Claude model thinking with tools: the round that gives it the results
// carries the round's signed thinking first, or Anthropic refuses it (400
// "a final assistant message must start with a thinking block").
func TestThinkingModelGetsToolResultsOnAnthropic(t *testing.T) {
	h, ft := toolHarness(t)
	h.res.preset = llm.PresetAnthropic
	c := h.titledChat(t)
	ctx := context.Background()
	on := true
	if _, err := h.svc.SetChatSettings(ctx, c.ID, ChatSettings{ModelRef: "anthropic:fake-think", Params: Overrides{Think: &on}}); err != nil {
		t.Fatal(err)
	}
	h.srv.PushChat(llmtest.Script{Thinking: []string{"I should read the file."}, Text: []string{"Reading."},
		ToolCalls: []llmtest.ScriptToolCall{{Name: "files__read", Arguments: `{"path":"a.txt"}`}}},
		llmtest.Script{Thinking: []string{"It says hello."}, Text: []string{"The file says hello."}})
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "What does a.txt say?"})
	if err != nil {
		t.Fatal(err)
	}
	if e := h.wait(t, r.Assistant.ID); e.Name != events.ChatDone {
		t.Fatalf("answer ended with %+v", e)
	}
	m, _ := h.svc.GetMessage(ctx, r.Assistant.ID)
	if len(ft.ran) != 1 || m.Content != "Reading.\n\nThe file says hello." || m.Thinking != "I should read the file.It says hello." {
		t.Fatalf("ran %d tools; answer %q thinking %q", len(ft.ran), m.Content, m.Thinking)
	}
}

func TestToolsNarrowedAndRefused(t *testing.T) {
	h, _ := toolHarness(t)
	ctx := context.Background()
	c := h.titledChat(t)
	if _, err := h.svc.SetChatSettings(ctx, c.ID, ChatSettings{Params: Overrides{ToolsOff: []string{"Local files/delete"}}}); err != nil {
		t.Fatal(err)
	}
	info, err := h.svc.ToolsInfo(ctx, c.ID)
	if err != nil || !info.Available || len(info.Tools) != 2 || !info.Tools[1].Off || info.Tools[0].Off || info.Tokens <= 0 {
		t.Fatalf("tools info %+v %v", info, err)
	}
	r, _ := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "hi"})
	h.wait(t, r.Assistant.ID)
	call, _ := h.srv.LastCall(llmtest.EndpointChat)
	if len(call.Tools) != 1 || call.Tools[0].Name != "files__read" {
		t.Fatalf("tools sent %+v", call.Tools)
	}
	if info.ContextLength != 8192 {
		t.Fatalf("the OpenAI model's context %d", info.ContextLength)
	}
	// An Ollama model trained on 128K is run with llm.OllamaContext: the
	// definitions' share is of that, unless the chat sets a window.
	h.res.mu.Lock()
	h.res.preset, h.res.ctxLen = llm.PresetOllama, 131072
	h.res.mu.Unlock()
	if info, _ = h.svc.ToolsInfo(ctx, c.ID); info.ContextLength != llm.OllamaContext {
		t.Fatalf("an Ollama model's window in the tools info: %d", info.ContextLength)
	}
	window := 32768
	if _, err := h.svc.SetChatSettings(ctx, c.ID, ChatSettings{Params: Overrides{ToolsOff: []string{"Local files/delete"}, ContextLength: &window}}); err != nil {
		t.Fatal(err)
	}
	if info, _ = h.svc.ToolsInfo(ctx, c.ID); info.ContextLength != window {
		t.Fatalf("the chat's window in the tools info: %d", info.ContextLength)
	}
	h.res.mu.Lock()
	h.res.preset, h.res.ctxLen = "", 0
	h.res.mu.Unlock()
	h.res.noTools = true
	info, _ = h.svc.ToolsInfo(ctx, c.ID)
	if info.Available || !strings.Contains(info.Reason, "cannot call tools") {
		t.Fatalf("tools info for a model without tools %+v", info)
	}
	r, _ = h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "hi again"})
	h.wait(t, r.Assistant.ID)
	call, _ = h.srv.LastCall(llmtest.EndpointChat)
	if len(call.Tools) != 0 {
		t.Fatalf("a model without tools was sent %d", len(call.Tools))
	}
}

// Stop during a call stops the tool and the turn: the call ends with a
// result saying so, the answer is stopped, nothing waits.
func TestStopEndsARunningTool(t *testing.T) {
	h, ft := toolHarness(t)
	started := make(chan struct{})
	ft.run = func(ctx context.Context, r ToolRun) ToolOutcome {
		close(started)
		<-ctx.Done()
		return ToolOutcome{Text: "The answer was stopped while read ran.", IsError: true, Arguments: r.Arguments, Ran: true}
	}
	c := h.titledChat(t)
	r, _ := h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: `[[tool files__read {"path":"x"}]]`})
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the tool did not start")
	}
	if err := h.svc.Stop(r.Assistant.ID); err != nil {
		t.Fatal(err)
	}
	h.wait(t, r.Assistant.ID)
	msgs := h.path(t, c.ID)
	if len(msgs) != 4 || msgs[2].Kind != KindToolOutput || !strings.Contains(msgs[2].Content, "stopped") || msgs[3].Status != StatusStopped {
		t.Fatalf("after stop: %+v", msgs)
	}
}

// Plugins: a rewrite reaches the model (the chat keeps what the user
// wrote), a failing plugin is noted, a refusal fails the answer with the
// reason and keeps the question, an after-answer note is saved.
func TestPluginHooksAroundATurn(t *testing.T) {
	h, ft := toolHarness(t)
	ft.hooks = func(point string, args map[string]any) []HookResult {
		text := args["text"].(string)
		switch {
		case point == HookBeforeSend && strings.Contains(text, "refuse"):
			return []HookResult{{Server: "pii", Refuse: "it is marked secret"}}
		case point == HookBeforeSend:
			red := strings.ReplaceAll(text, "ada@example.com", "[EMAIL]")
			return []HookResult{{Server: "pii", Text: &red}, {Server: "broken", Error: "exited (code 2)"}}
		case point == HookAfterAnswer:
			return []HookResult{{Server: "pii", Note: "1 item redacted from the answer"}}
		}
		return nil
	}
	ctx := context.Background()
	c := h.titledChat(t)
	r, _ := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "write to ada@example.com"})
	h.wait(t, r.Assistant.ID)
	call, _ := h.srv.LastCall(llmtest.EndpointChat)
	if got := call.Messages[len(call.Messages)-1].Text; got != "write to [EMAIL]" {
		t.Fatalf("the model got %q", got)
	}
	user, _ := h.svc.GetMessage(ctx, r.User.ID)
	if user.Content != "write to ada@example.com" {
		t.Fatalf("the chat keeps %q", user.Content)
	}
	answer, _ := h.svc.GetMessage(ctx, r.Assistant.ID)
	var notes []string
	for _, n := range answer.Notes {
		notes = append(notes, n.Source+": "+n.Text)
	}
	joined := strings.Join(notes, " | ")
	if !strings.Contains(joined, "pii: The plugin pii changed") || !strings.Contains(joined, "broken: The plugin broken failed") ||
		!strings.Contains(joined, "1 item redacted") {
		t.Fatalf("notes %v", notes)
	}
	r, _ = h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "please refuse this"})
	e := h.wait(t, r.Assistant.ID)
	if p, ok := e.Payload.(events.ChatErrorPayload); !ok || !strings.Contains(p.Message, "it is marked secret") {
		t.Fatalf("refusal: %+v", e)
	}
	if user, _ := h.svc.GetMessage(ctx, r.User.ID); user.Content != "please refuse this" {
		t.Fatal("the refused question was lost")
	}
}

// A model that keeps asking for tools is stopped after the round limit,
// with a clear error; what it got so far stays in the chat.
func TestToolRoundsAreBounded(t *testing.T) {
	h, _ := toolHarness(t)
	for i := range maxRounds + 1 {
		h.srv.PushChat(llmtest.Script{ToolCalls: []llmtest.ScriptToolCall{{ID: fmt.Sprintf("c%d", i), Name: "files__read", Arguments: `{}`}}})
	}
	c := h.titledChat(t)
	r, _ := h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: "go on"})
	e := h.wait(t, r.Assistant.ID)
	if p, ok := e.Payload.(events.ChatErrorPayload); !ok || !strings.Contains(p.Message, "still asking for tools") {
		t.Fatalf("after %d rounds: %+v", maxRounds, e)
	}
	if n := len(h.path(t, c.ID)); n != 1+2*(maxRounds-1)+1 {
		t.Fatalf("%d messages on the branch", n)
	}
}

// A tool server that stays unavailable is noted under the first answer
// only; it is noted again when its reason changes or after it answered in
// between, and in every other chat once.
func TestUnavailableServerNotedOnce(t *testing.T) {
	h, ft := toolHarness(t)
	ctx := context.Background()
	c := h.titledChat(t)
	notes := func(chatID, question string) []string {
		t.Helper()
		r, err := h.svc.Send(ctx, SendInput{ChatID: chatID, Content: question})
		if err != nil {
			t.Fatal(err)
		}
		h.wait(t, r.Assistant.ID)
		path := h.path(t, chatID)
		var out []string
		for _, n := range path[len(path)-1].Notes {
			out = append(out, n.Text)
		}
		return out
	}
	setDown := func(m map[string]string) {
		ft.mu.Lock()
		ft.down = m
		ft.mu.Unlock()
	}
	const first = "The tool server down is not available: server down exited (code 1)"
	if got := notes(c.ID, "one"); !slices.Equal(got, []string{first}) {
		t.Fatalf("first answer's notes %q", got)
	}
	if got := notes(c.ID, "two"); len(got) != 0 {
		t.Fatalf("the second answer noted it again: %q", got)
	}
	setDown(map[string]string{"down": "server down exited (code 2)"})
	if got := notes(c.ID, "three"); len(got) != 1 || !strings.Contains(got[0], "code 2") {
		t.Fatalf("a new reason was not noted: %q", got)
	}
	setDown(map[string]string{})
	if got := notes(c.ID, "four"); len(got) != 0 {
		t.Fatalf("notes while every server answers: %q", got)
	}
	setDown(map[string]string{"down": "server down exited (code 2)"})
	if got := notes(c.ID, "five"); len(got) != 1 {
		t.Fatalf("down again after it answered, not noted: %q", got)
	}
	other := h.titledChat(t)
	if got := notes(other.ID, "elsewhere"); len(got) != 1 {
		t.Fatalf("another chat's first answer: %q", got)
	}
}

// A chat exported from here and imported on another device keeps its tool
// cards' server names, though that device has no such server.
func TestToolServerNameTravelsWithTheChat(t *testing.T) {
	h, _ := toolHarness(t)
	other := newHarness(t)
	ctx := context.Background()
	c := h.titledChat(t)
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: `look [[tool files__read {"path":"a.txt"}]]`})
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, r.Assistant.ID)
	out, err := h.svc.ExportJSON(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.svc.Import(ctx, other.ws, "chat.json", out); err != nil {
		t.Fatal(err)
	}
	msgs := other.path(t, c.ID)
	if len(msgs) != 4 || msgs[1].Kind != KindToolCall || msgs[1].ToolServer != "Local files" || msgs[2].ToolServer != "Local files" {
		t.Fatalf("imported %+v", msgs)
	}
}
