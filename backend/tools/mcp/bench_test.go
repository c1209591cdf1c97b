package mcp

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// BenchmarkStdioCall is one tool call's round trip to a running stdio
// server (the test server's echo), with its p50/p99 in the output.
func BenchmarkStdioCall(b *testing.B) {
	h := newHarness(b, stdioServer(b, "bench"))
	ctx := context.Background()
	args := json.RawMessage(`{"text":"ping"}`)
	if _, err := h.Call(ctx, "bench", "echo", args); err != nil { // starts it
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if _, err := h.Call(ctx, "bench", "echo", args); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkStdioStart is a cold start: launch, initialize and list tools.
func BenchmarkStdioStart(b *testing.B) {
	lat := make([]time.Duration, 0, b.N)
	for range b.N {
		b.StopTimer()
		h := newHarness(b, stdioServer(b, "cold"))
		b.StartTimer()
		start := time.Now()
		if _, err := h.Tools(context.Background(), "cold"); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		b.StopTimer()
		h.Close()
		b.StartTimer()
	}
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}
