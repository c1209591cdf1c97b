package ollama

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ollama/ollama/api"
)

// showInfo is what /api/show says about a model that this package uses.
type showInfo struct {
	caps       []string
	contextLen int
	embedLen   int
}

func (s showInfo) has(c string) bool { return slices.Contains(s.caps, c) }

// showModel returns the model's capabilities, from the cache unless fresh.
func (p *Provider) showModel(ctx context.Context, model string, fresh bool) (showInfo, error) {
	key := strings.TrimSuffix(model, ":latest")
	if !fresh {
		p.mu.Lock()
		s, ok := p.show[key]
		p.mu.Unlock()
		if ok {
			return s, nil
		}
	}
	tctx, info := trackCtx(ctx)
	resp, err := p.client.Show(tctx, &api.ShowRequest{Model: model})
	if err != nil {
		return showInfo{}, p.convert(ctx, err, info)
	}
	s := showInfo{}
	for _, c := range resp.Capabilities {
		s.caps = append(s.caps, string(c))
	}
	// model_info keys are "<architecture>.context_length" and so on.
	arch, _ := resp.ModelInfo["general.architecture"].(string)
	s.contextLen = intOf(resp.ModelInfo[arch+".context_length"])
	s.embedLen = intOf(resp.ModelInfo[arch+".embedding_length"])
	p.mu.Lock()
	p.show[key] = s
	p.mu.Unlock()
	return s, nil
}

func (p *Provider) forget(model string) {
	p.mu.Lock()
	delete(p.show, strings.TrimSuffix(model, ":latest"))
	p.mu.Unlock()
}

func intOf(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	case int64:
		return int(n)
	case string:
		var i int
		_, _ = fmt.Sscan(n, &i)
		return i
	}
	return 0
}
