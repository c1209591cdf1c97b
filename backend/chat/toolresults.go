package chat

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"bookbag/backend/llm"
)

// minResultTokens is what a result keeps however full the context is: a
// model told only "it was cut" cannot do anything with the call.
const minResultTokens = 256

// fitResults cuts a round's results so that together they take at most
// half the room the model's context has left after the request so far and
// the answer's reserve. A tool that read a whole file would otherwise push
// a small local model's question out of its context (Ollama cuts a prompt's
// start without a word) or make the provider refuse the request. A cut
// result ends with a note saying so. With the context length unknown the
// results stay as the tools service capped them.
func fitResults(req llm.ChatRequest, ctxLen int, outs []ToolOutcome) {
	if ctxLen <= 0 || len(outs) == 0 {
		return
	}
	used := estimateTokens(req.System)
	for _, m := range req.Messages {
		used += messageCost(m)
	}
	for _, t := range req.Tools {
		used += estimateTokens(t.Name + t.Description + string(t.Parameters))
	}
	room := ctxLen - outputReserve(ctxLen, req.Params.MaxTokens) - used
	share := max(room/2/len(outs), minResultTokens)
	limit := share * 4 // characters, as estimateTokens counts them
	for i := range outs {
		text := outs[i].Text
		n := utf8.RuneCountInString(text)
		if n <= limit {
			continue
		}
		outs[i].Text = firstRunes(text, limit) + fmt.Sprintf("\n\n[The result was cut to fit the model's context: only its first %d of %d characters are here. Ask for less (a narrower query, a range, a page) to see the rest.]", limit, n)
	}
}

// firstRunes is s's first n characters.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// retryAfterBadCall is the request that tells the model its call could not
// be used: what it wrote, then a note in the user's turn (the call has no
// id to answer with a result). The note is not kept in the chat.
func retryAfterBadCall(req llm.ChatRequest, roundText string, bad *llm.ToolCallError) llm.ChatRequest {
	msgs := slices.Clip(req.Messages)
	if strings.TrimSpace(roundText) != "" {
		msgs = append(msgs, llm.Message{Role: llm.RoleAssistant, Content: roundText})
	}
	req.Messages = append(msgs, llm.Message{Role: llm.RoleUser, Content: "(BookBag) Your last tool call could not be used, so nothing ran: " +
		bad.Error() + ". If you still need the tool, call it again with arguments that are one JSON object matching its input schema."})
	return req
}
