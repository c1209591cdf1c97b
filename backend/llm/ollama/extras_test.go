package ollama

import (
	"testing"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

func TestExtrasOnTheWire(t *testing.T) {
	srv := llmtest.Start(t)
	schema := `{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`
	cases := []struct {
		name         string
		params       llm.Params
		rf           *llm.ResponseFormat
		format, opts string // the exact JSON sent; format "" must be absent
	}{
		{"json object is format json, hints are options", llm.Params{Seed: ptr(int64(42)), PresencePenalty: ptr(0.5), FrequencyPenalty: ptr(0.0)},
			&llm.ResponseFormat{Type: llm.FormatJSONObject}, `"json"`, `{"num_ctx":8192,"seed":42,"presence_penalty":0.5,"frequency_penalty":0}`},
		{"json schema is the schema itself", llm.Params{Temperature: ptr(0.0)},
			&llm.ResponseFormat{Type: llm.FormatJSONSchema, Name: "person", Schema: []byte(schema)}, schema, `{"num_ctx":8192,"temperature":0}`},
		// num_ctx is always sent: llm.OllamaContext when the request sets none.
		{"logit bias has no option", llm.Params{LogitBias: map[int]int{13: 5}}, nil, "", `{"num_ctx":8192}`},
		{"absent fields are left out", llm.Params{}, nil, "", `{"num_ctx":8192}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := hello("fake-chat")
			req.Params, req.ResponseFormat = tc.params, tc.rf
			if c := chat(t, newProvider(t, srv, nil), req); c.err != nil {
				t.Fatal(c.err)
			}
			call, _ := srv.LastCall(llmtest.EndpointChat)
			if got := call.BodyField("format"); (tc.format == "" && got != nil) || (tc.format != "" && !llmtest.SameJSON(got, []byte(tc.format))) {
				t.Errorf("format sent as %s, want %q", got, tc.format)
			}
			if got := call.BodyField("options"); !llmtest.SameJSON(got, []byte(tc.opts)) {
				t.Errorf("options sent as %s, want %s", got, tc.opts)
			}
		})
	}
}
