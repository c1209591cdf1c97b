package llmtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
)

// WeatherSchema is the parameters schema of SampleTools' get_weather.
const WeatherSchema = `{"type":"object","properties":{"city":{"type":"string","description":"a city name"}},"required":["city"],"additionalProperties":false}`

// SampleTools are two tools for tests: get_weather (WeatherSchema) and
// get_time (no parameters).
func SampleTools() []llm.Tool {
	return []llm.Tool{
		{Name: "get_weather", Description: "The weather in a city now.", Parameters: json.RawMessage(WeatherSchema)},
		{Name: "get_time", Description: "The time now."},
	}
}

// Collected is everything one Chat call delivered, for assertions.
type Collected struct {
	Text, Thinking string
	Deltas         int                 // every delta, of any kind
	ToolDeltas     []llm.ToolCallDelta // the tool-call pieces, in order
	Result         llm.Result
	Err            error
}

// Collect runs p.Chat and gathers what it streamed.
func Collect(ctx context.Context, p llm.Provider, req llm.ChatRequest) Collected {
	var c Collected
	var text, thinking strings.Builder
	c.Result, c.Err = p.Chat(ctx, req, func(d llm.Delta) {
		c.Deltas++
		text.WriteString(d.Text)
		thinking.WriteString(d.Thinking)
		if d.ToolCall != nil {
			c.ToolDeltas = append(c.ToolDeltas, *d.ToolCall)
		}
	})
	c.Text, c.Thinking = text.String(), thinking.String()
	return c
}

// ToolArguments joins the argument fragments streamed for call index.
func (c Collected) ToolArguments(index int) string {
	var b strings.Builder
	for _, d := range c.ToolDeltas {
		if d.Index == index {
			b.WriteString(d.Arguments)
		}
	}
	return b.String()
}

// Answered returns the history after req's answer: req's messages, the
// assistant turn with the answer's text and tool calls, and one tool
// message per call whose result is results[call name] (failed when the
// name is in failed).
func (c Collected) Answered(req llm.ChatRequest, results map[string]string, failed ...string) []llm.Message {
	msgs := append([]llm.Message(nil), req.Messages...)
	msgs = append(msgs, llm.Message{Role: llm.RoleAssistant, Content: c.Text, ToolCalls: c.Result.ToolCalls})
	for _, tc := range c.Result.ToolCalls {
		isErr := false
		for _, f := range failed {
			isErr = isErr || f == tc.Name
		}
		msgs = append(msgs, llm.Message{Role: llm.RoleTool, ToolCallID: tc.ID, Content: results[tc.Name], IsError: isErr})
	}
	return msgs
}

// ToolCallFailure says what is wrong with c as the answer to a stream whose
// call index, of tool, is malformed: "" when Chat failed with a
// *llm.ToolCallError for that call whose reason holds reason, matching
// llm.ErrToolCall, worded for a person as coming from provider, and the
// result holds no calls.
func (c Collected) ToolCallFailure(provider string, index int, tool, reason string) string {
	var te *llm.ToolCallError
	switch {
	case !errors.As(c.Err, &te) || !errors.Is(c.Err, llm.ErrToolCall):
		return fmt.Sprintf("error %v is no tool call error", c.Err)
	case te.Index != index || te.Tool != tool || !strings.Contains(te.Reason, reason):
		return fmt.Sprintf("error %+v, want call %d of %q: …%s…", te, index, tool, reason)
	case apperr.CodeOf(c.Err) != apperr.Unavailable || !strings.HasPrefix(apperr.MessageOf(c.Err), provider+" sent a tool call BookBag could not use"):
		return fmt.Sprintf("code %s message %q", apperr.CodeOf(c.Err), apperr.MessageOf(c.Err))
	case c.Result.ToolCalls != nil:
		return fmt.Sprintf("half applied: %+v", c.Result.ToolCalls)
	}
	return ""
}
