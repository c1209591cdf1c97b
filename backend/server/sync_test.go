package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// office is a workspace "ws" with an admin, two members and an outsider.
type office struct {
	env                    *servertest.Env
	admin, alice, bob, eve *syncproto.Client
	aliceID, bobID         string
}

func newOffice(t *testing.T, b servertest.Backend, tune ...func(*server.Config)) *office {
	env := servertest.Start(t, b.Open(t), tune...)
	o := &office{env: env}
	o.admin, _ = env.User("admin@example.com", syncproto.RoleAdmin)
	var u syncproto.User
	o.alice, u = env.User("alice@example.com", syncproto.RoleMember)
	o.aliceID = u.ID
	o.bob, u = env.User("bob@example.com", syncproto.RoleMember)
	o.bobID = u.ID
	o.eve, _ = env.User("eve@example.com", syncproto.RoleMember)
	env.Workspace("ws", o.admin, map[*syncproto.Client]string{o.alice: syncproto.RoleMember, o.bob: syncproto.RoleMember})
	return o
}

func push(t *testing.T, c *syncproto.Client, ws string, chs ...syncproto.Change) []syncproto.PushResult {
	t.Helper()
	res, err := c.Push(context.Background(), ws, chs)
	if err != nil {
		t.Fatal(err)
	}
	return res.Results
}

func pullAll(t *testing.T, c *syncproto.Client, ws string, after int64) (map[string]syncproto.Change, int64) {
	t.Helper()
	out := map[string]syncproto.Change{}
	for {
		p, err := c.Pull(context.Background(), ws, after, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range p.Changes {
			if ch.Seq <= after {
				t.Fatalf("sequence went back: %d after %d", ch.Seq, after)
			}
			after = ch.Seq
			out[ch.Table+"/"+ch.RowID] = ch
		}
		after = p.Next
		if !p.More {
			return out, after
		}
	}
}

func wantStatus(t *testing.T, got []syncproto.PushResult, want ...syncproto.PushStatus) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d: %+v", len(got), len(want), got)
	}
	for i := range got {
		if got[i].Status != want[i] {
			t.Fatalf("result %d: %+v, want %s", i, got[i], want[i])
		}
	}
}

func TestPushPullLWWAndIdempotency(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		d1, d2 := servertest.NewDevice("dev1"), servertest.NewDevice("dev2")
		older := d1.Change("ws", "prompt_templates", "t1", map[string]any{"name": "A", "body": "a"}, false)
		newer := d2.Change("ws", "prompt_templates", "t1", map[string]any{"name": "B", "body": "b"}, false)
		if older.HLC >= newer.HLC {
			newer = d2.Change("ws", "prompt_templates", "t1", map[string]any{"name": "B", "body": "b"}, false)
		}
		wantStatus(t, push(t, o.alice, "ws", newer), syncproto.Applied)
		wantStatus(t, push(t, o.bob, "ws", older), syncproto.Stale)
		wantStatus(t, push(t, o.alice, "ws", newer), syncproto.Duplicate)

		rows, head := pullAll(t, o.bob, "ws", 0)
		got := rows["prompt_templates/t1"]
		var snap map[string]any
		json.Unmarshal(got.Snapshot, &snap)
		if snap["name"] != "B" || got.AuthorID != o.aliceID || snap["author_id"] != o.aliceID {
			t.Fatalf("winner = %s (author %s)", got.Snapshot, got.AuthorID)
		}
		// The same batch again changes nothing: the head stays.
		res, err := o.alice.Push(context.Background(), "ws", []syncproto.Change{newer, older})
		if err != nil || res.Head != head {
			t.Fatalf("repeat push moved head %d -> %d (%v)", head, res.Head, err)
		}
		// A tombstone with a later stamp wins and stays a tombstone.
		del := d1.Change("ws", "prompt_templates", "t1", map[string]any{"name": "", "body": ""}, true)
		wantStatus(t, push(t, o.bob, "ws", del), syncproto.Applied)
		rows, _ = pullAll(t, o.alice, "ws", head)
		if rows["prompt_templates/t1"].Op != syncproto.OpDelete {
			t.Fatalf("tombstone not pulled: %+v", rows)
		}
	})
}

