package openai

import (
	"encoding/json"

	"bookbag/backend/llm"
)

type responseFormat struct {
	Type       string      `json:"type"`
	JSONSchema *jsonSchema `json:"json_schema,omitempty"`
}

type jsonSchema struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Schema      json.RawMessage `json:"schema"`
	Strict      *bool           `json:"strict,omitempty"`
}

// extras sets the fields only the local API asks for: the answer's format
// and the sampling hints, leaving out the hints the preset and model are
// known to reject (llm.SupportedExtras). The format always goes: a server
// that cannot honour it says so, and that error reaches the caller.
func (p *Provider) extras(b *chatBody, req llm.ChatRequest) {
	if rf := req.ResponseFormat; rf != nil {
		b.ResponseFormat = &responseFormat{Type: rf.Type}
		if rf.Type == llm.FormatJSONSchema {
			b.ResponseFormat.JSONSchema = &jsonSchema{Name: rf.Name, Description: rf.Description, Schema: rf.Schema, Strict: rf.Strict}
		}
	}
	pr := req.Params
	es := llm.SupportedExtras(p.preset, req.Model)
	if es.Seed {
		if p.preset == llm.PresetMistral {
			b.RandomSeed = pr.Seed
		} else {
			b.Seed = pr.Seed
		}
	}
	if es.Penalties {
		b.PresencePenalty, b.FrequencyPenalty = pr.PresencePenalty, pr.FrequencyPenalty
	}
	if es.LogitBias && len(pr.LogitBias) > 0 {
		b.LogitBias = pr.LogitBias
	}
}
