package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// FuzzPush throws arbitrary bodies at a member's push. Whatever arrives:
// no 5xx, nothing outside the caller's workspace changes, and every row
// stored in it belongs to it. `go test` runs the seeds; `make bench` fuzzes.
func FuzzPush(f *testing.F) {
	d := servertest.NewDevice("fuzz-dev")
	enc := func(chs ...syncproto.Change) []byte {
		b, _ := json.Marshal(syncproto.PushRequest{Changes: chs})
		return b
	}
	chat := d.Change("ws", "chats", "c1", map[string]any{"title": "t", "shared": 1}, false)
	f.Add(enc(
		d.Change("ws", "workspaces", "ws", map[string]any{"name": "W"}, false),
		d.Change("ws", "workspace_settings", "s1", map[string]any{"system_prompt": "p"}, false),
		d.Change("ws", "model_assignments", "m1", map[string]any{"model_ref": "openai:gpt-4o-mini"}, false),
		d.Change("ws", "param_profiles", "p1", map[string]any{"name": "P", "temperature": 0.2}, false),
		d.Change("ws", "prompt_templates", "t1", map[string]any{"name": "T", "body": "b"}, false),
		chat,
		d.Change("ws", "messages", "msg1", map[string]any{"chat_id": "c1", "role": "user", "content": "hi", "status": "complete"}, false),
		d.Change("ws", "documents", "doc1", map[string]any{"name": "a.pdf", "chat_id": nil, "sha256": ""}, false),
	))
	f.Add(enc(d.Change("ws", "prompt_templates", "t1", map[string]any{"name": "", "body": ""}, true)))
	f.Add(enc(d.Change("other", "prompt_templates", "t9", map[string]any{"name": "x"}, false)))
	f.Add(enc(d.Change("ws", "messages", "msg2", map[string]any{"chat_id": "eve-chat", "role": "user", "status": "complete"}, false)))
	f.Add(enc(d.Change("ws", "workspaces", "other", map[string]any{"name": "hijack"}, false)))
	f.Add(enc(chat, chat, chat))
	forged := d.Change("ws", "prompt_templates", "t2", map[string]any{"name": "x"}, false)
	forged.Snapshot = json.RawMessage(`{"id":"t2","workspace_id":"other","hlc":"` + forged.HLC + `"}`)
	f.Add(enc(forged))
	wrongID := d.Change("ws", "prompt_templates", "t3", map[string]any{"name": "x"}, false)
	wrongID.RowID = "t4"
	f.Add(enc(wrongID))
	for _, s := range []string{
		``, `null`, `[]`, `{}`, `{"changes":null}`, `{"changes":[null]}`, `{"changes":[{}]}`,
		`{"changes":[{"table":"chats","rowId":"x","workspaceId":"ws","hlc":"000000000000001-000000-n","deviceId":"d","op":"insert","snapshot":null}]}`,
		`{"changes":[{"table":"chats","rowId":"x","workspaceId":"ws","hlc":"000000000000001-000000-n","deviceId":"d","op":"insert","snapshot":{"id":"x","workspace_id":"ws","hlc":"000000000000001-000000-n","deleted_at":"yes"}}]}`,
		`{"changes":[{"table":"chats","rowId":"x","workspaceId":"ws","hlc":"999999999999999-999999-n","deviceId":"d","op":"insert","snapshot":{"id":"x","workspace_id":"ws","hlc":"999999999999999-999999-n"}}]}`,
		`{"changes":[{"table":"chats","rowId":"../../etc","workspaceId":"ws","hlc":"x","deviceId":"d","op":"hide","snapshot":[1,2]}]}`,
		`{"changes":[{"table":"sync_rows","rowId":"x","workspaceId":"ws","hlc":"000000000000001-000000-n","deviceId":"d","op":"insert","snapshot":{"id":"x","workspace_id":"ws","hlc":"000000000000001-000000-n","a; DROP TABLE users":1}}]}`,
		`{"changes":[{"table":"messages","rowId":"m","workspaceId":"ws","hlc":"000000000000001-000000-n","deviceId":"d","op":"insert","snapshot":{"id":"m","workspace_id":"ws","hlc":"000000000000001-000000-n","chat_id":1e309}}]}`,
		"{\"changes\":[{\"table\":\"chats\",\"rowId\":\"\xff\xfe\"}]}",
		`{"changes":` + string(bytes.Repeat([]byte("["), 5000)),
	} {
		f.Add([]byte(s))
	}

	type target struct {
		env   *servertest.Env
		token string
	}
	var targets []target
	for _, b := range servertest.Backends() {
		env := servertest.Start(f, b.Open(f), func(c *server.Config) { c.AccessTTL = 24 * time.Hour; c.MaxChanges = 200 })
		admin, _ := env.User("admin@example.com", syncproto.RoleAdmin)
		member, _ := env.User("member@example.com", syncproto.RoleMember)
		eve, _ := env.User("eve@example.com", syncproto.RoleMember)
		env.Workspace("ws", admin, map[*syncproto.Client]string{member: syncproto.RoleMember})
		env.Workspace("other", eve, nil)
		// Eve's own data, including a private chat the member must not touch.
		ed := servertest.NewDevice("eve-dev")
		ctx := context.Background()
		if _, err := eve.Push(ctx, "other", []syncproto.Change{
			ed.Change("other", "chats", "eve-chat", map[string]any{"title": "eve"}, false),
			ed.Change("other", "prompt_templates", "t1", map[string]any{"name": "eve's"}, false),
		}); err != nil {
			f.Fatal(err)
		}
		if _, err := eve.Push(ctx, "ws", nil); err == nil {
			f.Fatal("eve pushed into ws")
		}
		targets = append(targets, target{env: env, token: member.Tokens().AccessToken})
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		for _, tg := range targets {
			before := outsideFingerprint(t, tg.env)
			req, _ := http.NewRequest("POST", tg.env.URL+"/api/workspaces/ws/push", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tg.token)
			hc := tg.env.HTTP.Client()
			hc.Timeout = 20 * time.Second
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatalf("%v (body %q)", err, body)
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Fatalf("%s: %d %s", tg.env.DB.Kind(), resp.StatusCode, out)
			}
			if after := outsideFingerprint(t, tg.env); after != before {
				t.Fatalf("%s: a push to ws changed another workspace", tg.env.DB.Kind())
			}
			checkInside(t, tg.env)
		}
	})
}

