package rag

import (
	"context"
	"strings"
	"unicode/utf8"

	"bookbag/backend/llm"
)

// ModelAsker asks a chat model through any provider, reading its stream to
// the end. label is the name shown for it ("fake-chat", "gpt-4o-mini");
// noThink switches thinking off for models that have the switch (a ranking
// needs none, and thinking would spend the token limit); window is the
// context to ask for (the answer's, so Ollama keeps the model loaded as it
// is; 0: the model's own).
func ModelAsker(client llm.Provider, model, label string, noThink bool, window int) Asker {
	return modelAsker{client: client, model: model, label: label, noThink: noThink, window: window}
}

type modelAsker struct {
	client  llm.Provider
	model   string
	label   string
	noThink bool
	window  int
}

// rerankMaxTokens is room for 30 numbers and the brackets, with a margin
// for a model that wraps them in a sentence.
const rerankMaxTokens = 300

func (m modelAsker) Ask(ctx context.Context, system, prompt string) (AskReply, error) {
	params := llm.Params{MaxTokens: rerankMaxTokens, ContextLength: m.window}
	if m.noThink {
		off := false
		params.Think = &off
	}
	var b strings.Builder
	res, err := m.client.Chat(ctx, llm.ChatRequest{Model: m.model, System: system,
		Messages: []llm.Message{{Role: "user", Content: prompt}}, Params: params},
		func(d llm.Delta) { b.WriteString(d.Text) })
	out := AskReply{Text: b.String(), Model: m.label, InputTokens: res.InputTokens, OutputTokens: res.OutputTokens}
	if !res.UsageKnown {
		out.Estimated = true
		out.InputTokens = estimateTokens(system) + estimateTokens(prompt)
		out.OutputTokens = estimateTokens(out.Text)
	}
	return out, err
}

// estimateTokens is the usual four characters a token, for providers that
// report no usage.
func estimateTokens(s string) int { return (utf8.RuneCountInString(s) + 3) / 4 }
