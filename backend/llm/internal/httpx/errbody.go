package httpx

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bookbag/backend/llm"
)

// RetryAfter reads retry-after-ms (OpenAI), then Retry-After as seconds or
// an HTTP date. It returns 0 when neither is present or parseable.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if v := h.Get("retry-after-ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// maxErrorBody bounds what is read of an error answer: an HTML error page
// from a proxy can be large and says nothing useful past its start.
const maxErrorBody = 64 << 10

// StatusError reads resp's body (bounded) and decodes the error shapes
// providers use: OpenAI {"error":{"message","type","code"}}, Anthropic
// {"type":"error","error":{...}}, Ollama {"error":"..."}, FastAPI
// {"detail":...} and plain {"message":...}; anything else becomes the
// shortened body text.
func StatusError(resp *http.Response) *llm.StatusError {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	se := ParseErrorBody(b)
	se.Status = resp.StatusCode
	se.RetryAfter = RetryAfter(resp.Header, time.Now())
	return se
}

// ParseErrorBody decodes an error body (see StatusError); Status and
// RetryAfter are left zero.
func ParseErrorBody(b []byte) *llm.StatusError {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  json.RawMessage `json:"detail"`
	}
	se := &llm.StatusError{}
	if err := json.Unmarshal(b, &v); err != nil {
		se.Message = llm.Shorten(strings.TrimSpace(string(b)), 300)
		return se
	}
	if len(v.Error) > 0 {
		var s string
		if json.Unmarshal(v.Error, &s) == nil {
			se.Message = s
			return se
		}
		var obj struct {
			Message string `json:"message"`
			Type    string `json:"type"`
			Code    any    `json:"code"`
		}
		if json.Unmarshal(v.Error, &obj) == nil {
			se.Message, se.Type = obj.Message, obj.Type
			if se.Type == "" {
				if c, ok := obj.Code.(string); ok {
					se.Type = c
				}
			}
			return se
		}
	}
	if v.Message != "" {
		se.Message = v.Message
		return se
	}
	if len(v.Detail) > 0 {
		var s string
		if json.Unmarshal(v.Detail, &s) == nil {
			se.Message = s
		} else {
			se.Message = llm.Shorten(string(v.Detail), 300)
		}
		return se
	}
	se.Message = llm.Shorten(strings.TrimSpace(string(b)), 300)
	return se
}
