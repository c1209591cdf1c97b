package sync

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bookbag/backend/store"
)

// Sync performance on loopback (docs/perf/sync.md). Run with
//
//	go test -run '^$' -bench BenchmarkSync -benchtime 1x -timeout 60m ./backend/sync/
//
// SYNC_PERF_CHATS / SYNC_PERF_MESSAGES / SYNC_PERF_DOCS scale the workspace
// (default 1,000 chats, 50,000 messages, 200 documents).

// countingTransport counts requests and body bytes both ways (bodies as the
// program sees them, decompressed), and with newCountingTransport the bytes
// on the wire too (headers and gzip included).
type countingTransport struct {
	base           http.RoundTripper
	requests       atomic.Int64
	sent, received atomic.Int64
	wireOut        atomic.Int64
	wireIn         atomic.Int64
}

// newCountingTransport is a fresh HTTP transport whose connections count
// the bytes that cross them.
func newCountingTransport() *countingTransport {
	t := &countingTransport{}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: c, in: &t.wireIn, out: &t.wireOut}, nil
	}
	t.base = tr
	return t
}

type countingConn struct {
	net.Conn
	in, out *atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.Add(int64(n))
	return n, err
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.out.Add(int64(n))
	return n, err
}

type countingBody struct {
	r io.ReadCloser
	n *atomic.Int64
}

func (c countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
func (c countingBody) Close() error { return c.r.Close() }

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.requests.Add(1)
	if r.Body != nil {
		r.Body = countingBody{r.Body, &t.sent}
	}
	resp, err := t.base.RoundTrip(r)
	if err == nil {
		resp.Body = countingBody{resp.Body, &t.received}
	}
	return resp, err
}

type traffic struct{ requests, sent, received, wireOut, wireIn int64 }

func (t *countingTransport) snapshot() traffic {
	return traffic{t.requests.Load(), t.sent.Load(), t.received.Load(), t.wireOut.Load(), t.wireIn.Load()}
}

func (a traffic) minus(b traffic) traffic {
	return traffic{a.requests - b.requests, a.sent - b.sent, a.received - b.received, a.wireOut - b.wireOut, a.wireIn - b.wireIn}
}

func (a traffic) String() string {
	s := fmt.Sprintf("%d requests, %s up, %s down", a.requests, mib(a.sent), mib(a.received))
	if a.wireIn+a.wireOut > 0 {
		s += fmt.Sprintf(" (on the wire %s up, %s down)", mib(a.wireOut), mib(a.wireIn))
	}
	return s
}

