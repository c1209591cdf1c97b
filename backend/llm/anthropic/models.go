package anthropic

import (
	"context"
	"strings"

	sdk "github.com/anthropics/anthropic-sdk-go/v2"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
)

// modelCaps is what a chat request needs to know about its model.
type modelCaps struct {
	known     bool
	thinking  bool
	adaptive  bool
	maxTokens int
}

// modelCaps asks the API once per model and remembers the answer, also a
// failed one: the chat then uses defaults every model accepts, and reports
// any real problem (bad key, unknown model) itself.
func (p *Provider) modelCaps(ctx context.Context, model string) modelCaps {
	p.mu.Lock()
	c, ok := p.caps[model]
	p.mu.Unlock()
	if ok {
		return c
	}
	m, err := p.client.Models.Get(ctx, model, sdk.ModelGetParams{})
	if err != nil {
		if ctx.Err() == nil {
			p.mu.Lock()
			p.caps[model] = modelCaps{}
			p.mu.Unlock()
		}
		return modelCaps{}
	}
	c = capsOf(m)
	p.mu.Lock()
	p.caps[model] = c
	p.mu.Unlock()
	return c
}

func capsOf(m *sdk.ModelInfo) modelCaps {
	if !m.JSON.Capabilities.Valid() {
		return modelCaps{maxTokens: int(m.MaxTokens)}
	}
	t := m.Capabilities.Thinking
	return modelCaps{known: true, thinking: t.Supported, adaptive: t.Types.Adaptive.Supported, maxTokens: int(m.MaxTokens)}
}

// Models lists the models the key can use.
func (p *Provider) Models(ctx context.Context) ([]llm.ModelInfo, error) {
	pager := p.client.Models.ListAutoPaging(ctx, sdk.ModelListParams{Limit: sdk.Int(100)})
	var out []llm.ModelInfo
	for pager.Next() {
		m := pager.Current()
		mi := llm.ModelInfo{Name: m.ID, DisplayName: m.DisplayName, Tools: true, ContextLength: int(m.MaxInputTokens)}
		if mi.DisplayName == "" {
			mi.DisplayName = m.ID
		}
		if m.JSON.Capabilities.Valid() {
			mi.Vision = m.Capabilities.ImageInput.Supported
			mi.Thinking = m.Capabilities.Thinking.Supported
		} else {
			// Older API versions list no capabilities: every Claude 3+
			// model reads images; thinking came with 3.7 and the 4 family.
			mi.Vision = true
			mi.Thinking = strings.Contains(m.ID, "3-7") || strings.Contains(m.ID, "-4")
		}
		out = append(out, mi)
	}
	if err := pager.Err(); err != nil {
		return nil, p.ep.Err(p.convert(ctx, err), "")
	}
	return out, nil
}

// Embed is not offered by Anthropic.
func (p *Provider) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	return nil, apperr.Wrap(llm.ErrNotSupported, apperr.Invalid, "Anthropic has no embedding models; choose another provider for embeddings")
}
