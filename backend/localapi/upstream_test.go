package localapi

import (
	"strings"
	"testing"

	"bookbag/backend/llm/llmtest"
)

// A provider's refusal reaches the client as a gateway passes it on: the
// status it can act on, the provider's Retry-After, and words naming the
// provider. Before, every upstream 5xx (an overload included) was a 502
// without the Retry-After, and an overload inside a stream a 502 too.
func TestProviderErrorsPassedOn(t *testing.T) {
	h := newHarness(t, Limits{})
	const body = `{"model":"lmstudio:fake-chat","stream":%s,"messages":[{"role":"user","content":"x"}]}`
	cases := []struct {
		name        string
		script      llmtest.Script
		status      int
		retry, code string
		says        string
	}{
		{"rate limit", llmtest.Script{Status: 429, RetryAfter: "7", ErrorMessage: "slow down"}, 429, "7", "rate_limit_exceeded", "slow down"},
		{"overloaded", llmtest.Script{Status: 503, RetryAfter: "20", ErrorMessage: "busy"}, 503, "20", "provider_overloaded", "LM Studio"},
		{"overloaded (529)", llmtest.Script{Status: 529, ErrorMessage: "overloaded"}, 503, "", "provider_overloaded", "LM Studio is overloaded"},
		{"overloaded in the stream", llmtest.Script{Fault: llmtest.FaultStreamError, ErrorType: "overloaded_error", ErrorMessage: "Overloaded",
			Text: llmtest.Words("a b")}, 503, "", "provider_overloaded", "LM Studio is overloaded"},
		{"timeout", llmtest.Script{Status: 504, ErrorMessage: "gateway timeout"}, 504, "", "provider_timeout", "LM Studio timed out"},
		{"server error", llmtest.Script{Status: 500, RetryAfter: "3", ErrorMessage: "boom"}, 502, "3", "", "LM Studio had a server error (500): boom"},
		{"upstream key", llmtest.Script{Status: 401, ErrorMessage: "bad key"}, 502, "", "", "LM Studio needs an API key"},
		{"bad request", llmtest.Script{Status: 400, ErrorMessage: "context too long"}, 400, "", "", "context too long"},
	}
	for _, c := range cases {
		for _, stream := range []string{"false", "true"} {
			h.fake.PushChat(c.script)
			resp, got := h.do("POST", "/v1/chat/completions", h.token, strings.Replace(body, "%s", stream, 1))
			e := errorOf(t, got)
			code, _ := e["code"].(string)
			msg, _ := e["message"].(string)
			if resp.StatusCode != c.status || resp.Header.Get("Retry-After") != c.retry || code != c.code || !strings.Contains(msg, c.says) {
				t.Errorf("%s (stream %s): %d Retry-After %q %s", c.name, stream, resp.StatusCode, resp.Header.Get("Retry-After"), got)
			}
		}
	}
}
