package chat

import (
	"encoding/json"
	"slices"
	"unicode/utf8"

	"bookbag/backend/llm"
)

// estimateTokens is a provider-neutral estimate (about 4 characters a token,
// plus a little per message for the role and separators). Used for trimming
// and when a provider reports no usage.
func estimateTokens(s string) int {
	return (utf8.RuneCountInString(s)+3)/4 + 4
}

// imageTokens is a rough per-image cost, so images count against the context.
const imageTokens = 800

// defaultContext is assumed when a model does not say how long its context is.
const defaultContext = 8192

// historyInput is what building a request needs.
type historyInput struct {
	Path          []Message // root to the user message being answered
	System        string
	ContextLength int // model or profile; 0 means unknown
	MaxOutput     int // tokens reserved for the answer; 0 means a default
	// Reserved is what the request takes besides the system prompt and
	// the history: the definitions of the tools offered.
	Reserved int
	Images   func(Attachment) (llm.Image, bool)
	// Vision: the model sees images; a tool result's then go with it
	// (without, its text names them).
	Vision bool
}

// buildHistory turns a branch into the messages sent to the model, dropping
// the oldest turns that do not fit in the context. The system prompt and the
// newest message are always kept. It returns how many messages were left out.
func buildHistory(in historyInput) ([]llm.Message, int) {
	var msgs []llm.Message
	for _, m := range in.Path {
		switch {
		case m.Kind == KindToolCall && m.ToolCallID != "":
			// A call joins the answer it belongs to: the assistant message
			// just before it, or a new one when the answer had no text.
			call := llm.ToolCall{ID: m.ToolCallID, Name: m.ToolName, Arguments: json.RawMessage(m.Content)}
			if !json.Valid(call.Arguments) {
				call.Arguments = json.RawMessage("{}")
			}
			if n := len(msgs); n > 0 && msgs[n-1].Role == llm.RoleAssistant {
				msgs[n-1].ToolCalls = append(msgs[n-1].ToolCalls, call)
			} else {
				msgs = append(msgs, llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{call}})
			}
			continue
		case m.Kind == KindToolOutput && m.ToolCallID != "":
			tm := llm.Message{Role: llm.RoleTool, ToolCallID: m.ToolCallID, ToolName: m.ToolName,
				Content: m.Content, IsError: m.Status == StatusError}
			if in.Vision {
				tm.Images = loadImages(in.Images, m.Attachments)
			}
			msgs = append(msgs, tm)
			continue
		case m.Kind != KindText || (m.Role != "user" && m.Role != "assistant"):
			continue // imported reasoning and tool traffic (no call ids) are not replayed
		case m.Role == "assistant" && m.Content == "":
			continue // a failed or empty answer has nothing to say
		}
		lm := llm.Message{Role: m.Role, Content: m.Content}
		if m.Role == "user" {
			lm.Images = loadImages(in.Images, m.Attachments)
		}
		msgs = append(msgs, lm)
	}
	msgs = pairToolResults(msgs)
	ctxLen := in.ContextLength
	if ctxLen <= 0 {
		ctxLen = defaultContext
	}
	budget := ctxLen - outputReserve(ctxLen, in.MaxOutput) - estimateTokens(in.System) - in.Reserved
	cost := messageCost
	total := 0
	for _, m := range msgs {
		total += cost(m)
	}
	dropped := 0
	for total > budget && len(msgs)-dropped > 1 {
		total -= cost(msgs[dropped])
		dropped++
	}
	// A conversation sent to a model starts with a user turn (never with an
	// answer, or a tool result cut off from its call).
	for dropped < len(msgs)-1 && msgs[dropped].Role != llm.RoleUser {
		dropped++
	}
	return msgs[dropped:], dropped
}

// loadImages reads a message's images with load (nil: none).
func loadImages(load func(Attachment) (llm.Image, bool), atts []Attachment) []llm.Image {
	if load == nil {
		return nil
	}
	var out []llm.Image
	for _, a := range atts {
		if img, ok := load(a); ok {
			out = append(out, img)
		}
	}
	return out
}

// unfinishedCall is the result a call gets in the history when its own
// never came.
const unfinishedCall = "This call did not finish: BookBag stopped before it returned."

// pairToolResults makes every call answered and every result a call's. A
// call whose result never came (BookBag stopped mid-call: a crash, a kill,
// power loss, with an approval card waiting perhaps) gets a result saying
// so; a result that does not follow its call is left out. Every provider
// refuses a conversation with either, so without this no message could be
// sent on that branch again.
func pairToolResults(in []llm.Message) []llm.Message {
	out := make([]llm.Message, 0, len(in))
	for i := 0; i < len(in); i++ {
		m := in[i]
		if m.Role == llm.RoleTool {
			continue // a result without its call before it
		}
		out = append(out, m)
		if len(m.ToolCalls) == 0 {
			continue
		}
		answered := map[string]bool{}
		for ; i+1 < len(in) && in[i+1].Role == llm.RoleTool; i++ {
			r := in[i+1]
			asked := slices.ContainsFunc(m.ToolCalls, func(c llm.ToolCall) bool { return c.ID == r.ToolCallID })
			if asked && !answered[r.ToolCallID] {
				answered[r.ToolCallID] = true
				out = append(out, r)
			}
		}
		for _, c := range m.ToolCalls {
			if !answered[c.ID] {
				out = append(out, llm.Message{Role: llm.RoleTool, ToolCallID: c.ID, ToolName: c.Name, Content: unfinishedCall, IsError: true})
			}
		}
	}
	return out
}

// outputReserve is the part of a context kept for the answer: maxOutput
// when it is set and at most half, else a quarter (at most 4096 tokens).
func outputReserve(ctxLen, maxOutput int) int {
	if maxOutput <= 0 || maxOutput > ctxLen/2 {
		return min(ctxLen/4, 4096)
	}
	return maxOutput
}

// toolsCost estimates what the tools' definitions take of the context.
func toolsCost(tools []llm.Tool) int {
	n := 0
	for _, t := range tools {
		n += estimateTokens(t.Name + t.Description + string(t.Parameters))
	}
	return n
}

// messageCost estimates what a message takes of the context.
func messageCost(m llm.Message) int {
	n := estimateTokens(m.Content) + imageTokens*len(m.Images)
	for _, c := range m.ToolCalls {
		n += estimateTokens(c.Name + string(c.Arguments))
	}
	return n
}
