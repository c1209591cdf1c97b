package localapi

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
)

// The answer's format and the sampling hints, from a client to the
// provider's wire, and the answers where they cannot go.

// addModel offers ref, a model of the harness's fake behind another
// protocol's adapter.
func (h *harness) addModel(ref, preset, url, owner string) {
	h.t.Helper()
	client, err := provider.New(provider.Config{Preset: preset, Name: owner, BaseURL: url, APIKey: "k"})
	if err != nil {
		h.t.Fatal(err)
	}
	ms := h.wss.models
	ms.models = append(ms.models, Model{Ref: ref, Name: "fake-chat", Owner: owner})
	if ms.clients == nil {
		ms.clients = map[string]llm.Provider{}
	}
	ms.clients[ref] = client
}

func sentField(t *testing.T, c llmtest.Call, name, want string) {
	t.Helper()
	got := c.BodyField(name)
	if (want == "" && got != nil) || (want != "" && !llmtest.SameJSON(got, []byte(want))) {
		t.Errorf("%s reached the provider as %s, want %q", name, got, want)
	}
}

func TestExtrasReachOpenAIProvider(t *testing.T) {
	h := newHarness(t, Limits{})
	c := h.client(h.token)
	schema := map[string]any{"type": "object", "properties": map[string]any{"name": map[string]any{"type": "string"}}, "required": []string{"name"}}
	_, err := c.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    "lmstudio:fake-chat",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Who wrote it? Answer in JSON.")},
		ResponseFormat: openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONSchema: &shared.ResponseFormatJSONSchemaParam{
			JSONSchema: shared.ResponseFormatJSONSchemaJSONSchemaParam{Name: "person", Schema: schema, Strict: openai.Bool(true)}}},
		Seed:             openai.Int(42),
		PresencePenalty:  openai.Float(0.5),
		FrequencyPenalty: openai.Float(0),
		LogitBias:        map[string]int64{"50256": -100},
	})
	if err != nil {
		t.Fatal(err)
	}
	call, _ := h.fake.LastCall(llmtest.EndpointChat)
	sentField(t, call, "response_format", `{"type":"json_schema","json_schema":{"name":"person","strict":true,
		"schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}`)
	sentField(t, call, "seed", "42")
	sentField(t, call, "presence_penalty", "0.5")
	sentField(t, call, "frequency_penalty", "0")
	sentField(t, call, "logit_bias", `{"50256":-100}`)

	// Not asked: not sent (no "seed":0).
	if _, err := c.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model: "lmstudio:fake-chat", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}}); err != nil {
		t.Fatal(err)
	}
	call, _ = h.fake.LastCall(llmtest.EndpointChat)
	for _, f := range []string{"response_format", "seed", "presence_penalty", "frequency_penalty", "logit_bias"} {
		sentField(t, call, f, "")
	}
}

// A workspace's streamed answer takes them too, on top of its prompt.
func TestExtrasReachProviderForWorkspaceStream(t *testing.T) {
	h := newHarness(t, Limits{})
	resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"workspace:personal","stream":true,
		"response_format":{"type":"json_object"},"seed":7,
		"messages":[{"role":"user","content":"List the sources as JSON."}]}`)
	if resp.StatusCode != 200 || !strings.Contains(body, "data: [DONE]") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	call, _ := h.fake.LastCall(llmtest.EndpointChat)
	sentField(t, call, "response_format", `{"type":"json_object"}`)
	sentField(t, call, "seed", "7")
	if !strings.Contains(call.System, "You are the workspace 0001-personal") {
		t.Fatalf("not the workspace's request: %q", call.System)
	}
}

func TestExtrasReachOllama(t *testing.T) {
	h := newHarness(t, Limits{})
	h.addModel("ollama:fake-chat", llm.PresetOllama, h.fake.OllamaURL(), "Ollama")
	resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"ollama:fake-chat",
		"response_format":{"type":"json_schema","json_schema":{"name":"n","schema":{"type":"object"}}},
		"seed":3,"presence_penalty":-1,"frequency_penalty":1.5,"logit_bias":{"7":1},
		"messages":[{"role":"user","content":"hi"}]}`)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	call, _ := h.fake.LastCall(llmtest.EndpointChat)
	if call.Protocol != llmtest.Ollama {
		t.Fatalf("went to %s", call.Protocol)
	}
	sentField(t, call, "format", `{"type":"object"}`)
	sentField(t, call, "options", `{"num_ctx":8192,"seed":3,"presence_penalty":-1,"frequency_penalty":1.5}`)
}

