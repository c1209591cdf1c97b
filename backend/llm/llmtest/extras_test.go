package llmtest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// The fakes hold requests to each API's rules for the answer's format and
// the sampling hints, and record what passed.
func TestExtrasChecked(t *testing.T) {
	srv := Start(t)
	msgs := `"messages":[{"role":"user","content":"Answer in JSON."}]`
	cases := []struct {
		name, path, body string
		status           int
		says             string
	}{
		{"openai format type", "/openai/v1/chat/completions", `{"model":"fake-chat",` + msgs + `,"response_format":{"type":"xml"}}`, 400, "Invalid value: 'xml'"},
		{"openai schema needs a name", "/openai/v1/chat/completions", `{"model":"fake-chat",` + msgs + `,"response_format":{"type":"json_schema","json_schema":{"schema":{}}}}`, 400, "response_format.json_schema.name"},
		{"openai schema is an object", "/openai/v1/chat/completions", `{"model":"fake-chat",` + msgs + `,"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":[1]}}}`, 400, "expected an object"},
		{"openai json object needs the word", "/openai/v1/chat/completions", `{"model":"fake-chat","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}}`, 400, "must contain the word 'json'"},
		{"openai penalty range", "/openai/v1/chat/completions", `{"model":"fake-chat",` + msgs + `,"presence_penalty":2.5}`, 400, "decimal above maximum value"},
		{"openai logit bias key", "/openai/v1/chat/completions", `{"model":"fake-chat",` + msgs + `,"logit_bias":{"the":5}}`, 400, "Invalid key in 'logit_bias'"},
		{"openai logit bias value", "/openai/v1/chat/completions", `{"model":"fake-chat",` + msgs + `,"logit_bias":{"5":101}}`, 400, "between -100 and 100"},
		{"openai seed is an integer", "/openai/v1/chat/completions", `{"model":"fake-chat",` + msgs + `,"seed":1.5}`, 400, "seed"},
		{"openai all fine", "/openai/v1/chat/completions", `{"model":"fake-chat",` + msgs + `,"response_format":{"type":"json_object"},"seed":3,"frequency_penalty":-2,"logit_bias":{"5":-100}}`, 200, ""},
		{"ollama format", "/ollama/api/chat", `{"model":"fake-chat",` + msgs + `,"format":"xml"}`, 400, "or a valid JSON schema"},
		{"ollama all fine", "/ollama/api/chat", `{"model":"fake-chat",` + msgs + `,"stream":false,"format":{"type":"object"},"options":{"seed":3,"presence_penalty":1}}`, 200, ""},
		{"anthropic unknown field", "/anthropic/v1/messages", `{"model":"fake-chat","max_tokens":10,` + msgs + `,"response_format":{"type":"json_object"}}`, 400, "response_format: Extra inputs are not permitted"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+tc.path, "application/json", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.says) {
				t.Fatalf("%d %s, want %d saying %q", resp.StatusCode, b, tc.status, tc.says)
			}
		})
	}
	calls := srv.CallsTo(EndpointChat)
	oa, ol := calls[len(calls)-4], calls[len(calls)-2]
	if !SameJSON(oa.ResponseFormat, []byte(`{"type":"json_object"}`)) || *oa.Seed != 3 || oa.SeedField != "seed" ||
		*oa.FrequencyPenalty != -2 || oa.PresencePenalty != nil || oa.LogitBias["5"] != -100 {
		t.Fatalf("openai call recorded %+v", oa)
	}
	if !SameJSON(ol.ResponseFormat, []byte(`{"type":"object"}`)) || *ol.Seed != 3 || *ol.PresencePenalty != 1 || ol.FrequencyPenalty != nil {
		t.Fatalf("ollama call recorded %+v", ol)
	}
}
