package openai

import (
	"errors"
	"maps"
	"testing"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// wantFields holds the exact JSON each field must have been sent with; nil
// means the field must be absent.
type wantFields map[string]string

func checkFields(t *testing.T, c llmtest.Call, want wantFields) {
	t.Helper()
	for name, w := range want {
		got := c.BodyField(name)
		switch {
		case w == "" && got != nil:
			t.Errorf("%s sent as %s, want it left out", name, got)
		case w != "" && !llmtest.SameJSON(got, []byte(w)):
			t.Errorf("%s sent as %s, want %s", name, got, w)
		}
	}
}

func TestExtrasOnTheWire(t *testing.T) {
	srv := llmtest.Start(t)
	all := llm.Params{Seed: ptr(int64(0)), PresencePenalty: ptr(0.5), FrequencyPenalty: ptr(-0.25), LogitBias: map[int]int{50256: -100, 13: 5}}
	schema := `{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`
	sent := wantFields{"seed": "0", "presence_penalty": "0.5", "frequency_penalty": "-0.25", "logit_bias": `{"13":5,"50256":-100}`, "random_seed": ""}
	cases := []struct {
		name, preset, model string
		params              llm.Params
		format              *llm.ResponseFormat
		want                wantFields
	}{
		{"all as given, a json schema", llm.PresetOpenAI, "gpt-4o", all,
			&llm.ResponseFormat{Type: llm.FormatJSONSchema, Name: "person", Description: "who", Schema: []byte(schema), Strict: ptr(true)},
			merge(sent, wantFields{"response_format": `{"type":"json_schema","json_schema":{"name":"person","description":"who","schema":` + schema + `,"strict":true}}`})},
		{"json object", llm.PresetOpenAI, "gpt-4o", llm.Params{}, &llm.ResponseFormat{Type: llm.FormatJSONObject},
			wantFields{"response_format": `{"type":"json_object"}`, "seed": ""}},
		{"absent fields are left out", llm.PresetOpenAI, "gpt-4o", llm.Params{}, nil,
			wantFields{"response_format": "", "seed": "", "random_seed": "", "presence_penalty": "", "frequency_penalty": "", "logit_bias": ""}},
		{"mistral names the seed random_seed and takes no logit bias", llm.PresetMistral, "mistral-small-latest", all, nil,
			wantFields{"seed": "", "random_seed": "0", "presence_penalty": "0.5", "frequency_penalty": "-0.25", "logit_bias": ""}},
		{"groq takes no logit bias", llm.PresetGroq, "llama-3.3-70b", all, nil,
			wantFields{"seed": "0", "presence_penalty": "0.5", "logit_bias": ""}},
		{"gemini takes no logit bias", llm.PresetGemini, "gemini-2.5-flash", all, nil,
			wantFields{"seed": "0", "frequency_penalty": "-0.25", "logit_bias": ""}},
		{"openai reasoning models take no penalties or bias", llm.PresetOpenAI, "o3-mini", all, nil,
			wantFields{"seed": "0", "presence_penalty": "", "frequency_penalty": "", "logit_bias": ""}},
		{"xai reasoning models take no penalties", llm.PresetXAI, "grok-4-fast-reasoning", all, nil,
			wantFields{"seed": "0", "presence_penalty": "", "frequency_penalty": "", "logit_bias": `{"13":5,"50256":-100}`}},
		{"other xai models take them", llm.PresetXAI, "grok-3", all, nil, sent},
		{"local servers take them all", llm.PresetVLLM, "qwen3", all, nil, sent},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv.PushChat(llmtest.Script{Text: []string{"{}"}})
			p := newProvider(t, srv, func(o *Options) { o.Preset = tc.preset })
			req := llm.ChatRequest{Model: tc.model, Messages: []llm.Message{{Role: "user", Content: "Answer in JSON."}},
				Params: tc.params, ResponseFormat: tc.format}
			if c := chat(t, p, req); c.err != nil {
				t.Fatal(c.err)
			}
			call, _ := srv.LastCall(llmtest.EndpointChat)
			checkFields(t, call, tc.want)
		})
	}
}

// The server's refusal of a format reaches the caller; nothing is
// swallowed into a prose answer.
func TestFormatRefusedByServer(t *testing.T) {
	srv := llmtest.Start(t)
	req := llm.ChatRequest{Model: "gpt-4o", Messages: []llm.Message{{Role: "user", Content: "Hello?"}},
		ResponseFormat: &llm.ResponseFormat{Type: llm.FormatJSONObject}}
	c := chat(t, newProvider(t, srv, nil), req)
	var se *llm.StatusError
	if !errors.As(c.err, &se) || se.Status != 400 {
		t.Fatalf("err %v, want the server's 400", c.err)
	}
}

func merge(a, b wantFields) wantFields {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}
