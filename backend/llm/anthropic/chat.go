package anthropic

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"bookbag/backend/llm"
)

// Token defaults. max_tokens is required by the API; thinking needs a budget
// of at least 1024 below max_tokens.
const (
	defaultMaxTokens      = 4096
	defaultThinkingTokens = 16000
	minThinkingBudget     = 1024
)

// params builds the request. caps may be unknown (zero): then thinking uses
// the "enabled" form every thinking model accepts.
func params(req llm.ChatRequest, caps modelCaps) request {
	system := req.System
	var msgs []message
	results := false // the last message holds tool results, so the next one joins it
	for _, m := range req.Messages {
		isResult := m.Role == llm.RoleTool
		switch {
		case m.Role == llm.RoleSystem:
			system = strings.TrimSpace(system + "\n\n" + m.Content)
			continue // it joins the system prompt and does not end a run of tool results
		case isResult && results:
			// The API wants all of a turn's results in the one user message
			// after the calls.
			last := &msgs[len(msgs)-1]
			last.Content = append(last.Content, toolResult(m))
		case isResult:
			msgs = append(msgs, message{Role: "user", Content: []block{toolResult(m)}})
		case m.Role == llm.RoleAssistant:
			var blocks []block
			for _, tb := range m.ThinkingBlocks {
				blocks = append(blocks, block{raw: tb}) // first, as the API wants them
			}
			if m.Content != "" {
				blocks = append(blocks, block{Type: "text", Text: m.Content})
			}
			blocks = append(blocks, toolUses(m.ToolCalls)...)
			if len(blocks) > 0 {
				msgs = append(msgs, message{Role: "assistant", Content: blocks})
			}
		default:
			var blocks []block
			for _, im := range m.Images {
				blocks = append(blocks, imageBlock(im))
			}
			if m.Content != "" {
				blocks = append(blocks, block{Type: "text", Text: m.Content})
			}
			if len(blocks) > 0 {
				msgs = append(msgs, message{Role: "user", Content: blocks})
			}
		}
		results = isResult
	}
	p := request{Model: req.Model, Messages: msgs, Stream: true}
	p.Tools, p.ToolChoice = tools(req.Tools, req.ToolChoice)
	if system != "" {
		p.System = []block{{Type: "text", Text: system}}
	}
	pr := req.Params
	maxTokens := pr.MaxTokens
	think := pr.Think != nil && *pr.Think && (!caps.known || caps.thinking)
	if maxTokens <= 0 {
		maxTokens = defaultMaxTokens
		if think {
			maxTokens = defaultThinkingTokens
		}
		if caps.maxTokens > 0 {
			maxTokens = min(maxTokens, caps.maxTokens)
		}
	}
	switch {
	case think && caps.adaptive:
		p.Thinking = &thinking{Type: "adaptive", Display: "summarized"}
	case think:
		budget := max(minThinkingBudget, maxTokens/2)
		if budget >= maxTokens {
			// Keep the answer's own room: the budget comes on top.
			maxTokens = budget + maxTokens
		}
		p.Thinking = &thinking{Type: "enabled", BudgetTokens: budget}
	case pr.Think != nil && !*pr.Think && (!caps.known || caps.thinking):
		p.Thinking = &thinking{Type: "disabled"}
	}
	p.MaxTokens = maxTokens
	if pr.ReasoningEffort != "" {
		p.OutputConfig = &outputConfig{Effort: pr.ReasoningEffort}
	}
	// Temperature and top_p: the v2 API has neither (llm.SupportedParams
	// says so); nor seed, penalties or logit bias (llm.SupportedExtras).
	return p
}

