package chat

import (
	"context"
	"strings"
	"testing"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

func TestSendStreamsSavesAndEndsWithDone(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.newChat(t)
	h.srv.PushChat(llmtest.Script{Thinking: []string{"Let me ", "think."}, Text: []string{"Hello", ", ", "world", "!"}, InputTokens: 11, OutputTokens: 4})
	res, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "Say hello"})
	if err != nil {
		t.Fatal(err)
	}
	if res.User.Content != "Say hello" || res.Assistant.Status != StatusStreaming || res.Assistant.ParentID != res.User.ID {
		t.Fatalf("send result %+v", res)
	}
	end := h.wait(t, res.Assistant.ID)
	done, ok := end.Payload.(events.ChatDonePayload)
	if !ok || done.Usage.Input != 11 || done.Usage.Output != 4 || done.Usage.Estimated || done.FinishReason != "stop" {
		t.Fatalf("end event %+v", end)
	}
	text, thinking := h.deltas(t, res.Assistant.ID)
	if text != "Hello, world!" || thinking != "Let me think." {
		t.Fatalf("deltas %q / %q", text, thinking)
	}
	if h.endEvents(res.Assistant.ID) != 1 {
		t.Fatal("not exactly one end event")
	}
	m, _ := h.svc.GetMessage(ctx, res.Assistant.ID)
	if m.Content != "Hello, world!" || m.Thinking != "Let me think." || m.Status != StatusComplete || m.TokensIn != 11 ||
		m.ModelRef != "openai:fake-chat" || m.TTFTMs < 0 {
		t.Fatalf("saved %+v", m)
	}
	// The first exchange gave the chat a title.
	got, _ := h.svc.GetChat(ctx, c.ID)
	if got.Title == "" {
		t.Fatal("no title")
	}
	call := h.lastAnswerCall(t)
	if call.Model != "fake-chat" || len(call.Messages) == 0 {
		t.Fatalf("request %+v", call)
	}
}

func TestStopKeepsWhatWasWritten(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.newChat(t)
	h.srv.PushChat(llmtest.Script{Text: llmtest.Words(strings.Repeat("tick ", 200)), DeltaDelay: 20 * time.Millisecond})
	res, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "count"})
	if err != nil {
		t.Fatal(err)
	}
	for {
		if text, _ := h.deltas(t, res.Assistant.ID); strings.Count(text, "tick") >= 3 {
			break
		}
		<-h.rec.Changed()
	}
	if err := h.svc.Stop(res.Assistant.ID); err != nil {
		t.Fatal(err)
	}
	end := h.wait(t, res.Assistant.ID)
	if d, ok := end.Payload.(events.ChatDonePayload); !ok || d.FinishReason != "stopped" {
		t.Fatalf("end %+v", end)
	}
	m, _ := h.svc.GetMessage(ctx, res.Assistant.ID)
	text, _ := h.deltas(t, res.Assistant.ID)
	if m.Status != StatusStopped || m.Content == "" || m.Content != text || strings.Count(m.Content, "tick") >= 200 {
		t.Fatalf("stopped message %q (status %s), deltas %q", m.Content, m.Status, text)
	}
	if err := h.svc.Stop(res.Assistant.ID); err == nil {
		t.Fatal("stopping a finished run succeeded")
	}
}

