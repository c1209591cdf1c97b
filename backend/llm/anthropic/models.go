package anthropic

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

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
	var m modelInfo
	if err := p.getJSON(ctx, "/models/"+url.PathEscape(model), &m); err != nil {
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

func capsOf(m modelInfo) modelCaps {
	if m.Capabilities == nil {
		return modelCaps{maxTokens: m.MaxTokens}
	}
	t := m.Capabilities.Thinking
	return modelCaps{known: true, thinking: t.Supported, adaptive: t.Types.Adaptive.Supported, maxTokens: m.MaxTokens}
}

// getJSON reads one API answer into v.
func (p *Provider) getJSON(ctx context.Context, path string, v any) error {
	resp, err := p.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return p.stopped(ctx, llm.Malformed("GET "+path, err))
	}
	return nil
}

// Models lists the models the key can use.
func (p *Provider) Models(ctx context.Context) ([]llm.ModelInfo, error) {
	var out []llm.ModelInfo
	for after := ""; ; {
		q := url.Values{"limit": {"100"}}
		if after != "" {
			q.Set("after_id", after)
		}
		var page modelPage
		if err := p.getJSON(ctx, "/models?"+q.Encode(), &page); err != nil {
			return nil, p.ep.Err(err, "")
		}
		for _, m := range page.Data {
			out = append(out, modelOf(m))
		}
		if !page.HasMore || page.LastID == "" || page.LastID == after {
			return out, nil
		}
		after = page.LastID
	}
}

// modelOf is a listed model in llm's terms.
func modelOf(m modelInfo) llm.ModelInfo {
	mi := llm.ModelInfo{Name: m.ID, DisplayName: m.DisplayName, Tools: true, ContextLength: m.MaxInputTokens}
	if mi.DisplayName == "" {
		mi.DisplayName = m.ID
	}
	if m.Capabilities != nil {
		mi.Vision = m.Capabilities.ImageInput.Supported
		mi.Thinking = m.Capabilities.Thinking.Supported
	} else {
		// Older API versions list no capabilities: every Claude 3+
		// model reads images; thinking came with 3.7 and the 4 family.
		mi.Vision = true
		mi.Thinking = strings.Contains(m.ID, "3-7") || strings.Contains(m.ID, "-4")
	}
	return mi
}

// Embed is not offered by Anthropic.
func (p *Provider) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	return nil, apperr.Wrap(llm.ErrNotSupported, apperr.Invalid, "Anthropic has no embedding models; choose another provider for embeddings")
}
