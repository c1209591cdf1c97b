package openai

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

// modelList reads /models with the extras some servers add: OpenRouter's
// context_length, architecture and supported_parameters, vLLM's
// max_model_len, llama.cpp's meta.n_ctx_train.
type modelList struct {
	Data []struct {
		ID            string `json:"id"`
		Name          string `json:"name"`
		ContextLength int    `json:"context_length"`
		MaxModelLen   int    `json:"max_model_len"`
		Architecture  *struct {
			InputModalities []string `json:"input_modalities"`
		} `json:"architecture"`
		SupportedParameters []string `json:"supported_parameters"`
		Meta                *struct {
			NCtxTrain int `json:"n_ctx_train"`
		} `json:"meta"`
	} `json:"data"`
}

// Models lists the server's models, with capabilities from the server's
// extras where present and from the model name otherwise.
func (p *Provider) Models(ctx context.Context) ([]llm.ModelInfo, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/models", nil)
	if err != nil {
		return nil, p.ep.Err(fmt.Errorf("build models request: %w", err), "")
	}
	p.newRequest(req)
	resp, err := p.hc.Do(req)
	if err != nil {
		return nil, p.ep.Err(ctxErr(ctx, err), "")
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, p.ep.Err(httpx.StatusError(resp), "")
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, p.ep.Err(ctxErr(ctx, err), "")
	}
	var list modelList
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, p.ep.Err(llm.Malformed("model list", err), "")
	}
	out := make([]llm.ModelInfo, 0, len(list.Data))
	for _, d := range list.Data {
		id := d.ID
		if p.preset == llm.PresetGemini {
			id = strings.TrimPrefix(id, "models/") // Gemini lists models/x but chats with x
		}
		if id == "" {
			continue
		}
		mi := guessCaps(id, p.preset)
		mi.DisplayName = id
		if d.Name != "" {
			mi.DisplayName = d.Name
		}
		mi.ContextLength = max(d.ContextLength, d.MaxModelLen)
		if d.Meta != nil && mi.ContextLength == 0 {
			mi.ContextLength = d.Meta.NCtxTrain
		}
		if d.Architecture != nil {
			mi.Vision = slices.Contains(d.Architecture.InputModalities, "image")
		}
		if d.SupportedParameters != nil {
			mi.Thinking = slices.Contains(d.SupportedParameters, "reasoning") || slices.Contains(d.SupportedParameters, "include_reasoning")
			mi.Tools = slices.Contains(d.SupportedParameters, "tools")
		}
		out = append(out, mi)
	}
	return out, nil
}

// Known embedding sizes: /models does not say them.
var embeddingDims = map[string]int{
	"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536,
	"mistral-embed": 1024, "nomic-embed-text": 768, "gemini-embedding-001": 3072, "text-embedding-004": 768,
	"mxbai-embed-large": 1024, "all-minilm": 384, "bge-m3": 1024,
}

// guessCaps infers capabilities from a model's name, for servers whose
// /models lists only ids. Wrong guesses cost little: the UI lets a person
// correct them, and a provider answers clearly when a model lacks one.
func guessCaps(id, preset string) llm.ModelInfo {
	n := strings.ToLower(id)
	if i := strings.LastIndexByte(n, '/'); i >= 0 {
		n = n[i+1:]
	}
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(n, s) {
				return true
			}
		}
		return false
	}
	mi := llm.ModelInfo{Name: id}
	if has("embed", "bge-", "minilm") {
		mi.Embedding = true
		for k, d := range embeddingDims {
			if strings.HasPrefix(n, k) {
				mi.Dimensions = d
			}
		}
		return mi
	}
	mi.Vision = has("gpt-4o", "gpt-4.1", "gpt-4-turbo", "gpt-5", "vision", "-vl", "llava", "pixtral", "gemini", "claude", "grok-4", "llama-4", "gemma-3", "gemma3", "mistral-small", "mistral-medium") ||
		(llm.IsOpenAIReasoningModel(n) && !has("mini", "o1-preview"))
	mi.Thinking = llm.IsOpenAIReasoningModel(n) || has("reason", "-r1", "qwq", "think", "grok-3-mini", "grok-4", "magistral", "gpt-oss", "qwen3", "gemini-2.5")
	cloud := true
	if pr, ok := llm.PresetByID(preset); ok && pr.Local {
		cloud = false
	}
	mi.Tools = cloud && !has("tts", "whisper", "dall-e", "moderation", "davinci", "babbage")
	return mi
}
