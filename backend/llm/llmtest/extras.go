package llmtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The answer's format and the sampling hints of a chat request, recorded
// and held to each API's rules with its error texts: OpenAI's
// response_format types, json_schema's name and object schema, the word
// "json" in the messages for json_object, penalties in [-2, 2], logit_bias
// from token ids to [-100, 100]; Ollama's format "json" or a schema
// object; Anthropic's refusal of any field it does not know.

type openaiExtras struct {
	ResponseFormat   json.RawMessage `json:"response_format"`
	Seed             *int64          `json:"seed"`
	RandomSeed       *int64          `json:"random_seed"` // Mistral
	PresencePenalty  *float64        `json:"presence_penalty"`
	FrequencyPenalty *float64        `json:"frequency_penalty"`
	LogitBias        map[string]int  `json:"logit_bias"`
}

// parseOpenAIExtras records and checks them; c's messages are parsed.
func parseOpenAIExtras(c *Call) error {
	var x openaiExtras
	if err := json.Unmarshal(c.Body, &x); err != nil {
		return err
	}
	if !isNull(x.ResponseFormat) {
		c.ResponseFormat = x.ResponseFormat
	}
	c.Seed, c.SeedField = x.Seed, "seed"
	if x.RandomSeed != nil {
		c.Seed, c.SeedField = x.RandomSeed, "random_seed"
	}
	if c.Seed == nil {
		c.SeedField = ""
	}
	c.PresencePenalty, c.FrequencyPenalty, c.LogitBias = x.PresencePenalty, x.FrequencyPenalty, x.LogitBias
	for name, v := range map[string]*float64{"presence_penalty": x.PresencePenalty, "frequency_penalty": x.FrequencyPenalty} {
		switch {
		case v != nil && *v > 2:
			return badRequest(fmt.Sprintf("Invalid '%s': decimal above maximum value. Expected a value <= 2, but got %v instead.", name, *v))
		case v != nil && *v < -2:
			return badRequest(fmt.Sprintf("Invalid '%s': decimal below minimum value. Expected a value >= -2, but got %v instead.", name, *v))
		}
	}
	for k, v := range x.LogitBias {
		if _, err := strconv.Atoi(k); err != nil {
			return badRequest(fmt.Sprintf("Invalid key in 'logit_bias': %s. You should only be submitting non-negative integers.", k))
		}
		if v < -100 || v > 100 {
			return badRequest(fmt.Sprintf("Invalid value for 'logit_bias': %d. Expected a value between -100 and 100.", v))
		}
	}
	return checkOpenAIFormat(c)
}

func checkOpenAIFormat(c *Call) error {
	if c.ResponseFormat == nil {
		return nil
	}
	var rf struct {
		Type       string `json:"type"`
		JSONSchema *struct {
			Name   string          `json:"name"`
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	}
	if err := json.Unmarshal(c.ResponseFormat, &rf); err != nil {
		return badRequest("Invalid type for 'response_format': expected an object.")
	}
	switch rf.Type {
	case "text":
	case "json_object":
		if !strings.Contains(strings.ToLower(c.allText()), "json") {
			return badRequest("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.")
		}
	case "json_schema":
		switch {
		case rf.JSONSchema == nil:
			return badRequest("Missing required parameter: 'response_format.json_schema'.")
		case rf.JSONSchema.Name == "":
			return badRequest("Missing required parameter: 'response_format.json_schema.name'.")
		case !isNull(rf.JSONSchema.Schema) && !isObject(rf.JSONSchema.Schema):
			return badRequest("Invalid type for 'response_format.json_schema.schema': expected an object.")
		}
	default:
		return badRequest(fmt.Sprintf("Invalid value: '%s'. Supported values are: 'json_object', 'json_schema', and 'text'.", rf.Type))
	}
	return nil
}

// parseOllamaExtras records format and the options' hints.
func parseOllamaExtras(c *Call, format json.RawMessage, options map[string]any) error {
	if !isNull(format) {
		c.ResponseFormat = format
		if !isObject(format) && string(bytes.TrimSpace(format)) != `"json"` {
			return fmt.Errorf(`invalid format: expected "json" or a valid JSON schema`)
		}
	}
	num := func(k string) *float64 {
		if v, ok := options[k].(float64); ok {
			return &v
		}
		return nil
	}
	if v := num("seed"); v != nil {
		s := int64(*v)
		c.Seed, c.SeedField = &s, "seed"
	}
	c.PresencePenalty, c.FrequencyPenalty = num("presence_penalty"), num("frequency_penalty")
	return nil
}

// anthropicFields are the Messages API's request fields; it answers 400 to
// any other.
var anthropicFields = []string{"model", "messages", "max_tokens", "system", "metadata", "stop_sequences", "stream",
	"temperature", "top_k", "top_p", "tools", "tool_choice", "thinking", "output_config", "service_tier",
	"container", "mcp_servers", "context_management"}

func checkAnthropicFields(body []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if !slices.Contains(anthropicFields, k) {
			return badRequest(k + ": Extra inputs are not permitted")
		}
	}
	return nil
}

func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}
