package chat

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
)

// The delta pipeline: provider adapter -> streamer (coalescing) -> emitter.
// tapClient stamps each delta as it leaves the adapter; stampEmitter stamps
// each chat:delta as it is emitted. Matching them by text offset gives the
// latency every delta waited before the UI could have it.

type tapClient struct {
	llm.Provider
	mu    sync.Mutex
	left  []stamped // cumulative text length after each delta, and when it left
	total int
}

type stamped struct {
	end int
	at  time.Time
}

func (c *tapClient) Chat(ctx context.Context, req llm.ChatRequest, onDelta func(llm.Delta)) (llm.Result, error) {
	return c.Provider.Chat(ctx, req, func(d llm.Delta) {
		now := time.Now()
		c.mu.Lock()
		c.total += len(d.Text) + len(d.Thinking)
		c.left = append(c.left, stamped{c.total, now})
		c.mu.Unlock()
		onDelta(d)
	})
}

// tapResolver gives runs the OpenAI adapter on an llmtest server, behind a
// transport that releases the server's stream events at a steady rate (the
// fake writes them as fast as it can; Go timers cannot sleep 500 µs
// precisely, so the pacing is by an absolute schedule), and taps its deltas.
type tapResolver struct {
	*testResolver
	tap  *tapClient
	rate int // stream events per second
}

func (r tapResolver) Model(ctx context.Context, ref string) (Model, error) {
	m, err := r.testResolver.Model(ctx, ref)
	if err != nil {
		return m, err
	}
	hc := &http.Client{Transport: pacedTransport{rate: r.rate}}
	c, err := provider.New(provider.Config{Preset: llm.PresetOpenAI, BaseURL: r.srv.OpenAIURL(), APIKey: "sk-test", HTTPClient: hc})
	if err != nil {
		return m, err
	}
	r.tap.Provider = c
	m.Client = r.tap
	return m, nil
}

type pacedTransport struct{ rate int }

func (p pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || !strings.Contains(res.Header.Get("Content-Type"), "event-stream") {
		return res, err
	}
	res.Body = &pacedBody{body: res.Body, r: bufio.NewReader(res.Body), start: time.Now(), every: time.Second / time.Duration(p.rate)}
	return res, nil
}

// pacedBody hands out one SSE event (up to its blank line) when it is due.
type pacedBody struct {
	body  io.ReadCloser
	r     *bufio.Reader
	start time.Time
	every time.Duration
	n     int
	buf   []byte
}

