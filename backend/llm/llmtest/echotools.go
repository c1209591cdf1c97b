package llmtest

import (
	"encoding/json"
	"fmt"
	"strings"
)

const toolDirective = "[[tool"

// toolDirectives finds the [[tool NAME ARGS]] directives of text, in order
// (see Echo), and returns text without them.
func toolDirectives(text string) ([]ScriptToolCall, string) {
	var calls []ScriptToolCall
	var rest strings.Builder
	for {
		i := strings.Index(text, toolDirective)
		if i < 0 {
			break
		}
		body := text[i+len(toolDirective):]
		if body == "" || (body[0] != ' ' && body[0] != ']') {
			rest.WriteString(text[:i+len(toolDirective)]) // "[[toolbox]]" is no directive
			text = body
			continue
		}
		tc, n, ok := toolCallOf(body)
		if !ok {
			break // no closing "]]": plain text from here on
		}
		calls = append(calls, tc)
		rest.WriteString(text[:i])
		rest.WriteByte(' ')
		text = body[n:]
	}
	rest.WriteString(text)
	return calls, rest.String()
}

// toolCallOf reads " NAME ARGS]]" from the start of body and returns the
// call and the length read, closing brackets included.
func toolCallOf(body string) (ScriptToolCall, int, bool) {
	s := strings.TrimLeft(body, " ")
	end := strings.IndexAny(s, " {]")
	if end < 0 {
		return ScriptToolCall{}, 0, false
	}
	tc := ScriptToolCall{Name: s[:end]}
	s = strings.TrimLeft(s[end:], " ")
	// A JSON value may hold "]]" itself: read it whole when it is valid.
	dec := json.NewDecoder(strings.NewReader(s))
	var raw json.RawMessage
	if dec.Decode(&raw) == nil {
		after := strings.TrimLeft(s[dec.InputOffset():], " ")
		if strings.HasPrefix(after, "]]") {
			tc.Arguments = string(raw)
			return tc, len(body) - len(after) + 2, true
		}
	}
	close := strings.Index(s, "]]")
	if close < 0 {
		return ScriptToolCall{}, 0, false
	}
	tc.Arguments = strings.TrimSpace(s[:close])
	return tc, len(body) - len(s) + close + 2, true
}

// toolReply is Echo's answer to tool results (see Echo).
func toolReply(results []ToolResult) string {
	parts := make([]string, len(results))
	for i, r := range results {
		verb := "returned"
		if r.IsError {
			verb = "failed with"
		}
		parts[i] = fmt.Sprintf("%s %s %q", orDefault(r.Name, r.CallID), verb, r.Content)
	}
	return "Tool results: " + strings.Join(parts, "; ") + "."
}