// outsideFingerprint hashes everything that is not workspace ws's rows.
func outsideFingerprint(t *testing.T, env *servertest.Env) string {
	h := sha256.New()
	for _, q := range []string{
		`SELECT workspace_id || tbl || row_id || hlc || snapshot || CAST(seq AS TEXT) FROM sync_rows WHERE workspace_id <> 'ws' ORDER BY workspace_id, tbl, row_id`,
		`SELECT id || CAST(seq AS TEXT) || CAST(usage_bytes AS TEXT) FROM workspaces WHERE id <> 'ws' ORDER BY id`,
		`SELECT workspace_id || user_id || role FROM members ORDER BY workspace_id, user_id`,
		`SELECT id || email || role || CAST(disabled AS TEXT) FROM users ORDER BY id`,
	} {
		rows, err := env.DB.Reader().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			fmt.Fprintln(h, s)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

// checkInside: every row of ws claims ws, its own id and the server-set author.
func checkInside(t *testing.T, env *servertest.Env) {
	rows, err := env.DB.Reader().Query(`SELECT row_id, author_id, snapshot FROM sync_rows WHERE workspace_id = 'ws'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, author, snap string
		rows.Scan(&id, &author, &snap)
		var m map[string]any
		if err := json.Unmarshal([]byte(snap), &m); err != nil {
			t.Fatalf("stored snapshot is not JSON: %s", snap)
		}
		if m["workspace_id"] != "ws" || m["id"] != id || m["author_id"] != author {
			t.Fatalf("stored row does not belong: %s", snap)
		}
	}
}
