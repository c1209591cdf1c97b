package localapi

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/llm"
)

// What the API adds to a streamed answer, against calling the provider
// client directly (as a chat run does), both over loopback to the llmtest
// fake: time to the first token, p50 and p99. And 20 clients streaming at
// once, each getting its whole answer. Numbers in docs/PERFORMANCE.md.

const benchPrompt = "tell me [[long 200]]"

// streamViaAPI posts a streamed request and returns the time to the first
// content and the whole text.
func streamViaAPI(url, token, prompt string) (time.Duration, string, error) {
	body := fmt.Sprintf(`{"model":"lmstudio:fake-chat","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":%q}]}`, prompt)
	start := time.Now()
	req, _ := http.NewRequest("POST", url+"/v1/chat/completions", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return 0, "", fmt.Errorf("status %d", resp.StatusCode)
	}
	var ttft time.Duration
	var text strings.Builder
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	done := false
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		if data == "[DONE]" {
			done = true
			break
		}
		var ch chatChunk
		if err := json.Unmarshal([]byte(data), &ch); err != nil {
			return 0, "", err
		}
		if len(ch.Choices) > 0 && ch.Choices[0].Delta.Content != nil && *ch.Choices[0].Delta.Content != "" {
			if ttft == 0 {
				ttft = time.Since(start)
			}
			text.WriteString(*ch.Choices[0].Delta.Content)
		}
	}
	if !done {
		return 0, "", fmt.Errorf("stream ended without [DONE]: %v", sc.Err())
	}
	return ttft, text.String(), nil
}

func streamDirect(client llm.Provider, prompt string) (time.Duration, string, error) {
	start := time.Now()
	var ttft time.Duration
	var text strings.Builder
	_, err := client.Chat(context.Background(), llm.ChatRequest{Model: "fake-chat",
		Messages: []llm.Message{{Role: llm.RoleUser, Content: prompt}}}, func(d llm.Delta) {
		if ttft == 0 && d.Text != "" {
			ttft = time.Since(start)
		}
		text.WriteString(d.Text)
	})
	return ttft, text.String(), err
}

func reportPercentiles(b *testing.B, ds []time.Duration) {
	slices.Sort(ds)
	pct := func(p float64) float64 {
		return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "ttft-p50-ms")
	b.ReportMetric(pct(0.99), "ttft-p99-ms")
}

func BenchmarkFirstToken(b *testing.B) {
	h := newHarness(b, Limits{})
	b.Run("direct", func(b *testing.B) {
		ds := make([]time.Duration, 0, b.N)
		for b.Loop() {
			ttft, _, err := streamDirect(h.wss.models.client, benchPrompt)
			if err != nil {
				b.Fatal(err)
			}
			ds = append(ds, ttft)
		}
		reportPercentiles(b, ds)
	})
	b.Run("api", func(b *testing.B) {
		ds := make([]time.Duration, 0, b.N)
		for b.Loop() {
			ttft, _, err := streamViaAPI(h.url, h.token, benchPrompt)
			if err != nil {
				b.Fatal(err)
			}
			ds = append(ds, ttft)
		}
		reportPercentiles(b, ds)
	})
}

// BenchmarkConcurrentStreams runs 20 streaming clients at once per
// iteration; each must get the whole answer.
func BenchmarkConcurrentStreams(b *testing.B) {
	h := newHarness(b, Limits{})
	_, want, err := streamDirect(h.wss.models.client, benchPrompt)
	if err != nil {
		b.Fatal(err)
	}
	var ds []time.Duration
	for b.Loop() {
		ds = append(ds, concurrentStreams(b, h, 20, want)...)
	}
	reportPercentiles(b, ds)
}

func concurrentStreams(tb testing.TB, h *harness, n int, want string) []time.Duration {
	var wg sync.WaitGroup
	ds := make([]time.Duration, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			ttft, got, err := streamViaAPI(h.url, h.token, benchPrompt)
			if err == nil && got != want {
				err = fmt.Errorf("client %d got %d bytes, want %d", i, len(got), len(want))
			}
			ds[i], errs[i] = ttft, err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			tb.Fatal(err)
		}
	}
	return ds
}

func TestTwentyConcurrentStreamsLoseNothing(t *testing.T) {
	h := newHarness(t, Limits{})
	_, want, err := streamDirect(h.wss.models.client, benchPrompt)
	if err != nil || len(strings.Fields(want)) != 200 {
		t.Fatalf("%v %q", err, want)
	}
	concurrentStreams(t, h, 20, want)
	// Each is recorded just after its last byte is out.
	var page RequestPage
	waitFor(t, func() bool {
		page, _ = h.svc.RecentRequests(context.Background(), 0, 100)
		return page.Total == 20
	})
	for _, r := range page.Items {
		if r.Status != 200 || r.OutputTokens != 200 {
			t.Fatalf("record %+v", r)
		}
	}
}
