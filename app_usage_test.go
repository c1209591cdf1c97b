package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"bookbag/backend/chat"
	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/localapi"
	"bookbag/backend/models"
	"bookbag/backend/usage"
)

// TestUsageRecordsEveryCallAndBudgetsRefuse goes through the wired app: a
// priced cloud model (the fake behind a custom OpenAI-compatible
// provider), a chat turn and its title, a local API request, then a
// workspace budget already spent: the next turn fails with the budget's
// message and keeps the user's message, and the API answers 429.
func TestUsageRecordsEveryCallAndBudgetsRefuse(t *testing.T) {
	fake := llmtest.Start(t)
	a := newTestApp(t, t.TempDir())
	rec := events.NewRecorder()
	a.events.set(rec)
	ctx := context.Background()
	boot, err := a.Bootstrap()
	if err != nil {
		t.Fatal(err)
	}
	ws := boot.CurrentWorkspaceID
	p, err := a.api.models.AddProvider(models.ProviderInput{Preset: "custom", Name: "Cloud", BaseURL: fake.OpenAIURL(), Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.api.models.TestProvider(p.ID); err != nil {
		t.Fatal(err)
	}
	// $1 per 1M input, $0.50 cached, $2 output.
	if _, err := a.api.usage.SavePrice(usage.Price{Model: "fake-chat", EffectiveFrom: "2024-01-01",
		InputMicros: 1_000_000, CachedMicros: 500_000, OutputMicros: 2_000_000}); err != nil {
		t.Fatal(err)
	}
	fake.PushChat(llmtest.Script{Text: []string{"Hi", " there"}, InputTokens: 1000, CachedTokens: 200, OutputTokens: 500})
	fake.PushChat(llmtest.Script{Text: []string{"Greeting"}, InputTokens: 40, OutputTokens: 3}) // the title
	c, err := a.api.chat.CreateChat(ws, "custom:fake-chat")
	if err != nil {
		t.Fatal(err)
	}
	sent, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, rec, sent.Assistant.ID)
	calls := waitCalls(t, a, 2)
	byKind := map[string]usage.Recorded{}
	for _, c := range calls {
		byKind[c.Source] = c
	}
	turn, title := byKind["chat"], byKind["title"]
	// 800 uncached × $1 + 200 cached × $0.50 + 500 out × $2 = 800 + 100 + 1000 micros.
	if turn.WorkspaceID != ws || turn.ModelRef != "custom:fake-chat" || turn.InputTokens != 1000 || turn.CachedTokens != 200 ||
		turn.OutputTokens != 500 || turn.Estimated || turn.CostMicros != 1900 || !turn.Priced {
		t.Fatalf("the turn's call: %+v", turn)
	}
	if title.InputTokens != 40 || title.OutputTokens != 3 || title.CostMicros != 46 {
		t.Fatalf("the title's call: %+v", title)
	}

	// The local API's request is counted once, as api.
	tok, err := a.api.localAPI.CreateToken(localapi.TokenInput{Name: "t", AllWorkspaces: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.localAPI.Handler())
	defer srv.Close()
	post := func() (int, string) {
		return apiCall(t, srv.URL, tok.Secret, "POST", "/v1/chat/completions", `{"model":"custom:fake-chat","messages":[{"role":"user","content":"hi"}]}`)
	}
	fake.PushChat(llmtest.Script{Text: []string{"ok"}, InputTokens: 10, OutputTokens: 1})
	if code, body := post(); code != 200 {
		t.Fatalf("api: %d %s", code, body)
	}
	calls = waitCalls(t, a, 3)
	if api := calls[0]; api.Source != "api" || api.WorkspaceID != "" || api.InputTokens != 10 || api.CostMicros != 12 {
		t.Fatalf("the api call: %+v", api)
	}

	// A call the provider refused is not a call.
	fake.PushChat(llmtest.Script{Status: 400, ErrorMessage: "bad request"})
	failed, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "fail please"})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, rec, failed.Assistant.ID)
	if got := len(waitCalls(t, a, 3)); got != 3 {
		t.Fatalf("%d calls recorded after a refused one", got)
	}

	// A hard budget below what the workspace spent this month refuses the next turn.
	if err := a.api.usage.SetBudget(usage.Budget{WorkspaceID: ws, HardMicros: 1000}); err != nil {
		t.Fatal(err)
	}
	st, _ := a.api.usage.BudgetStatus(ws)
	if !st.Workspace.HardReached || st.Workspace.SpentMicros != 1946 || st.App.SpentMicros != 1958 {
		t.Fatalf("status: %+v", st)
	}
	sent2, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "and again"})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, rec, sent2.Assistant.ID)
	var refusal events.ChatErrorPayload
	for _, e := range rec.Events(events.ChatError) {
		if p := e.Payload.(events.ChatErrorPayload); p.MessageID == sent2.Assistant.ID {
			refusal = p
		}
	}
	want := "This workspace reached its monthly budget of $0.0010 (spent $0.0019). Raise it in Usage → Budgets."
	if refusal.Code != string(usage.OverBudget) || refusal.Message != want {
		t.Fatalf("refusal: %+v", refusal)
	}
	user, err := a.chats.GetMessage(ctx, sent2.User.ID)
	if err != nil || user.Content != "and again" {
		t.Fatalf("the user's message: %+v %v", user, err)
	}
	if n := len(fake.CallsTo(llmtest.EndpointChat)); n != 4 {
		t.Fatalf("the provider was called %d times, want 4", n)
	}
	// The app's budget refuses the API too.
	if err := a.api.usage.SetBudget(usage.Budget{HardMicros: 1}); err != nil {
		t.Fatal(err)
	}
	if code, body := post(); code != 429 || !strings.Contains(body, "insufficient_quota") || !strings.Contains(body, "Usage → Budgets") {
		t.Fatalf("api over budget: %d %s", code, body)
	}
	if got := len(waitCalls(t, a, 3)); got != 3 {
		t.Fatalf("%d calls recorded", got)
	}

	// And the documents' embedding calls: a new document is kept for
	// keyword search, says why it has no vectors, and nothing is sent.
	var embed string
	ms, _ := a.models.EnabledModels(ctx)
	for _, m := range ms {
		if m.Embedding && m.ProviderID == p.ID {
			embed = m.Ref
		}
	}
	if _, err := a.models.SetDefaults(ctx, models.Defaults{ChatModelRef: "custom:fake-chat", EmbeddingModelRef: embed}); embed == "" || err != nil {
		t.Fatalf("embedding model %q: %v", embed, err)
	}
	a.documents.Start(a.ctx)
	added, err := a.documents.AddBytes(ctx, ws, "", "puffins.txt", []byte("Puffins nest in burrows on cliff tops."))
	if err != nil {
		t.Fatal(err)
	}
	if d := waitIndexed(t, a, added.Document.ID); !strings.Contains(d.Warning, "monthly budget") {
		t.Fatalf("document warning over budget: %q", d.Warning)
	}
	if n := len(fake.CallsTo(llmtest.EndpointEmbed)); n != 0 {
		t.Fatalf("%d embedding calls over budget", n)
	}
}

// waitCalls waits until at least n calls are recorded today (the title is
// written after the answer's event) and returns them, newest first.
func waitCalls(t *testing.T, a *App, n int) []usage.Recorded {
	t.Helper()
	day := time.Now().UTC().Format(time.DateOnly)
	deadline := time.Now().Add(10 * time.Second)
	for {
		page, err := a.api.usage.Calls(usage.CallQuery{Range: usage.Range{From: day, To: day, TZ: "UTC"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Calls) >= n || time.Now().After(deadline) {
			return page.Calls
		}
		time.Sleep(20 * time.Millisecond)
	}
}