// Anthropic has no JSON mode: a clear 400 naming the parameter and the
// provider, before anything is sent; the sampling hints it lacks are
// dropped, as OpenRouter drops them (docs/DECISIONS.md).
func TestAnthropicFormatRefused(t *testing.T) {
	h := newHarness(t, Limits{})
	h.addModel("anthropic:fake-chat", llm.PresetAnthropic, h.fake.AnthropicURL(), "Work Claude")
	c := h.client(h.token)
	for _, stream := range []bool{false, true} {
		params := openai.ChatCompletionNewParams{Model: "anthropic:fake-chat",
			Messages:       []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Answer in JSON.")},
			ResponseFormat: openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}}
		var err error
		if stream {
			s := c.Chat.Completions.NewStreaming(context.Background(), params)
			for s.Next() {
			}
			err = s.Err()
		} else {
			_, err = c.Chat.Completions.New(context.Background(), params)
		}
		var apiErr *openai.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Param != "response_format" || apiErr.Code != "unsupported_parameter" ||
			apiErr.Type != "invalid_request_error" || !strings.Contains(apiErr.Message, "Work Claude") || !strings.Contains(apiErr.Message, "Anthropic") {
			t.Fatalf("stream %v: %v", stream, err)
		}
	}
	if calls := h.fake.CallsTo(llmtest.EndpointChat); len(calls) != 0 {
		t.Fatalf("%d requests reached the provider", len(calls))
	}
	resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"anthropic:fake-chat","seed":1,"presence_penalty":1,
		"logit_bias":{"1":1},"response_format":{"type":"text"},"messages":[{"role":"user","content":"hi"}]}`)
	if resp.StatusCode != 200 {
		t.Fatalf("hints to Anthropic: %d %s", resp.StatusCode, body)
	}
}

func TestExtrasValidated(t *testing.T) {
	h := newHarness(t, Limits{})
	cases := []struct{ extra, param, says string }{
		{`"response_format":"json"`, "response_format", "must be an object"},
		{`"response_format":{"type":"xml"}`, "response_format.type", "Invalid value: 'xml'"},
		{`"response_format":{"type":"json_schema"}`, "response_format.json_schema", "Missing required parameter"},
		{`"response_format":{"type":"json_schema","json_schema":{"schema":{}}}`, "response_format.json_schema.name", "Missing required parameter"},
		{`"response_format":{"type":"json_schema","json_schema":{"name":"a b","schema":{}}}`, "response_format.json_schema.name", "letters, digits"},
		{`"response_format":{"type":"json_schema","json_schema":{"name":"a"}}`, "response_format.json_schema.schema", "Missing required parameter"},
		{`"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":"{}"}}`, "response_format.json_schema.schema", "JSON Schema object"},
		{`"seed":1.5`, "seed", "integer"},
		{`"seed":"1"`, "seed", "integer"},
		{`"presence_penalty":2.5`, "presence_penalty", "between -2 and 2"},
		{`"frequency_penalty":-3`, "frequency_penalty", "between -2 and 2"},
		{`"frequency_penalty":"high"`, "frequency_penalty", "a number"},
		{`"logit_bias":[1]`, "logit_bias", "an object"},
		{`"logit_bias":{"the":5}`, "logit_bias", "token ids"},
		{`"logit_bias":{"5":101}`, "logit_bias", "between -100 and 100"},
		{`"logit_bias":{"5":1.5}`, "logit_bias", "whole number"},
	}
	for _, tc := range cases {
		resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat",`+tc.extra+`,"messages":[{"role":"user","content":"hi"}]}`)
		e := errorOf(t, body)
		if resp.StatusCode != 400 || e["type"] != "invalid_request_error" || e["param"] != tc.param || !strings.Contains(e["message"].(string), tc.says) {
			t.Errorf("%s: %d %s", tc.extra, resp.StatusCode, body)
		}
	}
	if calls := h.fake.CallsTo(llmtest.EndpointChat); len(calls) != 0 {
		t.Fatalf("%d invalid requests reached the provider", len(calls))
	}
	// A Sources list appended to the text would break the JSON.
	resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"workspace:personal","bookbag":{"sources_in_text":true},
		"response_format":{"type":"json_object"},"messages":[{"role":"user","content":"json please"}]}`)
	if resp.StatusCode != 400 || errorOf(t, body)["param"] != "bookbag.sources_in_text" {
		t.Fatalf("sources in a JSON answer: %d %s", resp.StatusCode, body)
	}
}