func TestProviderErrorsKeepTheQuestionAndExplain(t *testing.T) {
	cases := []struct {
		name      string
		script    llmtest.Script
		wantCode  string
		wantText  string
		retryMs   int64
		wantSaved string
	}{
		{"429", llmtest.Script{Status: 429, RetryAfter: "20"}, "unavailable", "rate limited", 20000, ""},
		{"500", llmtest.Script{Status: 500}, "", "", 0, ""},
		{"cut", llmtest.Script{Text: llmtest.Words("one two three four five six"), Fault: llmtest.FaultCut, FaultAfter: 3}, "", "", 0, "one two three "},
		{"error mid-stream", llmtest.Script{Text: llmtest.Words("alpha beta gamma delta"), Fault: llmtest.FaultStreamError, FaultAfter: 2, ErrorMessage: "the server overloaded"}, "", "overloaded", 0, "alpha beta "},
		{"malformed line", llmtest.Script{Text: llmtest.Words("x y z"), Fault: llmtest.FaultMalformed, FaultAfter: 1}, "", "", 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			ctx := context.Background()
			c := h.newChat(t)
			h.srv.PushChat(tc.script)
			res, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "Will this work?"})
			if err != nil {
				t.Fatal(err)
			}
			end := h.wait(t, res.Assistant.ID)
			m, _ := h.svc.GetMessage(ctx, res.Assistant.ID)
			user, err := h.svc.GetMessage(ctx, res.User.ID)
			if err != nil || user.Content != "Will this work?" {
				t.Fatalf("the question was lost: %+v %v", user, err)
			}
			if tc.name == "malformed line" {
				// A malformed line may be skipped or fail the run; either way one end event and a saved state.
				if h.endEvents(res.Assistant.ID) != 1 || m.Status == StatusStreaming {
					t.Fatalf("malformed: %+v", m)
				}
				return
			}
			e, ok := end.Payload.(events.ChatErrorPayload)
			if !ok {
				t.Fatalf("want chat:error, got %+v", end)
			}
			if tc.wantCode != "" && e.Code != tc.wantCode {
				t.Errorf("code %q want %q", e.Code, tc.wantCode)
			}
			if tc.wantText != "" && !strings.Contains(strings.ToLower(e.Message), tc.wantText) {
				t.Errorf("message %q lacks %q", e.Message, tc.wantText)
			}
			if e.RetryAfterMs != tc.retryMs {
				t.Errorf("retryAfterMs %d want %d", e.RetryAfterMs, tc.retryMs)
			}
			if m.Status != StatusError || m.Error == "" || !strings.HasPrefix(m.Content, tc.wantSaved) {
				t.Fatalf("saved error message %+v", m)
			}
			if strings.Contains(m.Error, "sk-test") || strings.Contains(e.Message, "sk-test") {
				t.Fatal("API key in an error")
			}
			if h.endEvents(res.Assistant.ID) != 1 {
				t.Fatal("not exactly one end event")
			}
			// Retry makes a new answer beside the failed one.
			again, err := h.svc.Regenerate(ctx, res.Assistant.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := h.wait(t, again.ID).Payload.(events.ChatDonePayload); !ok {
				t.Fatal("retry failed")
			}
		})
	}
}

// A chat whose first answer failed (a wrong key, say) gets its title from
// the model when Retry succeeds, as it would have on the first try.
func TestRetryOfAFailedFirstAnswerMakesTheTitle(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.newChat(t)
	h.srv.PushChat(llmtest.Script{Status: 401})
	q := "Plan a three day trip to Lisbon in May"
	res, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: q})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := h.wait(t, res.Assistant.ID).Payload.(events.ChatErrorPayload); !ok {
		t.Fatal("the first answer did not fail")
	}
	h.svc.wg.Wait() // the run is over: no title was asked for
	if got, _ := h.svc.GetChat(ctx, c.ID); got.Title != fallbackTitle(q) {
		t.Fatalf("title after the failure %q", got.Title)
	}
	h.srv.PushChat(llmtest.Script{Text: []string{"An answer."}}, llmtest.Script{Text: []string{"Lisbon in May"}})
	again, err := h.svc.Regenerate(ctx, res.Assistant.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := h.wait(t, again.ID).Payload.(events.ChatDonePayload); !ok {
		t.Fatal("retry failed")
	}
	h.svc.wg.Wait() // the title is made after the answer, in the same run
	if got, _ := h.svc.GetChat(ctx, c.ID); got.Title != "Lisbon in May" {
		t.Fatalf("title after a successful retry %q", got.Title)
	}
}

