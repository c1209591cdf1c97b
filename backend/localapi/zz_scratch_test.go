package localapi

import (
	"testing"

	"bookbag/backend/llm/llmtest"
)

func TestScratchCut(t *testing.T) {
	h := newHarness(t, Limits{})
	for _, f := range []llmtest.Fault{llmtest.FaultCut, llmtest.FaultEOF, llmtest.FaultMalformed, llmtest.FaultCutAfterFinish} {
		for _, stream := range []string{"true", "false"} {
			h.fake.PushChat(llmtest.Script{Text: llmtest.Words("one two three four"), Fault: f, FaultAfter: 2})
			resp, got := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","stream":`+stream+`,"messages":[{"role":"user","content":"x"}]}`)
			t.Logf("fault %d stream %s: %d %s", f, stream, resp.StatusCode, got)
		}
	}
	for _, st := range []int{429, 500, 503, 401, 404, 400} {
		h.fake.PushChat(llmtest.Script{Status: st, ErrorMessage: "upstream says no"})
		resp, got := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","stream":true,"messages":[{"role":"user","content":"x"}]}`)
		t.Logf("status %d: %d %v %s", st, resp.StatusCode, resp.Header, got)
	}
	for _, body := range []string{`{`, `{"model":"nope","messages":[{"role":"user","content":"x"}]}`, `{"model":"lmstudio:fake-chat"}`, `{"model":"lmstudio:fake-chat","messages":[]}`, `{"model":"lmstudio:fake-chat","messages":[{"role":"user","content":"x"}],"temperature":"hot"}`, `[]`, `{"model":"lmstudio:fake-chat","messages":[{"role":"wizard","content":"x"}]}`} {
		resp, got := h.do("POST", "/v1/chat/completions", h.token, body)
		t.Logf("body %s: %d %s", body, resp.StatusCode, got)
	}
	resp, got := h.do("GET", "/v1/models/nope", h.token, "")
	t.Logf("get model: %d %s", resp.StatusCode, got)
	resp, got = h.do("POST", "/v1/embeddings", h.token, `{"model":"nope","input":"x"}`)
	t.Logf("embed: %d %s", resp.StatusCode, got)
	resp, got = h.do("POST", "/v1/embeddings", h.token, `{"model":"lmstudio:fake-embed@256"}`)
	t.Logf("embed: %d %s", resp.StatusCode, got)
	resp, got = h.do("POST", "/v1/chat/completions", "bb-wrong", `{}`)
	t.Logf("auth: %d %s", resp.StatusCode, got)
}
