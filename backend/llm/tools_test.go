package llm

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"bookbag/backend/apperr"
)

func TestCheckTools(t *testing.T) {
	ok := Tool{Name: "f", Parameters: json.RawMessage(`{"type":"object"}`)}
	cases := []struct {
		name  string
		req   ChatRequest
		error string // "" when valid
	}{
		{"no tools", ChatRequest{}, ""},
		{"none without tools", ChatRequest{ToolChoice: ToolChoiceNone}, ""},
		{"tools", ChatRequest{Tools: []Tool{ok, {Name: "g"}}, ToolChoice: ToolChoiceRequired}, ""},
		{"required without tools", ChatRequest{ToolChoice: ToolChoiceRequired}, "no tools were offered"},
		{"unknown choice", ChatRequest{Tools: []Tool{ok}, ToolChoice: "f"}, `unknown tool choice "f"`},
		{"no name", ChatRequest{Tools: []Tool{{}}}, "tool 0 has no name"},
		{"same name", ChatRequest{Tools: []Tool{ok, ok}}, `two tools are named "f"`},
		{"schema not an object", ChatRequest{Tools: []Tool{{Name: "f", Parameters: json.RawMessage(`[]`)}}}, "not a JSON object"},
		{"schema not JSON", ChatRequest{Tools: []Tool{{Name: "f", Parameters: json.RawMessage(`{`)}}}, "not a JSON object"},
	}
	for _, tc := range cases {
		err := tc.req.CheckTools()
		if tc.error == "" && err != nil || tc.error != "" && (apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), tc.error)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestToolSchemaDefault(t *testing.T) {
	if s := (Tool{Name: "f"}).Schema(); string(s) != `{"type":"object","properties":{}}` {
		t.Fatalf("%s", s)
	}
	if s := (Tool{Name: "f", Parameters: json.RawMessage(`{"type":"object","properties":{"a":{}}}`)}).Schema(); !strings.Contains(string(s), `"a"`) {
		t.Fatalf("%s", s)
	}
}

func TestToolCallErrorWording(t *testing.T) {
	err := NewEndpoint("OpenAI", "https://api.openai.com/v1", false).Err(&ToolCallError{Index: 1, Tool: "get_weather", Reason: "its arguments are not a JSON object: {"}, "gpt-4o")
	var te *ToolCallError
	if !errors.Is(err, ErrToolCall) || !errors.As(err, &te) || apperr.CodeOf(err) != apperr.Unavailable ||
		apperr.MessageOf(err) != "OpenAI sent a tool call BookBag could not use: tool call 1 (get_weather): its arguments are not a JSON object: {" {
		t.Fatalf("%v: %q", err, apperr.MessageOf(err))
	}
	if got := (&ToolCallError{Index: 0, Reason: "it has no name"}).Error(); got != "tool call 0: it has no name" {
		t.Fatalf("%q", got)
	}
}
