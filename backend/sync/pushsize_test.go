package sync

import (
	"fmt"
	"strings"
	"testing"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// A workspace of long messages (answers with their thinking and cited
// passages) is shared in pushes the server takes: a batch of 1000 changes
// can be larger than its body limit (8 MiB, or less where an office set
// it lower), and a batch refused as too large would be sent again for ever.
func TestLargePushesFitTheServersBodyLimit(t *testing.T) {
	for _, tc := range []struct {
		name       string
		limit      int64 // the server's MaxBodyBytes (0: its default)
		msgs, size int
	}{
		{"default limit", 0, 1000, 9 << 10},
		{"lower limit", 96 << 10, 120, 2 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := servertest.Start(t, servertest.SQLite(t), func(c *server.Config) { c.MaxBodyBytes = tc.limit })
			env.User("alice@example.com", syncproto.RoleMember)
			a := newDesk(t, "alice-desk", deskOpts{})
			ws := a.newWorkspace("Office")
			chat := a.insert("chats", ws, store.Values{"title": "Long answers", "model_ref": "openai:fake-chat"})
			err := a.db.Tx(ctxb, func(tx *store.Tx) error {
				for i := range tc.msgs {
					if err := tx.Insert(ctxb, "messages", store.NewID(), ws, store.Values{"chat_id": chat, "role": "assistant",
						"content": fmt.Sprintf("answer %d ", i) + strings.Repeat("x", tc.size), "status": "complete"}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			a.shareAt(env.URL, "alice@example.com", servertest.Password, ws)
			st, err := a.svc.SyncNow(ctxb, ws)
			if err != nil || st.State != StateSynced || st.Pending != 0 {
				t.Fatalf("after sharing %d messages of %d bytes: %+v %v", tc.msgs, tc.size, st, err)
			}
			w, err := env.Login("alice@example.com").Workspace(ctxb, ws)
			if err != nil {
				t.Fatal(err)
			}
			// The workspace, its settings, the chat and every message.
			if want := int64(tc.msgs + 3); w.Head != want {
				t.Fatalf("server head %d, want %d", w.Head, want)
			}
		})
	}
}

// A change larger alone than the server's body limit stays here, listed as
// refused, and the rest of the workspace goes on.
func TestChangeTooLargeAloneStaysPending(t *testing.T) {
	env := servertest.Start(t, servertest.SQLite(t), func(c *server.Config) { c.MaxBodyBytes = 4 << 10 })
	env.User("alice@example.com", syncproto.RoleMember)
	a := newDesk(t, "alice-desk", deskOpts{})
	ws := a.newWorkspace("Office")
	chat := a.insert("chats", ws, store.Values{"title": "Answers", "model_ref": "openai:fake-chat"})
	big := a.insert("messages", ws, store.Values{"chat_id": chat, "role": "assistant", "content": strings.Repeat("x", 8<<10), "status": "complete"})
	small := a.insert("messages", ws, store.Values{"chat_id": chat, "role": "user", "content": "a short question", "status": "complete"})
	a.shareAt(env.URL, "alice@example.com", servertest.Password, ws)
	st, err := a.svc.SyncNow(ctxb, ws)
	if err != nil || st.Pending != 1 || st.ErrorCode != CodeRejected || len(st.Rejections) != 1 ||
		st.Rejections[0].RowID != big || st.Rejections[0].Code != syncproto.CodeTooLarge {
		t.Fatalf("after pushing a change larger than the server takes: %+v %v", st, err)
	}
	if n := a.count(`SELECT count(*) FROM change_log WHERE row_id = ? AND pushed_at IS NOT NULL`, small); n != 1 {
		t.Fatal("the change after the refused one was not pushed")
	}
}