func TestChatVisibilityAndOwnership(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		d := servertest.NewDevice("alice-laptop")
		chat := d.Change("ws", "chats", "c1", map[string]any{"title": "secret", "shared": 0}, false)
		msg := d.Change("ws", "messages", "m1", map[string]any{"chat_id": "c1", "role": "user", "content": "hi", "status": "complete"}, false)
		// Messages before their chat in the batch: the server applies parents first.
		wantStatus(t, push(t, o.alice, "ws", msg, chat), syncproto.Applied, syncproto.Applied)

		bobRows, bobCursor := pullAll(t, o.bob, "ws", 0)
		if _, ok := bobRows["chats/c1"]; ok {
			t.Fatal("bob sees alice's private chat")
		}
		if _, ok := bobRows["messages/m1"]; ok {
			t.Fatal("bob sees a private message")
		}
		// Bob cannot write into it, shared or not.
		bd := servertest.NewDevice("bob-pc")
		forged := bd.Change("ws", "messages", "m2", map[string]any{"chat_id": "c1", "role": "user", "content": "x", "status": "complete"}, false)
		res := push(t, o.bob, "ws", forged, bd.Change("ws", "chats", "c1", map[string]any{"title": "mine"}, false))
		if res[0].Status != syncproto.Rejected || res[1].Code != syncproto.RejectForbidden {
			t.Fatalf("bob wrote into alice's chat: %+v", res)
		}
		// Unknown chat: retry later.
		orphan := d.Change("ws", "messages", "m9", map[string]any{"chat_id": "nochat", "role": "user", "status": "complete"}, false)
		if r := push(t, o.alice, "ws", orphan); r[0].Code != syncproto.RejectUnknownParent {
			t.Fatalf("orphan message: %+v", r)
		}

		// Sharing re-issues the chat's messages past bob's cursor.
		share := d.Change("ws", "chats", "c1", map[string]any{"title": "secret", "shared": 1}, false)
		wantStatus(t, push(t, o.alice, "ws", share), syncproto.Applied)
		bobRows, bobCursor = pullAll(t, o.bob, "ws", bobCursor)
		if bobRows["chats/c1"].Op == "" || bobRows["messages/m1"].Op == "" {
			t.Fatalf("bob misses the shared chat: %v", keys(bobRows))
		}
		if bobRows["chats/c1"].OwnerID != o.aliceID {
			t.Fatalf("owner = %q", bobRows["chats/c1"].OwnerID)
		}
		// Still only alice continues it.
		if r := push(t, o.bob, "ws", bd.Change("ws", "messages", "m3", map[string]any{"chat_id": "c1", "role": "user", "status": "complete"}, false)); r[0].Code != syncproto.RejectForbidden {
			t.Fatalf("bob continued alice's shared chat: %+v", r)
		}
		// A complete message is append-only.
		edit := d.Change("ws", "messages", "m1", map[string]any{"chat_id": "c1", "role": "user", "content": "edited", "status": "complete"}, false)
		if r := push(t, o.alice, "ws", edit); r[0].Code != syncproto.RejectImmutable {
			t.Fatalf("complete message edited: %+v", r)
		}
		// Unsharing hides it from bob without content.
		unshare := d.Change("ws", "chats", "c1", map[string]any{"title": "secret", "shared": 0}, false)
		wantStatus(t, push(t, o.alice, "ws", unshare), syncproto.Applied)
		bobRows, _ = pullAll(t, o.bob, "ws", bobCursor)
		if h := bobRows["chats/c1"]; h.Op != syncproto.OpHide || len(h.Snapshot) != 0 {
			t.Fatalf("unshared chat reached bob as %+v", h)
		}
		// Workspace settings are for workspace admins.
		set := bd.Change("ws", "workspace_settings", "s1", map[string]any{"system_prompt": "x"}, false)
		if r := push(t, o.bob, "ws", set); r[0].Code != syncproto.RejectForbidden {
			t.Fatalf("member changed settings: %+v", r)
		}
		wantStatus(t, push(t, o.admin, "ws", set), syncproto.Applied)
	})
}