func TestRegenerateEditAndBranchHistory(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.newChat(t)
	r1, _ := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "first question"})
	h.wait(t, r1.Assistant.ID)
	r2, _ := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "second question"})
	h.wait(t, r2.Assistant.ID)

	// Regenerate the second answer: a sibling, shown now; the old one stays.
	alt, err := h.svc.Regenerate(ctx, r2.Assistant.ID)
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, alt.ID)
	v, _ := h.svc.ViewChat(ctx, c.ID, 0, "")
	last := v.Messages[len(v.Messages)-1]
	if last.ID != alt.ID || len(last.SiblingIDs) != 2 || last.SiblingIDs[0] != r2.Assistant.ID {
		t.Fatalf("after regenerate: last %s siblings %v", last.ID, last.SiblingIDs)
	}
	call := h.lastAnswerCall(t)
	if got := texts(call); got != "user:first question|assistant:You asked: \"first question\".|user:second question" {
		t.Fatalf("regenerate history %q", got)
	}

	// Edit the first question: a new branch from the root.
	ed, err := h.svc.EditAndResend(ctx, r1.User.ID, "first question, edited")
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, ed.Assistant.ID)
	call = h.lastAnswerCall(t)
	if got := texts(call); got != "user:first question, edited" {
		t.Fatalf("edited branch history %q", got)
	}
	v, _ = h.svc.ViewChat(ctx, c.ID, 0, "")
	if len(v.Messages) != 2 || v.Messages[0].Content != "first question, edited" || len(v.Messages[0].SiblingIDs) != 2 {
		t.Fatalf("edited view %+v", v.Messages)
	}
	// Continue on the edited branch, then switch back to the original first question.
	r3, _ := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "third"})
	h.wait(t, r3.Assistant.ID)
	call = h.lastAnswerCall(t)
	if got := texts(call); !strings.HasPrefix(got, "user:first question, edited|") || strings.Contains(got, "second question") {
		t.Fatalf("history follows the branch shown: %q", got)
	}
	v, err = h.svc.SwitchBranch(ctx, r1.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Messages) != 4 || v.Messages[3].ID != alt.ID {
		t.Fatalf("switching back shows the newest answer of that branch: %d messages", len(v.Messages))
	}
	v, _ = h.svc.SwitchBranch(ctx, r2.Assistant.ID)
	if v.Messages[3].ID != r2.Assistant.ID {
		t.Fatal("switch to the first alternative")
	}
	r4, _ := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "fourth"})
	h.wait(t, r4.Assistant.ID)
	call = h.lastAnswerCall(t)
	if got := texts(call); !strings.Contains(got, "second question|assistant:You asked: \"second question\".|user:fourth") {
		t.Fatalf("history after switching alternative: %q", got)
	}
}

func texts(c llmtest.Call) string {
	var parts []string
	for _, m := range c.Messages {
		if m.Role == "system" {
			continue
		}
		parts = append(parts, m.Role+":"+strings.TrimSpace(m.Text))
	}
	return strings.Join(parts, "|")
}

func TestTwoChatsStreamAtOnceWithoutMixing(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	a, b := h.newChat(t), h.newChat(t)
	ra, _ := h.svc.Send(ctx, SendInput{ChatID: a.ID, Content: "apples [[slow 5]]"})
	rb, _ := h.svc.Send(ctx, SendInput{ChatID: b.ID, Content: "bananas [[slow 5]]"})
	h.wait(t, ra.Assistant.ID)
	h.wait(t, rb.Assistant.ID)
	ta, _ := h.deltas(t, ra.Assistant.ID)
	tb, _ := h.deltas(t, rb.Assistant.ID)
	if !strings.Contains(ta, "apples") || strings.Contains(ta, "bananas") || !strings.Contains(tb, "bananas") || strings.Contains(tb, "apples") {
		t.Fatalf("streams mixed: %q / %q", ta, tb)
	}
	for _, e := range h.rec.Events(events.ChatDelta) {
		p := e.Payload.(events.ChatDeltaPayload)
		if (p.MessageID == ra.Assistant.ID) != (p.ChatID == a.ID) {
			t.Fatal("a delta carries the wrong chat id")
		}
	}
}

func TestNoModelIsAClearError(t *testing.T) {
	h := newHarness(t)
	h.res.def = ""
	c := h.newChat(t)
	_, err := h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: "hi"})
	if err == nil || !strings.Contains(err.Error(), "choose a model") {
		t.Fatalf("got %v", err)
	}
	if _, err := h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: "   "}); err == nil {
		t.Fatal("empty message accepted")
	}
}

