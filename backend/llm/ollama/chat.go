package ollama

import (
	"cmp"
	"context"
	"fmt"

	"github.com/ollama/ollama/api"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/toolcall"
)

// Chat streams a completion.
func (p *Provider) Chat(ctx context.Context, req llm.ChatRequest, onDelta func(llm.Delta)) (llm.Result, error) {
	if err := req.CheckTools(); err != nil {
		return llm.Result{}, err
	}
	creq, err := p.request(ctx, req)
	if err != nil {
		return llm.Result{}, err
	}
	// Without think, a thinking model's thinking comes inline in <think> tags.
	tags := llm.NewThinkTags(onDelta)
	defer tags.Flush()
	onDelta = tags.Add
	tctx, info := trackCtx(ctx)
	var res llm.Result
	var asm toolcall.Assembler
	done := false
	err = p.chatStream(tctx, creq, func(r *chatLine) error {
		if r.Message.Thinking != "" || r.Message.Content != "" {
			onDelta(llm.Delta{Text: r.Message.Content, Thinking: r.Message.Thinking})
		}
		if err := addToolCalls(&asm, r.Message.ToolCalls, onDelta); err != nil {
			return err
		}
		if r.Done {
			done = true
			res.FinishReason = finishReason(r.DoneReason)
			res.InputTokens, res.OutputTokens = r.PromptEvalCount, r.EvalCount
			res.UsageKnown = r.PromptEvalCount > 0 || r.EvalCount > 0
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("ollama stream: %w", ctx.Err())
		}
		return llm.Result{}, p.ep.Err(err, req.Model)
	}
	// The final line is the only proof the answer is whole.
	if !done {
		return llm.Result{}, p.ep.Err(p.unfinished(ctx, info), req.Model)
	}
	if err := asm.Finish(&res); err != nil {
		return llm.Result{}, p.ep.Err(err, req.Model)
	}
	return res, nil
}

// request builds the chat request, consulting /api/show before sending
// think (Ollama answers 400 to models without the capability) or images.
func (p *Provider) request(ctx context.Context, req llm.ChatRequest) (*api.ChatRequest, error) {
	pr := req.Params
	var msgs []api.Message
	if req.System != "" {
		msgs = append(msgs, api.Message{Role: llm.RoleSystem, Content: req.System})
	}
	images := false
	// Images of tool results go in a user message after them, where every
	// vision model's template shows images.
	all := llm.ToolImagesAsUser(req.Messages)
	for i, m := range all {
		am := api.Message{Role: m.Role, Content: m.Content}
		for _, im := range m.Images {
			am.Images = append(am.Images, api.ImageData(im.Data))
			images = true
		}
		if err := historyTools(&am, all[:i], m); err != nil {
			return nil, err
		}
		msgs = append(msgs, am)
	}
	creq := &api.ChatRequest{Model: req.Model, Messages: msgs, Options: map[string]any{}}
	if req.ToolChoice != llm.ToolChoiceNone {
		ts, err := tools(req.Tools)
		if err != nil {
			return nil, err
		}
		creq.Tools = ts
	}
	if pr.Temperature != nil {
		creq.Options["temperature"] = *pr.Temperature
	}
	if pr.TopP != nil {
		creq.Options["top_p"] = *pr.TopP
	}
	if pr.MaxTokens > 0 {
		creq.Options["num_predict"] = pr.MaxTokens
	}
	creq.Options["num_ctx"] = cmp.Or(pr.ContextLength, llm.OllamaContext)
	extras(creq, req)
	wantThink := pr.Think != nil || pr.ReasoningEffort != ""
	if !wantThink && !images && len(creq.Tools) == 0 {
		return creq, nil
	}
	s, err := p.showModel(ctx, req.Model, false)
	if err != nil {
		// The chat itself will say what is wrong (not running, no such
		// model); sending neither switch is safe meanwhile.
		return creq, nil
	}
	if images && !s.has("vision") {
		return nil, apperr.New(apperr.Invalid, "the Ollama model %q cannot read images (it has no vision capability)", req.Model)
	}
	if len(creq.Tools) > 0 && !s.has("tools") {
		return nil, apperr.New(apperr.Invalid, "the Ollama model %q cannot call tools (it has no tools capability)", req.Model)
	}
	if wantThink && s.has("thinking") {
		creq.Think = thinkValue(pr)
	}
	return creq, nil
}

// thinkValue: a level (gpt-oss takes "low", "medium", "high") when thinking
// is not switched off, else the switch.
func thinkValue(pr llm.Params) *api.ThinkValue {
	switch pr.ReasoningEffort {
	case "low", "medium", "high":
		if pr.Think == nil || *pr.Think {
			return &api.ThinkValue{Value: pr.ReasoningEffort}
		}
	}
	if pr.Think != nil {
		return &api.ThinkValue{Value: *pr.Think}
	}
	return &api.ThinkValue{Value: true}
}

func finishReason(s string) string {
	switch s {
	case "", "stop", "unload":
		return llm.FinishStop
	case "length":
		return llm.FinishLength
	}
	return s
}

// Version reports the server's version; the app uses it to detect Ollama.
func (p *Provider) Version(ctx context.Context) (string, error) {
	tctx, info := trackCtx(ctx)
	v, err := p.client.Version(tctx)
	if err != nil {
		return "", p.ep.Err(p.convert(ctx, err, info), "")
	}
	if v == "" {
		return "", p.ep.Err(fmt.Errorf("%w: empty version", llm.ErrMalformed), "")
	}
	return v, nil
}
