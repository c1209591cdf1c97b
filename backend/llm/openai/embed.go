package openai

import (
	"context"
	"errors"
	"fmt"

	goopenai "github.com/sashabaranov/go-openai"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

// embedBatch bounds one request: providers cap inputs per call (OpenAI at
// 2048, others lower), and smaller requests fail and retry cheaper.
const embedBatch = 256

// Embed returns one vector per text, in input order.
func (p *Provider) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += embedBatch {
		batch := texts[start:min(start+embedBatch, len(texts))]
		tctx, info := httpx.Track(ctx)
		res, err := p.client.CreateEmbeddings(tctx, goopenai.EmbeddingRequestStrings{Input: batch, Model: goopenai.EmbeddingModel(model)})
		if err != nil {
			return nil, p.ep.Err(embedErr(ctx, err, info), model)
		}
		if len(res.Data) != len(batch) {
			return nil, p.ep.Err(llm.Malformed(fmt.Sprintf("%d embeddings for %d texts", len(res.Data), len(batch)), nil), model)
		}
		vecs := make([][]float32, len(batch))
		for _, d := range res.Data {
			if d.Index < 0 || d.Index >= len(vecs) || vecs[d.Index] != nil {
				return nil, p.ep.Err(llm.Malformed(fmt.Sprintf("embedding index %d", d.Index), nil), model)
			}
			vecs[d.Index] = d.Embedding
		}
		out = append(out, vecs...)
	}
	return out, nil
}

// embedErr turns go-openai's errors into llm.StatusError, adding the
// Retry-After that go-openai does not keep.
func embedErr(ctx context.Context, err error, info *httpx.Info) error {
	var apiErr *goopenai.APIError
	var reqErr *goopenai.RequestError
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("embed: %w", ctx.Err())
	case errors.As(err, &apiErr):
		return &llm.StatusError{Status: apiErr.HTTPStatusCode, Type: apiErr.Type, Message: apiErr.Message, RetryAfter: info.RetryAfter()}
	case errors.As(err, &reqErr):
		se := httpx.ParseErrorBody(reqErr.Body)
		se.Status, se.RetryAfter = reqErr.HTTPStatusCode, info.RetryAfter()
		return se
	}
	return err
}
