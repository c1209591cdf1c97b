package server_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// A push past the server's limits (more changes than it takes, a body past
// its size) is answered 413 too_large through the real client, the answer
// the desktop halves its batches on, and stores nothing; the same changes
// in smaller pushes go through.
func TestPushPastTheLimitsIsTooLarge(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b, func(c *server.Config) { c.MaxChanges, c.MaxBodyBytes = 10, 1<<20 })
		ctx := context.Background()
		dev := servertest.NewDevice("dev-a")
		wantTooLarge := func(what string, chs []syncproto.Change) {
			t.Helper()
			_, err := o.alice.Push(ctx, "ws", chs)
			var ae *syncproto.APIError
			if !errors.As(err, &ae) || ae.Status != 413 || ae.Code != syncproto.CodeTooLarge {
				t.Fatalf("%s: %v, want 413 too_large", what, err)
			}
		}
		many := make([]syncproto.Change, 11)
		for i := range many {
			many[i] = dev.Change("ws", syncproto.TablePromptTemplates, fmt.Sprintf("t%d", i), map[string]any{"name": "x"}, false)
		}
		wantTooLarge("11 changes", many)
		// Random text does not compress: 3 × 400 KiB is past 1 MiB
		// however the client sends it.
		big := make([]syncproto.Change, 3)
		for i := range big {
			b := make([]byte, 200<<10)
			rand.Read(b)
			big[i] = dev.Change("ws", syncproto.TablePromptTemplates, fmt.Sprintf("big%d", i), map[string]any{"body": hex.EncodeToString(b)}, false)
		}
		wantTooLarge("a 1.2 MiB body", big)
		if p, err := o.bob.Pull(ctx, "ws", 0, 100); err != nil || len(p.Changes) != 0 {
			t.Fatalf("a refused push stored something: %v %v", p, err)
		}
		wantStatus(t, push(t, o.alice, "ws", many[:10]...), repeat(syncproto.Applied, 10)...)
		wantStatus(t, push(t, o.alice, "ws", many[10], big[0]), syncproto.Applied, syncproto.Applied)
	})
}

func repeat(s syncproto.PushStatus, n int) []syncproto.PushStatus {
	out := make([]syncproto.PushStatus, n)
	for i := range out {
		out[i] = s
	}
	return out
}
