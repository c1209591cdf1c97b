package ollama

import (
	"context"
	"fmt"
	"strings"

	"github.com/ollama/ollama/api"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
)

// Models lists the local models with their capabilities (one /api/show per
// model, which also refreshes the cache chat requests use).
func (p *Provider) Models(ctx context.Context) ([]llm.ModelInfo, error) {
	tctx, info := trackCtx(ctx)
	list, err := p.client.List(tctx)
	if err != nil {
		return nil, p.ep.Err(p.convert(ctx, err, info), "")
	}
	out := make([]llm.ModelInfo, 0, len(list.Models))
	for _, m := range list.Models {
		mi := llm.ModelInfo{Name: m.Name, DisplayName: m.Name, SizeBytes: m.Size}
		s, err := p.showModel(ctx, m.Name, true)
		if err != nil {
			if ctx.Err() != nil {
				return nil, p.ep.Err(err, "")
			}
			out = append(out, mi) // listed but not describable: keep it, capabilities unknown
			continue
		}
		mi.Vision, mi.Thinking, mi.Tools, mi.Embedding = s.has("vision"), s.has("thinking"), s.has("tools"), s.has("embedding")
		mi.ContextLength = s.contextLen
		if mi.Embedding {
			mi.Dimensions = s.embedLen
		}
		out = append(out, mi)
	}
	return out, nil
}

// embedBatch bounds one /api/embed request.
const embedBatch = 256

// Embed returns one vector per text, in order.
func (p *Provider) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += embedBatch {
		batch := texts[start:min(start+embedBatch, len(texts))]
		tctx, info := trackCtx(ctx)
		resp, err := p.client.Embed(tctx, &api.EmbedRequest{Model: model, Input: batch})
		if err != nil {
			return nil, p.ep.Err(p.convert(ctx, err, info), model)
		}
		if len(resp.Embeddings) != len(batch) {
			return nil, p.ep.Err(llm.Malformed(fmt.Sprintf("%d embeddings for %d texts", len(resp.Embeddings), len(batch)), nil), model)
		}
		out = append(out, resp.Embeddings...)
	}
	return out, nil
}

// Pull downloads a model, reporting progress until "success". Cancelling
// ctx stops the download (Ollama keeps the finished layers for next time).
func (p *Provider) Pull(ctx context.Context, model string, progress func(llm.PullProgress)) error {
	defer p.forget(model)
	tctx, info := trackCtx(ctx)
	success := false
	err := p.client.Pull(tctx, &api.PullRequest{Model: model}, func(r api.ProgressResponse) error {
		pp := llm.PullProgress{Status: r.Status, Digest: r.Digest, Total: r.Total, Completed: r.Completed}
		if r.Total > 0 {
			pp.Percent = 100 * float64(r.Completed) / float64(r.Total)
		}
		if r.Status == "success" {
			success = true
		}
		if progress != nil {
			progress(pp)
		}
		return nil
	})
	if err != nil {
		err = p.convert(ctx, err, info)
		var se *llm.StatusError
		if asStatus(err, &se) && strings.Contains(se.Message, "file does not exist") {
			// Through Err first, which redacts the key from the server's text.
			return apperr.Wrap(p.ep.Err(err, model), apperr.NotFound, "the Ollama library has no model named %q", model)
		}
		return p.ep.Err(err, model)
	}
	if !success {
		return p.ep.Err(p.unfinished(ctx, info), model)
	}
	return nil
}

// Delete removes a local model.
func (p *Provider) Delete(ctx context.Context, model string) error {
	defer p.forget(model)
	tctx, info := trackCtx(ctx)
	if err := p.client.Delete(tctx, &api.DeleteRequest{Model: model}); err != nil {
		return p.ep.Err(p.convert(ctx, err, info), model)
	}
	return nil
}
