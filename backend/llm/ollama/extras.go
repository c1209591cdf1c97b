package ollama

import (
	"encoding/json"

	"github.com/ollama/ollama/api"

	"bookbag/backend/llm"
)

// extras sets what only the local API asks for: the answer's format
// ("json", or the schema itself for json_schema) and the sampling hints
// Ollama takes as options. It has no logit bias (llm.SupportedExtras).
func extras(creq *api.ChatRequest, req llm.ChatRequest) {
	if rf := req.ResponseFormat; rf != nil {
		if rf.Type == llm.FormatJSONSchema {
			creq.Format = rf.Schema
		} else {
			creq.Format = json.RawMessage(`"json"`)
		}
	}
	pr := req.Params
	if pr.Seed != nil {
		creq.Options["seed"] = *pr.Seed
	}
	if pr.PresencePenalty != nil {
		creq.Options["presence_penalty"] = *pr.PresencePenalty
	}
	if pr.FrequencyPenalty != nil {
		creq.Options["frequency_penalty"] = *pr.FrequencyPenalty
	}
}
