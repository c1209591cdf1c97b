package anthropic

import (
	"errors"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// A JSON answer is refused before anything is sent, naming the parameter
// and the provider: prose would break the client that asked.
func TestResponseFormatRefused(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	req := hello("fake-chat")
	req.ResponseFormat = &llm.ResponseFormat{Type: llm.FormatJSONObject}
	c := chat(t, newProvider(t, srv, func(o *Options) { o.Name = "Work Claude" }), req)
	var ue *llm.UnsupportedError
	if !errors.As(c.err, &ue) || ue.Param != "response_format" || ue.Provider != "Work Claude" || apperr.CodeOf(c.err) != apperr.Invalid {
		t.Fatalf("err %v, want an UnsupportedError for response_format", c.err)
	}
	if calls := srv.CallsTo(llmtest.EndpointChat); len(calls) != 0 {
		t.Fatalf("%d chat requests sent", len(calls))
	}
}

// The sampling hints the Messages API lacks are left out (the fake, like
// the API, refuses fields it does not know).
func TestSamplingHintsLeftOut(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	req := hello("fake-chat")
	req.Params = llm.Params{MaxTokens: 100, Seed: ptr(int64(7)), PresencePenalty: ptr(1.0), FrequencyPenalty: ptr(1.0), LogitBias: map[int]int{1: 1}}
	if c := chat(t, newProvider(t, srv, nil), req); c.err != nil {
		t.Fatal(c.err)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	for _, f := range []string{"seed", "presence_penalty", "frequency_penalty", "logit_bias"} {
		if call.BodyField(f) != nil {
			t.Errorf("%s sent: %s", f, call.Body)
		}
	}
}