func keys(m map[string]syncproto.Change) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestPushRejectsForeignAndMalformed(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		d := servertest.NewDevice("d")
		other := d.Change("other", "prompt_templates", "t1", map[string]any{"name": "x"}, false)
		if r := push(t, o.alice, "ws", other); r[0].Status != syncproto.Rejected {
			t.Fatalf("change for another workspace: %+v", r)
		}
		future := d.Change("ws", "prompt_templates", "t2", map[string]any{"name": "x"}, false)
		st := syncproto.Stamp{Wall: time.Now().Add(48 * time.Hour).UnixMilli(), Node: "d"}
		var snap map[string]any
		json.Unmarshal(future.Snapshot, &snap)
		snap["hlc"] = st.String()
		future.HLC = st.String()
		future.Snapshot, _ = json.Marshal(snap)
		if r := push(t, o.alice, "ws", future); r[0].Code != syncproto.RejectClockSkew {
			t.Fatalf("future stamp: %+v", r)
		}
		_, err := o.eve.Push(context.Background(), "ws", []syncproto.Change{future})
		if !syncproto.IsStatus(err, http.StatusNotFound) {
			t.Fatalf("outsider push: %v", err)
		}
	})
}

func TestFiles(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b, func(c *server.Config) { c.QuotaBytes = 3<<20 + 100; c.MaxFileBytes = 4 << 20 })
		ctx := context.Background()
		data := bytes.Repeat([]byte("bookbag "), (2<<20)/8+123) // spans three chunks
		sum := sha256.Sum256(data)
		h := hex.EncodeToString(sum[:])
		missing, err := o.alice.MissingFiles(ctx, "ws", []string{h})
		if err != nil || len(missing) != 1 {
			t.Fatalf("missing = %v, %v", missing, err)
		}
		if _, err := o.alice.UploadFile(ctx, "ws", h, bytes.NewReader(data[1:]), int64(len(data)-1)); !syncproto.IsStatus(err, 400) {
			t.Fatalf("wrong bytes accepted: %v", err)
		}
		if _, err := o.alice.UploadFile(ctx, "ws", h, bytes.NewReader(data), int64(len(data))); err != nil {
			t.Fatal(err)
		}
		if missing, _ := o.bob.MissingFiles(ctx, "ws", []string{h}); len(missing) != 0 {
			t.Fatalf("still missing: %v", missing)
		}
		var buf bytes.Buffer
		if _, err := o.bob.DownloadFile(ctx, "ws", h, &buf); err != nil || !bytes.Equal(buf.Bytes(), data) {
			t.Fatalf("download: %v (%d bytes)", err, buf.Len())
		}
		if _, err := o.eve.DownloadFile(ctx, "ws", h, &buf); !syncproto.IsStatus(err, 404) {
			t.Fatalf("outsider download: %v", err)
		}
		// Quota: a second 2 MiB file does not fit in 3 MiB.
		data2 := bytes.Repeat([]byte("x"), 2<<20)
		sum2 := sha256.Sum256(data2)
		if _, err := o.alice.UploadFile(ctx, "ws", hex.EncodeToString(sum2[:]), bytes.NewReader(data2), int64(len(data2))); !syncproto.IsStatus(err, 413) {
			t.Fatalf("over quota: %v", err)
		}
		big := bytes.Repeat([]byte("y"), 5<<20)
		sum3 := sha256.Sum256(big)
		if _, err := o.alice.UploadFile(ctx, "ws", hex.EncodeToString(sum3[:]), bytes.NewReader(big), int64(len(big))); !syncproto.IsStatus(err, 413) {
			t.Fatalf("over file cap: %v", err)
		}
	})
}

func TestWaitWakesOnPush(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		ctx := context.Background()
		got := make(chan int64, 1)
		go func() {
			head, err := o.bob.Wait(ctx, "ws", 0, 20*time.Second)
			if err != nil {
				t.Error(err)
			}
			got <- head
		}()
		time.Sleep(100 * time.Millisecond)
		d := servertest.NewDevice("d")
		push(t, o.alice, "ws", d.Change("ws", "prompt_templates", "t", map[string]any{"name": "n"}, false))
		select {
		case h := <-got:
			if h < 1 {
				t.Fatalf("head %d", h)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("wait did not wake")
		}
		if h, err := o.bob.Wait(ctx, "ws", 99, time.Second); err != nil || h != 1 {
			t.Fatalf("timed-out wait: %d, %v", h, err)
		}
	})
}
