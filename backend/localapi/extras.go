package localapi

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"

	"bookbag/backend/llm"
)

// extras are a request's answer format and sampling hints, checked as
// OpenAI checks them. Each goes to the provider as given; an adapter
// leaves out a hint its provider is known to reject, and refuses a format
// it cannot give (llm.UnsupportedError, answered 400 by fromError).
type extras struct {
	format              *llm.ResponseFormat
	seed                *int64
	presence, frequency *float64
	logitBias           map[int]int
}

// schemaName is what OpenAI accepts as json_schema.name.
var schemaName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func readExtras(req chatRequest) (extras, *apiError) {
	var x extras
	var aerr *apiError
	if x.format, aerr = responseFormat(req.ResponseFormat); aerr != nil {
		return x, aerr
	}
	if !absent(req.Seed) {
		n, err := strconv.ParseInt(string(bytes.TrimSpace(req.Seed)), 10, 64)
		if err != nil {
			return x, invalid("seed", "seed must be an integer, got %s", req.Seed)
		}
		x.seed = &n
	}
	if x.presence, aerr = penalty("presence_penalty", req.PresencePenalty); aerr != nil {
		return x, aerr
	}
	if x.frequency, aerr = penalty("frequency_penalty", req.FrequencyPenalty); aerr != nil {
		return x, aerr
	}
	x.logitBias, aerr = logitBias(req.LogitBias)
	return x, aerr
}

// apply sets them on the request a model will get.
func (x extras) apply(r *llm.ChatRequest) {
	r.ResponseFormat = x.format
	p := &r.Params
	p.Seed, p.PresencePenalty, p.FrequencyPenalty, p.LogitBias = x.seed, x.presence, x.frequency, x.logitBias
}

func absent(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

// responseFormat reads response_format; text (the default) is nil.
func responseFormat(raw json.RawMessage) (*llm.ResponseFormat, *apiError) {
	if absent(raw) {
		return nil, nil
	}
	var rf struct {
		Type       string          `json:"type"`
		JSONSchema json.RawMessage `json:"json_schema"`
	}
	if !llm.IsJSONObject(raw) || json.Unmarshal(raw, &rf) != nil {
		return nil, invalid("response_format", `response_format must be an object such as {"type":"json_object"}`)
	}
	switch rf.Type {
	case "text":
		return nil, nil
	case llm.FormatJSONObject:
		return &llm.ResponseFormat{Type: llm.FormatJSONObject}, nil
	case llm.FormatJSONSchema:
		return jsonSchema(rf.JSONSchema)
	}
	return nil, invalid("response_format.type", "Invalid value: '%s'. Supported values are: 'text', 'json_object' and 'json_schema'.", rf.Type)
}

func jsonSchema(raw json.RawMessage) (*llm.ResponseFormat, *apiError) {
	const param = "response_format.json_schema"
	var js struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Schema      json.RawMessage `json:"schema"`
		Strict      *bool           `json:"strict"`
	}
	if absent(raw) {
		return nil, invalid(param, "Missing required parameter: '%s'.", param)
	}
	if !llm.IsJSONObject(raw) {
		return nil, invalid(param, "%s must be an object with a name and a schema", param)
	}
	if err := json.Unmarshal(raw, &js); err != nil {
		return nil, invalid(param, "%s: %v", param, err)
	}
	switch {
	case js.Name == "":
		return nil, invalid(param+".name", "Missing required parameter: '%s.name'.", param)
	case !schemaName.MatchString(js.Name):
		return nil, invalid(param+".name", "%s.name must be 1 to 64 letters, digits, underscores or dashes, got %q", param, js.Name)
	case absent(js.Schema):
		return nil, invalid(param+".schema", "Missing required parameter: '%s.schema'.", param)
	case !llm.IsJSONObject(js.Schema):
		return nil, invalid(param+".schema", "%s.schema must be a JSON Schema object", param)
	}
	return &llm.ResponseFormat{Type: llm.FormatJSONSchema, Name: js.Name, Description: js.Description,
		Schema: append(json.RawMessage(nil), js.Schema...), Strict: js.Strict}, nil
}

// penalty reads a presence or frequency penalty: a number in [-2, 2].
func penalty(param string, raw json.RawMessage) (*float64, *apiError) {
	if absent(raw) {
		return nil, nil
	}
	var v float64
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, invalid(param, "%s must be a number, got %s", param, raw)
	}
	if v < -2 || v > 2 {
		return nil, invalid(param, "%s must be between -2 and 2, got %v", param, v)
	}
	return &v, nil
}

// logitBias reads logit_bias: token ids to whole biases in [-100, 100].
func logitBias(raw json.RawMessage) (map[int]int, *apiError) {
	if absent(raw) {
		return nil, nil
	}
	var m map[string]json.Number
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, invalid("logit_bias", "logit_bias must be an object from token ids to numbers")
	}
	out := make(map[int]int, len(m))
	for k, v := range m {
		id, err := strconv.Atoi(k)
		if err != nil || id < 0 {
			return nil, invalid("logit_bias", "logit_bias keys must be token ids (non-negative integers), got %q", k)
		}
		b, err := strconv.Atoi(v.String())
		if err != nil || b < -100 || b > 100 {
			return nil, invalid("logit_bias", "the bias of token %s must be a whole number between -100 and 100, got %s", k, v)
		}
		out[id] = b
	}
	return out, nil
}
