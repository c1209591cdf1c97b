package chat

import (
	"strings"
	"testing"

	"bookbag/backend/llm"
)

func msg(role, content string) Message { return Message{Role: role, Kind: KindText, Content: content} }

func TestHistoryKeepsEverythingThatFits(t *testing.T) {
	path := []Message{msg("user", "hi"), msg("assistant", "hello"), msg("user", "how are you")}
	got, dropped := buildHistory(historyInput{Path: path, ContextLength: 8000})
	if dropped != 0 || len(got) != 3 || got[2].Content != "how are you" {
		t.Fatalf("got %d messages, dropped %d", len(got), dropped)
	}
}

func TestHistoryTrimsOldestKeepsNewestAndStartsWithUser(t *testing.T) {
	long := strings.Repeat("word ", 2000) // ~2500 tokens each
	path := []Message{msg("user", long), msg("assistant", long), msg("user", long), msg("assistant", long), msg("user", "newest question")}
	got, dropped := buildHistory(historyInput{Path: path, ContextLength: 8000, MaxOutput: 1000, System: "be brief"})
	if got[len(got)-1].Content != "newest question" {
		t.Fatal("newest turn lost")
	}
	if dropped == 0 || got[0].Role != "user" {
		t.Fatalf("dropped %d, first role %s", dropped, got[0].Role)
	}
	total := 0
	for _, m := range got {
		total += estimateTokens(m.Content)
	}
	if total > 8000-1000 {
		t.Fatalf("history of %d tokens does not fit", total)
	}
	// Even a newest message larger than the context is sent (the provider will say so).
	got, _ = buildHistory(historyInput{Path: []Message{msg("user", strings.Repeat("x", 100000))}, ContextLength: 1000})
	if len(got) != 1 {
		t.Fatal("the only message was dropped")
	}
}

func TestHistorySkipsNonTextAndEmptyAnswers(t *testing.T) {
	path := []Message{
		msg("user", "q1"),
		{Role: "assistant", Kind: KindReasoning, Content: "thinking..."},
		{Role: "assistant", Kind: KindToolCall, Content: "search()"},
		{Role: "tool", Kind: KindToolOutput, Content: "results"},
		msg("assistant", "a1"),
		{Role: "assistant", Kind: KindText, Status: StatusError, Content: ""},
		msg("user", "q2"),
	}
	got, _ := buildHistory(historyInput{Path: path})
	var roles []string
	for _, m := range got {
		roles = append(roles, m.Role+":"+m.Content)
	}
	if strings.Join(roles, ",") != "user:q1,assistant:a1,user:q2" {
		t.Fatalf("history %v", roles)
	}
}

func TestHistoryAttachesImagesToUserTurns(t *testing.T) {
	path := []Message{{Role: "user", Kind: KindText, Content: "what is this", Attachments: []Attachment{{SHA256: "abc", MIME: "image/png"}, {SHA256: "gone", Missing: true}}}}
	got, _ := buildHistory(historyInput{Path: path, Images: func(a Attachment) (llm.Image, bool) {
		if a.Missing {
			return llm.Image{}, false
		}
		return llm.Image{MIME: a.MIME, Data: []byte("png")}, true
	}})
	if len(got[0].Images) != 1 || got[0].Images[0].MIME != "image/png" {
		t.Fatalf("images %+v", got[0].Images)
	}
}
