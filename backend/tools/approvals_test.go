package tools

import (
	"context"
	"testing"
	"time"
)

// A model often calls one tool several times at once, each call with its
// own card. "Always allow this tool" on one card covers the others waiting
// for the same tool in the workspace: they run at once instead of asking
// again. "Always allow this server" covers the server's other waiting
// cards except destructive ones, which keep asking; cards of another
// server or another workspace keep asking too.
func TestAlwaysAllowAnswersTheWaitingCardsItCovers(t *testing.T) {
	e := newEnv(t, time.Minute)
	ctx := context.Background()
	e.server(t, "files", Tool{Name: "write"}, Tool{Name: "read", ReadOnly: true}, Tool{Name: "delete", Destructive: true})
	e.server(t, "docs", Tool{Name: "write"})
	write, read, del := offered(t, e, "files__write"), offered(t, e, "files__read"), offered(t, e, "files__delete")
	other := offered(t, e, "docs__write")

	seen := 0
	first := run(e, write, `{"name":"a"}`)
	card, seen := e.approvalCard(t, seen)
	second := run(e, write, `{"name":"b"}`)
	_, seen = e.approvalCard(t, seen)
	elsewhere := run(e, other, `{}`)
	_, seen = e.approvalCard(t, seen)
	otherWS := make(chan Outcome, 1)
	go func() {
		otherWS <- e.svc.Run(ctx, CallRequest{WorkspaceID: "ws2", ChatID: "c2", Tool: write, Arguments: []byte(`{}`)})
	}()
	_, seen = e.approvalCard(t, seen)
	if err := e.svc.Answer(ctx, card.ID, DecideTool, ""); err != nil {
		t.Fatal(err)
	}
	if o := <-first; !o.Ran || o.Decision != DecideTool {
		t.Fatalf("the answered card: %+v", o)
	}
	if o := <-second; !o.Ran || o.Decision != DecideStanding || string(o.Arguments) != `{"name":"b"}` {
		t.Fatalf("the other card of the same tool: %+v", o)
	}
	if p := e.svc.Pending("c1"); len(p) != 1 || p[0].Server != "docs" {
		t.Fatalf("waiting after always-allow-tool: %+v", p)
	}
	p := e.svc.Pending("c2")
	if len(p) != 1 {
		t.Fatalf("the other workspace's card must still wait: %+v", p)
	}
	if err := e.svc.Answer(ctx, p[0].ID, DecideDeny, ""); err != nil {
		t.Fatal(err)
	}
	if o := <-otherWS; o.Ran {
		t.Fatalf("other workspace: %+v", o)
	}

	readCh := run(e, read, `{}`)
	card, seen = e.approvalCard(t, seen)
	delCh := run(e, del, `{}`)
	delCard, _ := e.approvalCard(t, seen)
	if err := e.svc.Answer(ctx, card.ID, DecideServer, ""); err != nil {
		t.Fatal(err)
	}
	if o := <-readCh; !o.Ran || o.Decision != DecideServer {
		t.Fatalf("the answered card: %+v", o)
	}
	pend := e.svc.Pending("c1")
	if len(pend) != 2 {
		t.Fatalf("the destructive card and the other server's must still wait: %+v", pend)
	}
	for _, p := range pend {
		if err := e.svc.Answer(ctx, p.ID, DecideDeny, ""); err != nil {
			t.Fatal(err)
		}
	}
	if o := <-delCh; o.Ran || o.Decision != DecideDeny {
		t.Fatalf("destructive card %s: %+v", delCard.ID, o)
	}
	if o := <-elsewhere; o.Ran || o.Decision != DecideDeny {
		t.Fatalf("other server's card: %+v", o)
	}
}
