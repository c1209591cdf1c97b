package localapi

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"bookbag/backend/apperr"
	"bookbag/backend/llm/llmtest"
)

// Where real clients depart from the happy path: methods, header spelling,
// bodies sent whole before the answer is read, answers cut short.

func TestWrongMethodIs405(t *testing.T) {
	h := newHarness(t, Limits{})
	for _, c := range []struct{ method, path, allow string }{
		{"POST", "/v1/models", "GET, HEAD"},
		{"DELETE", "/v1/models/lmstudio:fake-chat", "GET, HEAD"},
		{"GET", "/v1/chat/completions", "POST"},
		{"PUT", "/v1/embeddings", "POST"},
	} {
		resp, body := h.do(c.method, c.path, h.token, "")
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != c.allow || errorOf(t, body)["code"] != "method_not_allowed" {
			t.Errorf("%s %s: %d Allow %q %s", c.method, c.path, resp.StatusCode, resp.Header.Get("Allow"), body)
		}
	}
	if resp, body := h.do("GET", "/v1/completions", h.token, ""); resp.StatusCode != 404 || errorOf(t, body)["code"] != "unknown_url" {
		t.Fatalf("unknown path: %d %s", resp.StatusCode, body)
	}
	if resp, _ := h.do("HEAD", "/v1/models", h.token, ""); resp.StatusCode != 200 {
		t.Fatalf("HEAD models: %d", resp.StatusCode)
	}
}

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	h := newHarness(t, Limits{})
	for _, auth := range []string{"bearer " + h.token, "BEARER " + h.token, "Bearer  " + h.token} {
		if resp, body := h.do("GET", "/v1/models", "", "", "Authorization", auth); resp.StatusCode != 200 {
			t.Errorf("%q: %d %s", strings.Replace(auth, h.token, "<token>", 1), resp.StatusCode, body)
		}
	}
	if resp, _ := h.do("GET", "/v1/models", "", "", "Authorization", "Basic "+h.token); resp.StatusCode != 401 {
		t.Fatalf("basic: %d", resp.StatusCode)
	}
}

// A client that writes the whole body before it reads (Python's httpx and
// urllib do) must read the 413, or the 401 of a wrong token, not a reset
// connection: the server reads and drops what it refused.
func TestRefusedBodyAnswerReachesClientsThatSendItAll(t *testing.T) {
	h := newHarness(t, Limits{MaxBody: 1 << 20})
	big := `{"model":"lmstudio:fake-chat","messages":[{"role":"user","content":"` + strings.Repeat("a", 8<<20) + `"}]}`
	for _, c := range []struct {
		token, body string
		chunked     bool
		status      int
		code        string
	}{
		{h.token, big, false, 413, "request_too_large"},
		{h.token, big, true, 413, "request_too_large"},
		{"bb-wrong", big, false, 401, "invalid_api_key"},
	} {
		resp := sendWhole(t, h, c.token, c.body, c.chunked)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != c.status || errorOf(t, string(body))["code"] != c.code {
			t.Fatalf("chunked %v: %d %s", c.chunked, resp.StatusCode, body)
		}
	}
}

// sendWhole writes a whole request on a new connection, then reads the answer.
func sendWhole(t *testing.T, h *harness, token, body string, chunked bool) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	head := fmt.Sprintf("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n", token)
	if chunked {
		head += fmt.Sprintf("Transfer-Encoding: chunked\r\n\r\n%x\r\n", len(body))
		body += "\r\n0\r\n\r\n"
	} else {
		head += fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body))
	}
	if _, err := io.WriteString(conn, head+body); err != nil {
		t.Fatalf("sending the body: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	return resp
}

// A stream the client leaves, or the provider breaks, after some text
// still used the model: it counts for usage (and so for budgets).
func TestCutShortAnswersCountForUsage(t *testing.T) {
	h := newHarness(t, Limits{})
	e := withEndless(h, "more ")
	conn := h.streamUntil(t, "more")
	conn.Close()
	<-e.canceled
	rec := waitForRecord(t, h, func(r Request) bool { return r.Model == "test:endless" })
	calls := h.usage.recorded()
	if rec.Status != 499 || len(calls) != 1 || calls[0].ModelRef != "test:endless" || calls[0].OutputTokens == 0 || !calls[0].Estimated {
		t.Fatalf("record %+v usage %+v", rec, calls)
	}

	// The provider fails after two words: the client reads the error event,
	// usage counts what was said.
	h.fake.PushChat(llmtest.Script{Text: llmtest.Words("one two three four"), Fault: llmtest.FaultStreamError, FaultAfter: 2,
		ErrorMessage: "overloaded"})
	resp, got := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","stream":true,"messages":[{"role":"user","content":"x"}]}`)
	if resp.StatusCode != 200 || !strings.Contains(got, `"content":"one "`) || !strings.Contains(got, `data: {"error":`) || strings.Contains(got, "[DONE]") {
		t.Fatalf("stream error: %d %s", resp.StatusCode, got)
	}
	if calls = h.usage.recorded(); len(calls) != 2 || calls[1].ModelRef != "lmstudio:fake-chat" || calls[1].OutputTokens == 0 {
		t.Fatalf("usage %+v", calls)
	}

	// Refused before any text: nothing was used.
	h.fake.PushChat(llmtest.Script{Status: 500, ErrorMessage: "down"})
	if resp, _ := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","messages":[{"role":"user","content":"x"}]}`); resp.StatusCode != 502 {
		t.Fatalf("refused: %d", resp.StatusCode)
	}
	if calls = h.usage.recorded(); len(calls) != 2 {
		t.Fatalf("a refused call counted: %+v", calls)
	}
}

// Over a hard budget both model endpoints answer OpenAI's spent quota, and
// tell the SDKs (which retry every 429) not to try again.
func TestHardBudgetRefusesWithoutRetries(t *testing.T) {
	h := newHarness(t, Limits{})
	h.usage.refuse = apperr.New(apperr.Invalid, "BookBag reached its monthly budget of $5.00 for all workspaces (spent $5.01).")
	c := openai.NewClient(option.WithBaseURL(h.url+"/v1/"), option.WithAPIKey(h.token), option.WithMaxRetries(2))
	_, err := c.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{Model: "lmstudio:fake-chat",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("q")}})
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Code != "insufficient_quota" || apiErr.Type != "insufficient_quota" ||
		!strings.Contains(apiErr.Message, "monthly budget") {
		t.Fatalf("chat: %v", err)
	}
	if n := h.usage.checks(); n != 1 {
		t.Fatalf("the SDK tried %d times", n)
	}
	_, err = c.Embeddings.New(context.Background(), openai.EmbeddingNewParams{Model: "lmstudio:fake-embed@256",
		Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("x")}})
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Code != "insufficient_quota" || h.usage.checks() != 2 {
		t.Fatalf("embeddings: %v (asked %d)", err, h.usage.checks())
	}
	if _, ok := h.fake.LastCall(llmtest.EndpointChat); ok {
		t.Fatal("a refused chat reached the provider")
	}
	if _, ok := h.fake.LastCall(llmtest.EndpointEmbed); ok {
		t.Fatal("a refused embedding reached the provider")
	}
	if calls := h.usage.recorded(); len(calls) != 0 {
		t.Fatalf("refused calls counted: %+v", calls)
	}
}