func TestSettingsOrderChatOverProfileOverWorkspace(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	t1, t2, t3 := 0.1, 0.2, 0.0
	h.res.ws = WorkspaceDefaults{SystemPrompt: "workspace prompt", DefaultProfileID: "wsp"}
	h.res.profiles["wsp"] = Profile{Params: llm.Params{Temperature: &t1, MaxTokens: 300}, SystemPrompt: ""}
	h.res.profiles["chatp"] = Profile{Params: llm.Params{Temperature: &t2}, SystemPrompt: "profile prompt"}
	c := h.newChat(t)
	// A titled chat asks for no title, whose call could land after the next
	// send's and be the last call seen.
	if _, err := h.svc.RenameChat(ctx, c.ID, "Settings order"); err != nil {
		t.Fatal(err)
	}
	send := func() llmtest.Call {
		r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "go"})
		if err != nil {
			t.Fatal(err)
		}
		h.wait(t, r.Assistant.ID)
		call := h.lastAnswerCall(t)
		return call
	}
	call := send()
	if call.System != "workspace prompt" || call.Temperature == nil || *call.Temperature != 0.1 || call.MaxTokens != 300 {
		t.Fatalf("workspace level: system %q temp %v max %d", call.System, call.Temperature, call.MaxTokens)
	}
	h.svc.SetChatSettings(ctx, c.ID, ChatSettings{ProfileID: "chatp"})
	call = send()
	if call.System != "profile prompt" || *call.Temperature != 0.2 || call.MaxTokens != 300 {
		t.Fatalf("chat profile: system %q temp %v max %d", call.System, *call.Temperature, call.MaxTokens)
	}
	h.svc.SetChatSettings(ctx, c.ID, ChatSettings{ProfileID: "chatp", SystemPrompt: "chat prompt", Params: Overrides{Temperature: &t3}})
	call = send()
	if call.System != "chat prompt" || call.Temperature == nil || *call.Temperature != 0 {
		t.Fatalf("chat override (temperature 0 really sent): system %q temp %v", call.System, call.Temperature)
	}
}

// A reasoning effort set for a thinking model (o3, say) stays in the chat's
// settings when the chat switches to a model without thinking, which
// refuses the parameter (OpenAI: 400 "reasoning_effort is not supported with
// this model"): it is left out for that model and sent again for the next
// thinking one.
func TestReasoningSettingsFollowTheChatsModel(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c, err := h.svc.CreateChat(ctx, h.ws, "openai:fake-think")
	if err != nil {
		t.Fatal(err)
	}
	high, on := "high", true
	set := func(ref string) {
		t.Helper()
		if _, err := h.svc.SetChatSettings(ctx, c.ID, ChatSettings{ModelRef: ref, Params: Overrides{ReasoningEffort: &high, Think: &on}}); err != nil {
			t.Fatal(err)
		}
	}
	send := func() llmtest.Call {
		t.Helper()
		r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "go"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := h.wait(t, r.Assistant.ID).Payload.(events.ChatDonePayload); !ok {
			t.Fatal("the answer failed")
		}
		return h.lastAnswerCall(t)
	}
	set("openai:fake-think")
	if call := send(); call.ReasoningEffort != "high" {
		t.Fatalf("thinking model: effort %q", call.ReasoningEffort)
	}
	set("openai:fake-chat")
	if call := send(); call.ReasoningEffort != "" {
		t.Fatalf("a model without thinking was sent reasoning_effort %q", call.ReasoningEffort)
	}
	set("openai:fake-think")
	if call := send(); call.ReasoningEffort != "high" {
		t.Fatalf("back on the thinking model: effort %q", call.ReasoningEffort)
	}
}

type fakeRetriever struct{ sources []Source }

func (f fakeRetriever) Retrieve(context.Context, RetrieveRequest) (Retrieval, error) {
	return Retrieval{Sources: f.sources}, nil
}

// recordingRetriever answers with sources and notes each call's scope.
type recordingRetriever struct {
	sources       []Source
	workspaceDocs []bool
}

func (r *recordingRetriever) Retrieve(_ context.Context, req RetrieveRequest) (Retrieval, error) {
	r.workspaceDocs = append(r.workspaceDocs, req.WorkspaceDocs)
	return Retrieval{Sources: r.sources}, nil
}