// Chat streams a message.
func (p *Provider) Chat(ctx context.Context, req llm.ChatRequest, onDelta func(llm.Delta)) (llm.Result, error) {
	if err := req.CheckTools(); err != nil {
		return llm.Result{}, err
	}
	if req.ResponseFormat != nil {
		// Prose the client would fail to parse is worse than a refusal.
		return llm.Result{}, p.ep.Err(&llm.UnsupportedError{Provider: p.ep.Name, Param: "response_format",
			Reason: "Anthropic's Messages API has no JSON mode; ask for JSON in the prompt instead"}, req.Model)
	}
	var caps modelCaps
	if req.Params.MaxTokens <= 0 || req.Params.Think != nil {
		caps = p.modelCaps(ctx, req.Model)
	}
	resp, err := p.do(ctx, http.MethodPost, "/messages", params(req, caps))
	if err != nil {
		return llm.Result{}, p.ep.Err(err, req.Model)
	}
	defer resp.Body.Close()
	var res llm.Result
	calls := toolStream{blocks: map[int64]int{}}
	var thinkingBlocks thinkingStream
	var toolErr, apiErr error
	done := false
	streamErr := events(resp.Body, func(ev event) bool {
		switch ev.Type {
		case "message_start":
			u := ev.Message.Usage
			res.InputTokens, res.OutputTokens = u.input(), u.OutputTokens
			res.CachedTokens = u.CacheReadInputTokens
		case "content_block_start":
			thinkingBlocks.start(ev)
			toolErr = calls.start(ev, onDelta)
		case "content_block_stop":
			thinkingBlocks.stop(ev)
		case "content_block_delta":
			switch ev.Delta.Type {
			case "signature_delta":
				thinkingBlocks.delta(ev)
			case "input_json_delta":
				toolErr = calls.args(ev, onDelta)
			case "text_delta":
				if ev.Delta.Text != "" {
					onDelta(llm.Delta{Text: ev.Delta.Text})
				}
			case "thinking_delta":
				thinkingBlocks.delta(ev)
				if ev.Delta.Thinking != "" {
					onDelta(llm.Delta{Thinking: ev.Delta.Thinking})
				}
			}
		case "message_delta":
			if ev.Delta.StopReason != "" {
				res.FinishReason = finishReason(ev.Delta.StopReason)
			}
			if ev.Usage.OutputTokens > 0 {
				res.OutputTokens = ev.Usage.OutputTokens
			}
			if in := ev.Usage.input(); in > 0 {
				res.InputTokens = in
				res.CachedTokens = ev.Usage.CacheReadInputTokens
			}
		case "message_stop":
			done = true
		case "error":
			// An error inside a 200 stream (overloaded, …): no HTTP status.
			apiErr = &llm.StatusError{Type: ev.Error.Type, Message: ev.Error.Message}
		}
		return toolErr == nil && apiErr == nil && !done && ctx.Err() == nil
	})
	// On failure the partial result goes back too (the input count from
	// message_start helps the caller's token accounting); usage stays unknown.
	if toolErr != nil {
		return res, p.ep.Err(toolErr, req.Model)
	}
	if apiErr != nil {
		return res, p.ep.Err(apiErr, req.Model)
	}
	if streamErr != nil && !errors.Is(streamErr, io.EOF) {
		return res, p.ep.Err(p.stopped(ctx, fmt.Errorf("read stream: %w", streamErr)), req.Model)
	}
	if ctx.Err() != nil {
		return res, p.ep.Err(fmt.Errorf("stream message: %w", ctx.Err()), req.Model)
	}
	if !done {
		return res, p.ep.Err(llm.ErrStreamCut, req.Model)
	}
	res.UsageKnown = true
	if err := calls.asm.Finish(&res); err != nil {
		return res, p.ep.Err(err, req.Model)
	}
	if len(res.ToolCalls) > 0 {
		res.ThinkingBlocks = thinkingBlocks.done
	}
	return res, nil
}

func finishReason(s string) string {
	switch s {
	case "end_turn", "stop_sequence", "pause_turn":
		return llm.FinishStop
	case "max_tokens", "model_context_window_exceeded":
		return llm.FinishLength
	case "tool_use":
		return llm.FinishToolCalls
	case "refusal":
		return llm.FinishContentFilter
	}
	return s
}
