package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"bookbag/backend/chat"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/localapi"
	"bookbag/backend/models"
	"bookbag/backend/rag"
	"bookbag/backend/usage"
	"bookbag/backend/workspace"
)

// TestLocalAPIWorkspaceAnswersFromItsDocuments goes through the real
// services: a provider (the fake) added as a user would, a workspace with a
// system prompt and hybrid retrieval over a document, and a request to
// workspace:<slug> that must be answered from it, with its citations.
func TestLocalAPIWorkspaceAnswersFromItsDocuments(t *testing.T) {
	fake := llmtest.Start(t)
	a := newTestApp(t, t.TempDir())
	ctx := context.Background()
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	a.documents.Start(a.ctx)
	p, err := a.models.AddProvider(ctx, models.ProviderInput{Preset: "lmstudio", Name: "Fake", BaseURL: fake.OpenAIURL(), Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.models.RefreshModels(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	var embed string
	ms, _ := a.models.EnabledModels(ctx)
	for _, m := range ms {
		if m.Embedding {
			embed = m.Ref
		}
	}
	if _, err := a.models.SetDefaults(ctx, models.Defaults{ChatModelRef: "lmstudio:fake-chat", EmbeddingModelRef: embed}); err != nil {
		t.Fatal(err)
	}
	ws, err := a.workspaces.Create(ctx, workspace.Input{Name: "Garden Club"})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := a.workspaces.Settings(ctx, ws.ID)
	st.SystemPrompt = "You answer for the garden club."
	if _, err := a.workspaces.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	doc := "Compost guide\n\nTurn the compost heap every two weeks so that air reaches the middle.\n\n" +
		"Tomatoes need staking once they are thirty centimetres tall."
	added, err := a.documents.AddBytes(ctx, ws.ID, "", "compost.md", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, a, added.Document.ID)

	tok, err := a.api.localAPI.CreateToken(localapi.TokenInput{Name: "test", WorkspaceIDs: []string{ws.ID}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.localAPI.Handler())
	defer srv.Close()
	post := func(body string) (int, string) {
		return apiCall(t, srv.URL, tok.Secret, "POST", "/v1/chat/completions", body)
	}
	code, body := post(`{"model":"workspace:garden-club","bookbag":{"sources_in_text":true},
		"messages":[{"role":"system","content":"Reply in English."},{"role":"user","content":"How often should the compost heap be turned?"}]}`)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	var cc struct {
		Model   string `json:"model"`
		Choices []struct {
			Message struct {
				Content     string `json:"content"`
				Annotations []struct {
					Type        string `json:"type"`
					URLCitation struct {
						URL   string `json:"url"`
						Title string `json:"title"`
					} `json:"url_citation"`
				} `json:"annotations"`
			} `json:"message"`
		} `json:"choices"`
		Usage struct {
			TotalTokens int `json:"total_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal([]byte(body), &cc); err != nil || len(cc.Choices) != 1 {
		t.Fatalf("%v %s", err, body)
	}
	msg := cc.Choices[0].Message
	if len(msg.Annotations) == 0 || msg.Annotations[0].Type != "url_citation" || msg.Annotations[0].URLCitation.Title != "compost.md" ||
		!strings.HasPrefix(msg.Annotations[0].URLCitation.URL, "bookbag://document/"+added.Document.ID+"#chunk=") {
		t.Fatalf("citations %+v", msg.Annotations)
	}
	if !strings.Contains(msg.Content, "[1]") || !strings.Contains(msg.Content, "Sources:\n[1] compost.md") || cc.Usage.TotalTokens == 0 {
		t.Fatalf("content %q", msg.Content)
	}
	// What the model got: the workspace's prompt, the client's, the passage.
	call, _ := fake.LastCall(llmtest.EndpointChat)
	sent := string(call.BodyField("messages"))
	for _, want := range []string{"You answer for the garden club.", "Reply in English.", "every two weeks"} {
		if !strings.Contains(sent, want) {
			t.Fatalf("the request lacks %q: %s", want, sent)
		}
	}
	// The token sees only its workspace.
	if code, _ := post(`{"model":"workspace:personal","messages":[{"role":"user","content":"hi"}]}`); code != 403 {
		t.Fatalf("other workspace: %d", code)
	}
	page, err := a.api.localAPI.RecentRequests(0, 10)
	if err != nil || page.Total != 2 || page.Items[1].WorkspaceID != ws.ID || page.Items[1].ModelRef != "lmstudio:fake-chat" {
		t.Fatalf("records %+v %v", page, err)
	}
	// The answer counts in the workspace's usage like a chat's, as an API request.
	ov, err := a.api.workspaces.Overview(ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	var daily int64
	for _, d := range ov.Daily {
		daily += d.Tokens
	}
	rec := page.Items[1]
	if len(ov.Usage) != 1 || ov.Usage[0].ModelRef != "lmstudio:fake-chat" || ov.Usage[0].APIRequests != 1 || ov.Usage[0].Answers != 1 ||
		ov.Usage[0].Input != int64(rec.InputTokens) || ov.Usage[0].Output != int64(rec.OutputTokens) || daily != int64(rec.InputTokens+rec.OutputTokens) || daily == 0 {
		t.Fatalf("workspace usage %+v, daily %d, record %+v", ov.Usage, daily, rec)
	}

	// Kept as chats (the setting): the next answer is a chat of the workspace
	// with its citations, counted once in the usage.
	cfg := a.localAPI.Config()
	cfg.RecordChats = true
	if _, err := a.localAPI.SetConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if code, body := post(`{"model":"workspace:garden-club","messages":[{"role":"user","content":"When do tomatoes need staking?"}]}`); code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	chats, err := a.chats.ListChats(ctx, chat.ListFilter{WorkspaceID: ws.ID})
	if err != nil || len(chats.Chats) != 1 || chats.Chats[0].Source != chat.SourceAPI || chats.Chats[0].Title != "When do tomatoes need staking?" {
		t.Fatalf("chats %+v %v", chats, err)
	}
	v, err := a.chats.ViewChat(ctx, chats.Chats[0].ID, 0, "")
	if err != nil || len(v.Messages) != 2 || v.Messages[1].ModelRef != "lmstudio:fake-chat" || len(v.Messages[1].Citations) == 0 ||
		v.Messages[1].Citations[0].DocumentName != "compost.md" {
		t.Fatalf("recorded chat %+v %v", v.Messages, err)
	}
	ov, err = a.api.workspaces.Overview(ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	u := ov.Usage[0]
	if len(ov.Usage) != 1 || u.Answers != 2 || u.APIRequests != 2 || u.Output != int64(rec.OutputTokens)+int64(v.Messages[1].TokensOut) {
		t.Fatalf("usage after a kept chat %+v (first record %+v, chat answer %+v)", ov.Usage, rec, v.Messages[1])
	}
	// The usage record: the document's and the queries' embeddings, and
	// each API answer once (the kept chat is not counted again), all free
	// on a local provider.
	day := time.Now().UTC().Format(time.DateOnly)
	sum, err := a.api.usage.Summary(usage.Range{From: day, To: day, TZ: "UTC", WorkspaceID: ws.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, m := range sum.ByModel {
		got[m.Key] = m.Calls
	}
	embedRef, _, _ := strings.Cut(embed, "@") // recorded without its dimensions
	if got["lmstudio:fake-chat"] != 2 || got[embedRef] < 3 ||
		sum.Total.CostMicros != 0 || sum.Total.UnpricedCalls != 0 {
		t.Fatalf("usage summary %+v (embedding %s)", sum, embed)
	}
}

// waitIndexed waits until a document is indexed and returns it; an error
// status or 20 s fails the test.
func waitIndexed(t *testing.T, a *App, id string) rag.Document {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		d, err := a.documents.Get(context.Background(), id)
		if err == nil && d.Status == rag.StatusCompleted {
			return d
		}
		if time.Now().After(deadline) || (err == nil && d.Status == rag.StatusError) {
			t.Fatalf("document not indexed: %+v %v", d, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
