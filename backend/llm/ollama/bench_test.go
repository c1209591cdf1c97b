package ollama

import (
	"context"
	"net/http"
	"testing"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// benchDeltas is the length of the benchmark stream.
const benchDeltas = 1000

func benchStream(b *testing.B, base string, hc *http.Client) {
	p, err := New(Options{BaseURL: base + "/ollama", HTTPClient: hc})
	if err != nil {
		b.Fatal(err)
	}
	req := llm.ChatRequest{Model: "fake-chat", Messages: []llm.Message{{Role: "user", Content: "go"}}, Params: llm.Params{MaxTokens: 4096}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if _, err := p.Chat(ctx, req, func(llm.Delta) { n++ }); err != nil || n != benchDeltas {
			b.Fatalf("%d deltas, %v", n, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchDeltas), "ns/delta")
}

func benchScript() llmtest.Script {
	words := make([]string, benchDeltas)
	for i := range words {
		words[i] = "token "
	}
	return llmtest.Script{Text: words}
}

// BenchmarkStreamReplay measures the adapter alone: the fake server's bytes
// are recorded once and replayed from memory, through the adapter's HTTP
// layer (timeouts, tracking), decoding, to the delta callback.
func BenchmarkStreamReplay(b *testing.B) {
	f := llmtest.New(llmtest.WithResponder(func(*llmtest.Call, llmtest.Model) llmtest.Script { return benchScript() }))
	benchStream(b, "http://fake.invalid", &http.Client{Transport: llmtest.Replay(f.Handler())})
}

// BenchmarkStreamLoopback adds a real loopback connection and the fake
// server writing each delta (both in this process).
func BenchmarkStreamLoopback(b *testing.B) {
	srv := llmtest.Start(b, llmtest.WithResponder(func(*llmtest.Call, llmtest.Model) llmtest.Script { return benchScript() }))
	benchStream(b, srv.URL, nil)
}
