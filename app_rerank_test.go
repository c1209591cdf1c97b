package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"bookbag/backend/chat"
	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/models"
	"bookbag/backend/rag"
	"bookbag/backend/usage"
	"bookbag/backend/workspace"
)

// rerankApp is the real app with a fake provider (lmstudio preset: no key),
// a workspace that re-ranks and keeps the top 2, four indexed documents
// about a harbour, and a chat on the fake's model. It returns the keyword
// order of the documents' chunks, as re-ranking numbers them.
func rerankApp(t *testing.T) (*App, *llmtest.Server, *events.Recorder, workspace.Settings, chat.Chat, []rag.Source) {
	t.Helper()
	fake := llmtest.Start(t)
	a := newTestApp(t, t.TempDir())
	ctx := context.Background()
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	rec := events.NewRecorder()
	a.events.set(rec)
	a.documents.Start(a.ctx)
	p, err := a.models.AddProvider(ctx, models.ProviderInput{Preset: "lmstudio", Name: "Fake", BaseURL: fake.OpenAIURL(), Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.models.RefreshModels(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	ws, err := a.workspaces.Create(ctx, workspace.Input{Name: "Port"})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := a.workspaces.Settings(ctx, ws.ID)
	st.TopK, st.RerankSources = 2, true
	ch, err := a.workspaces.UpdateSettings(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for i, what := range []string{"cranes", "tugs", "pilots", "ferries"} {
		added, err := a.documents.AddBytes(ctx, ws.ID, "", what+".txt", []byte(fmt.Sprintf("The harbour has %s. %s", what, strings.Repeat("harbour ", 4-i))))
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			d, err := a.documents.Get(ctx, added.Document.ID)
			if err == nil && d.Status == rag.StatusCompleted {
				break
			}
			if time.Now().After(deadline) || (err == nil && d.Status == rag.StatusError) {
				t.Fatalf("document not indexed: %+v %v", d, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	found, err := a.documents.Search(ctx, rag.SearchRequest{WorkspaceID: ws.ID, Query: "harbour", Limit: 30})
	if err != nil || len(found.Hits) != 4 {
		t.Fatalf("keyword order: %+v %v", found, err)
	}
	c, err := a.api.chat.CreateChat(ws.ID, "lmstudio:fake-chat")
	if err != nil {
		t.Fatal(err)
	}
	return a, fake, rec, ch.Settings, c, found.Hits
}

// turnCalls are the model calls of chat turns: the chat's title is asked
// for in the background after the first answer, and is left out.
func turnCalls(fake *llmtest.Server) []llmtest.Call {
	var out []llmtest.Call
	for _, c := range fake.CallsTo(llmtest.EndpointChat) {
		if !strings.HasPrefix(c.System, "You write titles") {
			out = append(out, c)
		}
	}
	return out
}

// rerankCalls are today's usage records of source rerank.
func rerankCalls(t *testing.T, a *App) []usage.Recorded {
	t.Helper()
	day := time.Now().UTC().Format(time.DateOnly)
	page, err := a.api.usage.Calls(usage.CallQuery{Range: usage.Range{From: day, To: day, TZ: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	var out []usage.Recorded
	for _, c := range page.Calls {
		if c.Source == usage.SourceRerank {
			out = append(out, c)
		}
	}
	return out
}

func lastAnswer(t *testing.T, a *App, chatID string) chat.Message {
	t.Helper()
	v, err := a.api.chat.ViewChat(chatID, 0, "")
	if err != nil || len(v.Messages) == 0 {
		t.Fatalf("view chat: %+v %v", v, err)
	}
	return v.Messages[len(v.Messages)-1]
}

// A chat turn in a workspace that re-ranks asks the chat's model once for
// an order of the keyword top 30, answers from the top k of that order and
// says so under the answer; with the setting off it asks nothing extra.
func TestRerankInAChatTurn(t *testing.T) {
	a, fake, rec, st, c, keyword := rerankApp(t)
	fake.PushChat(llmtest.Script{Text: []string{"[4, 3]"}, InputTokens: 3100, OutputTokens: 6},
		llmtest.Script{Text: []string{"Cranes and tugs [1]."}})
	sent, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "harbour"})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, rec, sent.Assistant.ID)
	calls := turnCalls(fake)
	if len(calls) != 2 || !strings.Contains(calls[0].System, "JSON array") || !strings.Contains(calls[0].Messages[0].Text, "[4] ") {
		t.Fatalf("%d model calls; want the re-ranking call over four passages, then the answer", len(calls))
	}
	// The answer's sources are passages 4 and 3 of the keyword order.
	sys := calls[1].System
	first, second := strings.Index(sys, "[1] "+keyword[3].DocumentName), strings.Index(sys, "[2] "+keyword[2].DocumentName)
	if first < 0 || second < first {
		t.Fatalf("the answer's sources are not in the model's order (%s, %s):\n%s", keyword[3].DocumentName, keyword[2].DocumentName, sys)
	}
	ans := lastAnswer(t, a, c.ID)
	if len(ans.Citations) != 2 || ans.Citations[0].DocumentName != keyword[3].DocumentName ||
		!slices.ContainsFunc(ans.Notes, func(n chat.Note) bool {
			return n.Source == "sources" && strings.HasPrefix(n.Text, "re-ranked by fake-chat in ") && strings.Contains(n.Text, "3,106 tokens")
		}) {
		t.Fatalf("answer citations %+v, notes %+v", ans.Citations, ans.Notes)
	}

	// The call is in the usage record, as source rerank.
	reranks := rerankCalls(t, a)
	if len(reranks) != 1 || reranks[0].ModelRef != "lmstudio:fake-chat" || reranks[0].WorkspaceID != c.WorkspaceID ||
		reranks[0].InputTokens != 3100 || reranks[0].OutputTokens != 6 || reranks[0].Estimated {
		t.Fatalf("usage record of re-ranking: %+v", reranks)
	}

	st.RerankSources = false
	if _, err := a.workspaces.UpdateSettings(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	sent, err = a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "harbour"})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, rec, sent.Assistant.ID)
	if n := len(turnCalls(fake)); n != 3 {
		t.Fatalf("%d model calls in all; re-ranking off must add only the answer's", n)
	}
	if n := len(rerankCalls(t, a)); n != 1 {
		t.Fatalf("%d re-ranking calls recorded; re-ranking off must add none", n)
	}
	ans = lastAnswer(t, a, c.ID)
	if len(ans.Notes) != 0 || len(ans.Citations) != 2 || ans.Citations[0].DocumentName != keyword[0].DocumentName {
		t.Fatalf("with re-ranking off: citations %+v, notes %+v", ans.Citations, ans.Notes)
	}
}

// Stopping the answer while the model re-ranks ends the turn there: no
// answer call follows.
func TestStopWhileReranking(t *testing.T) {
	a, fake, rec, _, c, _ := rerankApp(t)
	fake.PushChat(llmtest.Script{Text: []string{"[1]"}, FirstByteDelay: time.Hour})
	sent, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "harbour"})
	if err != nil {
		t.Fatal(err)
	}
	for len(fake.CallsTo(llmtest.EndpointChat)) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	if err := a.api.chat.Stop(sent.Assistant.ID); err != nil {
		t.Fatal(err)
	}
	waitDone(t, rec, sent.Assistant.ID)
	if n := len(turnCalls(fake)); n != 1 {
		t.Fatalf("%d model calls; stopping during re-ranking must not call the model again", n)
	}
	if ans := lastAnswer(t, a, c.ID); ans.Status != chat.StatusStopped {
		t.Fatalf("answer %+v", ans)
	}
}
