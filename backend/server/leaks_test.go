package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// A stranger learns nothing from creating a workspace with an id that is
// taken: the answer is the one any unusable id gets. A member hears 409.
func TestCreateWorkspaceDoesNotTellTakenIDs(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		create := func(c *syncproto.Client, id string) (int, string) {
			return request(t, o.env, c, "POST", "/api/workspaces", []byte(`{"id":"`+id+`","name":"Mine"}`))
		}
		badStatus, badBody := create(o.eve, "not an id!")
		if badStatus != http.StatusBadRequest {
			t.Fatalf("malformed id: %d %s", badStatus, badBody)
		}
		if st, body := create(o.eve, "ws"); st != badStatus || body != badBody {
			t.Fatalf("a stranger's create of a taken id: %d %s, want the malformed-id answer %d %s", st, body, badStatus, badBody)
		}
		if st, body := create(o.alice, "ws"); st != http.StatusConflict {
			t.Fatalf("a member's create of her workspace: %d %s, want 409", st, body)
		}
		// A deleted workspace's id stays taken, and says no more.
		if st, _ := create(o.eve, "gone"); st != http.StatusCreated {
			t.Fatalf("create gone: %d", st)
		}
		if err := o.eve.DeleteWorkspace(context.Background(), "gone"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*syncproto.Client{o.eve, o.bob} {
			if st, body := create(c, "gone"); st != badStatus || body != badBody {
				t.Fatalf("create of a deleted id: %d %s", st, body)
			}
		}
	})
}

// A push touching rows of another member's private chat is answered as if
// the chat did not exist, never with the row's current version (its owner,
// its stamp), and never as stale or duplicate (which would compare stamps).
func TestPushTellsNothingOfUnreadableRows(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		alice := servertest.NewDevice("alice-laptop")
		wantStatus(t, push(t, o.alice, "ws",
			alice.Change("ws", "chats", "private", map[string]any{"title": "secret", "shared": 0}, false),
			alice.Change("ws", "messages", "pm", map[string]any{"chat_id": "private", "role": "user", "status": "complete"}, false)),
			syncproto.Applied, syncproto.Applied)

		bob := servertest.NewDevice("bob-pc")
		// Bob's stamps lag an hour: a comparison of stamps would say "stale".
		bob.Clock = syncproto.NewClock("bob-pc", func() time.Time { return time.Now().Add(-time.Hour) })
		wantStatus(t, push(t, o.bob, "ws", bob.Change("ws", "chats", "mine", map[string]any{"title": "bob's"}, false)), syncproto.Applied)

		missing := push(t, o.bob, "ws", bob.Change("ws", "messages", "m-a", map[string]any{"chat_id": "no-such-chat", "role": "user", "status": "complete"}, false))[0]
		into := push(t, o.bob, "ws", bob.Change("ws", "messages", "m-b", map[string]any{"chat_id": "private", "role": "user", "status": "complete"}, false))[0]
		if into.Status != missing.Status || into.Code != missing.Code || into.Reason != missing.Reason || into.Current != nil {
			t.Fatalf("a message into a hidden chat: %+v, want the answer for a missing chat %+v", into, missing)
		}
		for name, ch := range map[string]syncproto.Change{
			"the chat itself":              bob.Change("ws", "chats", "private", map[string]any{"title": "x"}, false),
			"its message, under its chat":  bob.Change("ws", "messages", "pm", map[string]any{"chat_id": "private", "role": "user", "status": "complete"}, false),
			"its message, under bob's own": bob.Change("ws", "messages", "pm", map[string]any{"chat_id": "mine", "role": "user", "status": "complete"}, false),
			"the chat, deleted":            bob.Change("ws", "chats", "private", map[string]any{"title": ""}, true),
		} {
			r := push(t, o.bob, "ws", ch)[0]
			if r.Status != syncproto.Rejected || r.Current != nil {
				t.Errorf("%s: %+v: want a rejection without the current row", name, r)
			}
		}
		// Once shared, bob may read it: then a refusal brings the current row.
		wantStatus(t, push(t, o.alice, "ws", alice.Change("ws", "chats", "private", map[string]any{"title": "secret", "shared": 1}, false)), syncproto.Applied)
		r := push(t, o.bob, "ws", bob.Change("ws", "chats", "private", map[string]any{"title": "x"}, false))[0]
		if r.Code != syncproto.RejectForbidden || r.Current == nil || r.Current.OwnerID != o.aliceID {
			t.Fatalf("a refused change to a shared chat: %+v, want the current row", r)
		}
	})
}
