package localapi

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
)

// A provider that echoes the upstream key in its error body (some
// OpenAI-compatible servers do) must not pass it on: not to the local API's
// client, not to the recorded request, not to any file of the database.
func TestUpstreamKeyNeverReachesClientOrRecord(t *testing.T) {
	h := newHarness(t, Limits{})
	const key = "sk-upstream-0123456789abcdef"
	keyed, err := provider.New(provider.Config{Preset: "lmstudio", BaseURL: h.fake.OpenAIURL(), APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	h.wss.models.client = keyed
	scripts := []llmtest.Script{
		{Status: 400, ErrorMessage: "Invalid header Authorization: Bearer " + key},
		{Status: 429, RetryAfter: "1", ErrorMessage: "Rate limit reached for key " + key},
		{Status: 500, ErrorMessage: "upstream failed with key " + key},
		{Status: 401, ErrorMessage: "Incorrect API key provided: sk-ups***cdef"},
	}
	for _, s := range scripts {
		h.fake.PushChat(s)
		resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","messages":[{"role":"user","content":"hi"}]}`)
		if resp.StatusCode < 400 {
			t.Fatalf("%d: upstream error answered %d", s.Status, resp.StatusCode)
		}
		if strings.Contains(body, key) || strings.Contains(body, "cdef") {
			t.Errorf("%d: the key reached the client: %s", s.Status, body)
		}
	}
	page, err := h.svc.RecentRequests(context.Background(), 0, 10)
	if err != nil || len(page.Items) != len(scripts) {
		t.Fatalf("%d recorded, %v", len(page.Items), err)
	}
	for _, r := range page.Items {
		if r.Error == "" || strings.Contains(r.Error, key) || strings.Contains(r.Error, "cdef") {
			t.Errorf("recorded error %q", r.Error)
		}
	}
	files, _ := filepath.Glob(filepath.Join(h.dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), key) {
			t.Errorf("the key is in %s", f)
		}
	}
}