func (p *pacedBody) Read(b []byte) (int, error) {
	if len(p.buf) == 0 {
		for {
			line, err := p.r.ReadBytes('\n')
			p.buf = append(p.buf, line...)
			if err != nil {
				if len(p.buf) == 0 {
					return 0, err
				}
				break
			}
			if len(bytes.TrimSpace(line)) == 0 && len(bytes.TrimSpace(p.buf)) > 0 {
				break
			}
		}
		if d := time.Until(p.start.Add(time.Duration(p.n) * p.every)); d > 0 {
			time.Sleep(d)
		}
		p.n++
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n, nil
}

func (p *pacedBody) Close() error { return p.body.Close() }

type stampEmitter struct {
	mu     sync.Mutex
	deltas []events.ChatDeltaPayload
	at     []time.Time
	end    chan struct{}
}

func (e *stampEmitter) Emit(name string, p any) {
	now := time.Now()
	switch name {
	case events.ChatDelta:
		e.mu.Lock()
		e.deltas = append(e.deltas, p.(events.ChatDeltaPayload))
		e.at = append(e.at, now)
		e.mu.Unlock()
	case events.ChatDone, events.ChatError:
		close(e.end)
	}
}

// pipelineRun streams n words at rate words per second through the real
// OpenAI adapter and the chat run; it returns the text the emitter saw, the
// saved text, the sent text, per-delta latencies and the achieved rate.
type pipelineResult struct {
	sent, emitted, saved string
	seqOK                bool
	latencies            []time.Duration
	emits                int
	rate                 float64 // deltas per second leaving the adapter
}

func runPipeline(t testing.TB, n int, rate int) pipelineResult {
	h := newHarness(t)
	tap := &tapClient{}
	em := &stampEmitter{end: make(chan struct{})}
	svc := NewService(Deps{DB: h.db, Resolver: tapResolver{h.res, tap, rate}, Events: em})
	defer svc.Close()
	words := make([]string, n)
	for i := range words {
		words[i] = fmt.Sprintf("w%d ", i) // every token distinct: a drop or swap shows
	}
	h.srv.PushChat(llmtest.Script{Text: words})
	c := h.newChat(t)
	res, err := svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: "stream"})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-em.end:
	case <-time.After(time.Duration(n)*time.Second/time.Duration(rate)*4 + 10*time.Second):
		t.Fatal("the run did not end")
	}
	m, _ := svc.GetMessage(context.Background(), res.Assistant.ID)
	out := pipelineResult{sent: strings.Join(words, ""), saved: m.Content, seqOK: true, emits: len(em.deltas)}
	em.mu.Lock()
	defer em.mu.Unlock()
	var b strings.Builder
	ends := make([]int, len(em.deltas))
	for i, d := range em.deltas {
		if d.Seq != i+1 {
			out.seqOK = false
		}
		b.WriteString(d.Text)
		ends[i] = b.Len()
	}
	out.emitted = b.String()
	tap.mu.Lock()
	defer tap.mu.Unlock()
	j := 0
	for _, l := range tap.left {
		for j < len(ends) && ends[j] < l.end {
			j++
		}
		if j == len(ends) {
			break
		}
		out.latencies = append(out.latencies, em.at[j].Sub(l.at))
	}
	if len(tap.left) > 1 {
		out.rate = float64(len(tap.left)-1) / tap.left[len(tap.left)-1].at.Sub(tap.left[0].at).Seconds()
	}
	return out
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration{}, ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// TestDeltaPipelineKeepsEveryWordInOrder streams 2,000 tokens at 2,000
// tokens/s and checks nothing is dropped or reordered on the way to the
// emitter and to the database. Latency is logged, not asserted (see
// BenchmarkDeltaPipeline and docs/perf/chat.md).
func TestDeltaPipelineKeepsEveryWordInOrder(t *testing.T) {
	r := runPipeline(t, 2000, 2000)
	if r.emitted != r.sent || r.saved != r.sent || !r.seqOK {
		t.Fatalf("text changed on the way: emitted %d bytes, saved %d, sent %d, seq ok %v", len(r.emitted), len(r.saved), len(r.sent), r.seqOK)
	}
	if len(r.latencies) != 2000 {
		t.Fatalf("%d latencies for 2000 deltas", len(r.latencies))
	}
	t.Logf("%.0f deltas/s, %d emits; latency p50 %v p99 %v max %v", r.rate, r.emits,
		percentile(r.latencies, 0.5), percentile(r.latencies, 0.99), percentile(r.latencies, 1))
}

// BenchmarkDeltaPipeline streams 10,000 tokens at 2,000 tokens/s per
// iteration and reports the delta latency distribution (adapter -> emit).
func BenchmarkDeltaPipeline(b *testing.B) {
	var all []time.Duration
	rate, emits := 0.0, 0
	for i := 0; i < b.N; i++ {
		r := runPipeline(b, 10000, 2000)
		if r.emitted != r.sent || r.saved != r.sent || !r.seqOK {
			b.Fatal("text changed on the way")
		}
		all = append(all, r.latencies...)
		rate += r.rate
		emits += r.emits
	}
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	b.ReportMetric(rate/float64(b.N), "deltas/s")
	b.ReportMetric(float64(emits)/float64(b.N), "emits/run")
	b.ReportMetric(ms(percentile(all, 0.5)), "p50-ms")
	b.ReportMetric(ms(percentile(all, 0.9)), "p90-ms")
	b.ReportMetric(ms(percentile(all, 0.99)), "p99-ms")
	b.ReportMetric(ms(percentile(all, 1)), "max-ms")
}
