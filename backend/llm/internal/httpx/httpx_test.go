package httpx

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"bookbag/backend/llm"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		h    http.Header
		want time.Duration
	}{
		{http.Header{"Retry-After": {"20"}}, 20 * time.Second},
		{http.Header{"Retry-After": {"1.5"}}, 1500 * time.Millisecond},
		{http.Header{"Retry-After-Ms": {"250"}, "Retry-After": {"9"}}, 250 * time.Millisecond},
		{http.Header{"Retry-After": {now.Add(30 * time.Second).Format(http.TimeFormat)}}, 30 * time.Second},
		{http.Header{"Retry-After": {"soon"}}, 0},
		{http.Header{"Retry-After": {"-3"}}, 0},
		{nil, 0},
	}
	for i, c := range cases {
		if got := RetryAfter(c.h, now); got != c.want {
			t.Errorf("%d: %v want %v", i, got, c.want)
		}
	}
}

func TestParseErrorBody(t *testing.T) {
	cases := map[string][2]string{
		`{"error":{"message":"m","type":"invalid_request_error"}}`:                    {"m", "invalid_request_error"},
		`{"error":{"message":"m","code":"rate_limit_exceeded"}}`:                      {"m", "rate_limit_exceeded"},
		`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`: {"Overloaded", "overloaded_error"},
		`{"error":"model not found"}`:                                                 {"model not found", ""},
		`{"detail":"Not Found"}`:                                                      {"Not Found", ""},
		`{"detail":[{"msg":"x"}]}`:                                                    {`[{"msg":"x"}]`, ""},
		`{"message":"plain"}`:                                                         {"plain", ""},
		`<html>Bad Gateway</html>`:                                                    {"<html>Bad Gateway</html>", ""},
	}
	for body, want := range cases {
		se := ParseErrorBody([]byte(body))
		if se.Message != want[0] || se.Type != want[1] {
			t.Errorf("%s: %+v", body, se)
		}
	}
}

func TestTimeoutsAndTracking(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		case "/stall":
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(503)
			w.(http.Flusher).Flush()
			_, _ = w.Write([]byte("a"))
			w.(http.Flusher).Flush()
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		case "/header":
			_, _ = w.Write([]byte(r.Header.Get("Authorization")))
		}
	}))
	defer hs.Close()
	c := NewClient(nil, Options{Timeouts: llm.Timeouts{FirstByte: 100 * time.Millisecond, Stall: 100 * time.Millisecond},
		Header: http.Header{"Authorization": {"Bearer x"}}})

	_, err := c.Get(hs.URL + "/slow")
	var te *llm.TimeoutError
	if !errors.As(err, &te) || te.Phase != llm.PhaseFirstByte {
		t.Fatalf("slow: %v", err)
	}

	ctx, info := Track(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, hs.URL+"/stall", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.As(err, &te) || te.Phase != llm.PhaseStall || !errors.As(info.BodyErr(), &te) {
		t.Fatalf("stall: %v / %v", err, info.BodyErr())
	}
	if info.Status() != 503 || info.RetryAfter() != 3*time.Second {
		t.Fatalf("info %d %v", info.Status(), info.RetryAfter())
	}

	resp, err = c.Get(hs.URL + "/header")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "Bearer x" {
		t.Fatalf("header %q", b)
	}
}