func TestRetrievalAddsSourcesAndSavesCitations(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.ret.set(fakeRetriever{sources: []Source{
		{DocumentID: "d1", DocumentName: "apache-2.0.pdf", Page: 2, ChunkID: 7, Text: "You must cause any modified files to carry prominent notices", Score: 0.9},
		{DocumentID: "d2", DocumentName: "mpl-2.0.txt", ChunkID: 9, Text: "Covered Software", Score: 0.5},
	}})
	c := h.newChat(t)
	r, _ := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "What must I do with changed files?"})
	h.wait(t, r.Assistant.ID)
	call := h.lastAnswerCall(t)
	if !strings.Contains(call.System, "[1] apache-2.0.pdf, page 2") || !strings.Contains(call.System, "prominent notices") {
		t.Fatalf("context block missing: %q", call.System)
	}
	m, _ := h.svc.GetMessage(ctx, r.Assistant.ID)
	if len(m.Citations) != 2 || !m.Citations[0].Cited || m.Citations[0].Page != 2 || m.Citations[0].ChunkID != 7 {
		t.Fatalf("citations %+v (answer %q)", m.Citations, m.Content)
	}
	// The workspace's documents off: the chat's own are still asked for
	// (an attached document is not silently ignored), the workspace's not.
	rec := &recordingRetriever{sources: []Source{{DocumentID: "d3", DocumentName: "attached.md", ChunkID: 11, Text: "only this chat", Score: 1}}}
	h.ret.set(rec)
	h.res.ws.UseDocuments = false
	r, _ = h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "and the attached one?"})
	h.wait(t, r.Assistant.ID)
	m, _ = h.svc.GetMessage(ctx, r.Assistant.ID)
	if len(rec.workspaceDocs) != 1 || rec.workspaceDocs[0] || len(m.Citations) != 1 || m.Citations[0].DocumentName != "attached.md" {
		t.Fatalf("documents off: asked with workspaceDocs %v, citations %+v", rec.workspaceDocs, m.Citations)
	}
	h.res.ws.UseDocuments = true
	// No retriever configured: nothing changes.
	h.ret.set(nil)
	r, _ = h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "again"})
	h.wait(t, r.Assistant.ID)
	m, _ = h.svc.GetMessage(ctx, r.Assistant.ID)
	if len(m.Citations) != 0 {
		t.Fatal("citations without a retriever")
	}
}

func TestImagesNeedVisionAndReachTheModel(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.newChat(t)
	png := writePNG(t, h.dir)
	_, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "what is this", Attachments: []AttachmentInput{{Path: png}}})
	if err == nil || !strings.Contains(err.Error(), "cannot see images") {
		t.Fatalf("non-vision model accepted an image: %v", err)
	}
	v, _ := h.svc.ViewChat(ctx, c.ID, 0, "")
	if len(v.Messages) != 0 {
		t.Fatal("a refused send left messages")
	}
	h.svc.SetChatSettings(ctx, c.ID, ChatSettings{ModelRef: "openai:fake-vision"})
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "what is this", Attachments: []AttachmentInput{{Path: png}}})
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, r.Assistant.ID)
	call := h.lastAnswerCall(t)
	lu := call.LastUser()
	if len(lu.Images) != 1 || lu.Images[0].MIME != "image/png" {
		t.Fatalf("image not sent: %+v", lu)
	}
	if len(r.User.Attachments) != 1 || r.User.Attachments[0].SHA256 == "" || r.User.Attachments[0].Name != "photo.png" {
		t.Fatalf("attachment %+v", r.User.Attachments)
	}
	if _, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "x", Attachments: []AttachmentInput{{Name: "a.txt", Data: []byte("plain text")}}}); err == nil {
		t.Fatal("text accepted as an image")
	}
}

func TestLongHistoryIsTrimmedAndSaysSo(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.res.ctxLen = 600
	c := h.newChat(t)
	var last SendResult
	for i := 0; i < 6; i++ {
		last, _ = h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: strings.Repeat("padding words here ", 30)})
		h.wait(t, last.Assistant.ID)
	}
	m, _ := h.svc.GetMessage(ctx, last.Assistant.ID)
	if m.Trimmed == 0 {
		t.Fatal("trimming not recorded")
	}
	call := h.lastAnswerCall(t)
	if len(call.Messages) >= 11 {
		t.Fatalf("history not trimmed: %d messages", len(call.Messages))
	}
}

func TestAllowedModelsAreEnforced(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.res.ws = WorkspaceDefaults{AllowedModelRefs: []string{"openai:fake-think"}}
	c := h.newChat(t)
	// No chat model: the first allowed one is used, not the app default.
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "hi"})
	if err != nil || r.Assistant.ModelRef != "openai:fake-think" {
		t.Fatalf("model %q, %v", r.Assistant.ModelRef, err)
	}
	h.wait(t, r.Assistant.ID)
	h.svc.SetChatSettings(ctx, c.ID, ChatSettings{ModelRef: "openai:fake-chat"})
	if _, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "hi"}); err == nil || !strings.Contains(err.Error(), "not one of the models") {
		t.Fatalf("a model the workspace does not allow was used: %v", err)
	}
}