func mib(n int64) string {
	if n < 10<<10 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

func envInt(name string, def int) int {
	var n int
	if _, err := fmt.Sscanf(os.Getenv(name), "%d", &n); err == nil && n > 0 {
		return n
	}
	return def
}

func BenchmarkSyncInitialAndIncremental(b *testing.B) {
	chats, msgs, docs := envInt("SYNC_PERF_CHATS", 1000), envInt("SYNC_PERF_MESSAGES", 50000), envInt("SYNC_PERF_DOCS", 200)
	ts := startServer(b)
	pw := ts.newUser(b, "alice@example.com", "Alice")
	ta := newCountingTransport()
	tb := newCountingTransport()
	a := newDesk(b, "alice-desk", deskOpts{transport: ta})
	ws := a.newWorkspace("Perf")

	// The workspace: chats with their messages (complete, ~400 characters
	// each), and documents indexed here (their chunks are rebuilt on the
	// other device).
	start := time.Now()
	perChat := msgs / chats
	body := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 9)
	var chatIDs []string
	for c := 0; c < chats; c += 50 {
		err := a.db.Tx(ctxb, func(tx *store.Tx) error {
			for i := c; i < min(c+50, chats); i++ {
				id := store.NewID()
				chatIDs = append(chatIDs, id)
				if err := tx.Insert(ctxb, "chats", id, ws, store.Values{"title": fmt.Sprintf("Chat %d", i), "model_ref": "openai:fake-chat", "shared": 1}); err != nil {
					return err
				}
				parent := any(nil)
				for m := 0; m < perChat; m++ {
					mid := store.NewID()
					role := "user"
					if m%2 == 1 {
						role = "assistant"
					}
					if err := tx.Insert(ctxb, "messages", mid, ws, store.Values{"chat_id": id, "parent_id": parent, "role": role,
						"content": fmt.Sprintf("%d/%d %s", i, m, body), "status": "complete", "model_ref": "openai:fake-chat"}); err != nil {
						return err
					}
					parent = mid
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for i := range docs {
		var sb strings.Builder
		for p := range 12 {
			fmt.Fprintf(&sb, "Document %d, section %d. %s\n\n", i, p, strings.Repeat(fmt.Sprintf("Policy %d-%d applies to every office. ", i, p), 12))
		}
		if _, err := a.docs.AddBytes(ctxb, ws, "", fmt.Sprintf("doc-%03d.txt", i), []byte(sb.String())); err != nil {
			b.Fatal(err)
		}
	}
	a.waitFor("documents indexed", func() bool {
		return a.count(`SELECT count(*) FROM documents WHERE workspace_id = ? AND status = 'completed'`, ws) == docs
	})
	chunks := a.count(`SELECT count(*) FROM chunks WHERE workspace_id = ?`, ws)
	b.Logf("workspace: %d chats, %d messages, %d documents (%d chunks), built in %s", chats, chats*perChat, docs, chunks, time.Since(start).Round(time.Millisecond))

	b.ResetTimer()
	// Upload: share the workspace and push everything.
	t0, s0 := time.Now(), ta.snapshot()
	a.share(ts, "alice@example.com", pw, ws)
	a.sync(ws)
	up := time.Since(t0)
	upT := ta.snapshot().minus(s0)

	// Initial sync of a second device: join and pull everything, then the
	// documents are indexed locally.
	a2 := newDesk(b, "alice-laptop", deskOpts{transport: tb})
	t0 = time.Now()
	res, err := a2.svc.SignIn(ctxb, SignInInput{ServerURL: ts.url, Email: "alice@example.com", Password: pw})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a2.svc.Join(ctxb, res.Session, "", ws); err != nil {
		b.Fatal(err)
	}
	a2.sync(ws)
	down := time.Since(t0)
	downT := tb.snapshot()
	a2.waitFor("documents indexed on the second device", func() bool {
		return a2.count(`SELECT count(*) FROM documents WHERE workspace_id = ? AND status = 'completed'`, ws) == docs
	})
	indexed := time.Since(t0)
	a2.sync(ws) // settles the local index-state changes (nothing is sent)
	b.StopTimer()
	if n := a2.count(`SELECT count(*) FROM messages WHERE workspace_id = ?`, ws); n != chats*perChat {
		b.Fatalf("second device has %d messages, want %d", n, chats*perChat)
	}
	chunks2 := a2.count(`SELECT count(*) FROM chunks WHERE workspace_id = ?`, ws)

	// Incremental: one new message on the first device.
	s0, s1 := ta.snapshot(), tb.snapshot()
	a.sync(ws)
	a2.sync(ws)
	idleA, idleB := ta.snapshot().minus(s0), tb.snapshot().minus(s1)
	a.insert("messages", ws, store.Values{"chat_id": chatIDs[0], "role": "user", "content": "one more question", "status": "complete"})
	s0, s1 = ta.snapshot(), tb.snapshot()
	t0 = time.Now()
	a.sync(ws)
	a2.sync(ws)
	inc := time.Since(t0)
	incA, incB := ta.snapshot().minus(s0), tb.snapshot().minus(s1)
	if n := a2.count(`SELECT count(*) FROM messages WHERE content = 'one more question'`); n != 1 {
		b.Fatal("the new message did not arrive")
	}

	b.Logf("upload (share + push all): %s, %s", up.Round(time.Millisecond), upT)
	b.Logf("initial sync of a second device (join + pull all + files): %s, %s", down.Round(time.Millisecond), downT)
	b.Logf("  ... and its %d documents re-indexed locally (%d chunks): %s after joining", docs, chunks2, indexed.Round(time.Millisecond))
	b.Logf("idle sync (nothing new), each device: %s / %s", idleA, idleB)
	b.Logf("incremental, one new message: %s total; pushing device %s; pulling device %s", inc.Round(time.Millisecond), incA, incB)
	b.ReportMetric(up.Seconds(), "upload-s")
	b.ReportMetric(down.Seconds(), "initial-s")
	b.ReportMetric(float64(downT.received)/(1<<20), "initial-MiB")
	b.ReportMetric(float64(downT.wireIn)/(1<<20), "initial-wire-MiB")
	b.ReportMetric(float64(incA.sent+incA.received+incB.sent+incB.received), "incremental-B")
}
