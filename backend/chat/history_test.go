package chat

import (
	"strings"
	"testing"

	"bookbag/backend/llm"
)

func msg(role, content string) Message { return Message{Role: role, Kind: KindText, Content: content} }

func call(id, name, args string) Message {
	return Message{Role: "assistant", Kind: KindToolCall, ToolCallID: id, ToolName: name, Content: args}
}

func output(id, name, out, status string) Message {
	return Message{Role: "tool", Kind: KindToolOutput, ToolCallID: id, ToolName: name, Content: out, Status: status}
}

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

// Tool calls with ids are replayed as the model made them: an answer's calls
// join its text (or stand alone), each result follows as a tool message, an
// error result is marked, and trimming never starts with a result cut off
// from its call.
func TestHistoryReplaysToolCallsAndResults(t *testing.T) {
	path := []Message{
		msg("user", "weather in Oslo and Rome?"),
		msg("assistant", "Let me look."),
		call("c1", "weather", `{"city":"Oslo"}`),
		call("c2", "weather", `{"city":"Rome"}`),
		output("c1", "weather", "rain", StatusComplete),
		output("c2", "weather", "no such city", StatusError),
		call("c3", "weather", `not json`), // an answer with no text: the calls stand alone
		output("c3", "weather", "sun", StatusComplete),
		msg("assistant", "Oslo: rain."),
		msg("user", "thanks"),
	}
	got, _ := buildHistory(historyInput{Path: path, ContextLength: 8000})
	if len(got) != 8 {
		t.Fatalf("%d messages: %+v", len(got), got)
	}
	a := got[1]
	if a.Role != llm.RoleAssistant || a.Content != "Let me look." || len(a.ToolCalls) != 2 ||
		a.ToolCalls[0].ID != "c1" || string(a.ToolCalls[1].Arguments) != `{"city":"Rome"}` {
		t.Fatalf("answer with calls: %+v", a)
	}
	if r := got[2]; r.Role != llm.RoleTool || r.ToolCallID != "c1" || r.Content != "rain" || r.IsError {
		t.Fatalf("first result: %+v", r)
	}
	if r := got[3]; r.ToolCallID != "c2" || !r.IsError {
		t.Fatalf("error result: %+v", r)
	}
	if c := got[4]; c.Role != llm.RoleAssistant || c.Content != "" || len(c.ToolCalls) != 1 || string(c.ToolCalls[0].Arguments) != "{}" {
		t.Fatalf("calls without text (bad arguments sent as {}): %+v", c)
	}
	// Trimmed so that only the tail fits: it starts at a user turn.
	long := strings.Repeat("word ", 3000)
	path = append([]Message{msg("user", long)}, path[2:]...)
	got, dropped := buildHistory(historyInput{Path: path, ContextLength: 2000, MaxOutput: 200})
	if dropped == 0 || got[0].Role != llm.RoleUser {
		t.Fatalf("trimmed history starts with %s (%d dropped)", got[0].Role, dropped)
	}
}

// A call whose result never came is answered in words; a result without
// its call before it, or a second one, is left out.
func TestHistoryPairsCallsAndResults(t *testing.T) {
	path := []Message{
		msg("user", "look"),
		call("c1", "read", `{}`),
		call("c2", "read", `{}`),
		output("c2", "read", "two", StatusComplete),
		output("c2", "read", "two again", StatusComplete),
		msg("assistant", ""), // interrupted
		output("c9", "read", "stray", StatusComplete),
		msg("user", "go on"),
	}
	got, _ := buildHistory(historyInput{Path: path, ContextLength: 8000})
	var shape []string
	for _, m := range got {
		s := m.Role
		for _, c := range m.ToolCalls {
			s += " " + c.ID
		}
		if m.Role == llm.RoleTool {
			s += " " + m.ToolCallID + "=" + m.Content
		}
		shape = append(shape, s)
	}
	want := "user|assistant c1 c2|tool c2=two|tool c1=" + unfinishedCall + "|user"
	if strings.Join(shape, "|") != want {
		t.Fatalf("history\n%s\nwant\n%s", strings.Join(shape, "|"), want)
	}
	if !got[3].IsError {
		t.Fatal("the unfinished call's result is not an error")
	}
}
