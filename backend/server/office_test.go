package server_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

func uploadBytes(c *syncproto.Client, ws string, data []byte) error {
	sum := sha256.Sum256(data)
	_, err := c.UploadFile(context.Background(), ws, hex.EncodeToString(sum[:]), bytes.NewReader(data), int64(len(data)))
	return err
}

func apiStatus(err error) (int, string) {
	var ae *syncproto.APIError
	if errors.As(err, &ae) {
		return ae.Status, ae.Code
	}
	return 0, ""
}

func adminWorkspace(t *testing.T, c *syncproto.Client, ws string) syncproto.AdminWorkspace {
	t.Helper()
	all, err := c.AdminWorkspaces(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range all {
		if w.ID == ws {
			return w
		}
	}
	t.Fatalf("%s is not listed: %+v", ws, all)
	return syncproto.AdminWorkspace{}
}

// Storage shown and enforced is summed from the rows and files: a counter
// set to nonsense and file sizes rewritten in the database change nothing.
func TestStorageIsSummedFromRows(t *testing.T) {
	numbers := map[string][2]int64{}
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		ctx := context.Background()
		o := newOffice(t, b)
		d := servertest.NewDevice("d1")
		for _, id := range []string{"t1", "t2", "t3"} {
			push(t, o.alice, "ws", d.Change("ws", "prompt_templates", id, map[string]any{"name": id, "body": strings.Repeat("b", 300)}, false))
		}
		files := [][]byte{bytes.Repeat([]byte("f"), 4000), bytes.Repeat([]byte("g"), 1500)}
		for _, f := range files {
			if err := uploadBytes(o.alice, "ws", f); err != nil {
				t.Fatal(err)
			}
		}
		if err := uploadBytes(o.bob, "ws", files[0]); err != nil { // the same file again: counted once
			t.Fatal(err)
		}
		// What is stored, measured independently of any size column.
		var want int64 = 4000 + 1500
		rows, err := o.env.DB.Reader().Query(`SELECT snapshot FROM sync_rows WHERE workspace_id = 'ws'`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var snap string
			rows.Scan(&snap)
			want += int64(len(snap))
		}
		rows.Close()
		nfiles := int64(2)
		check := func(when string) {
			t.Helper()
			w := adminWorkspace(t, o.admin, "ws")
			if w.UsageBytes != want || w.Files != nfiles {
				t.Fatalf("%s: admin list says %d bytes in %d files, stored are %d in %d", when, w.UsageBytes, w.Files, want, nfiles)
			}
			mine, err := o.alice.Workspace(ctx, "ws")
			if err != nil {
				t.Fatal(err)
			}
			if mine.UsageBytes != want {
				t.Fatalf("%s: the workspace says %d bytes, stored are %d", when, mine.UsageBytes, want)
			}
		}
		check("as stored")
		numbers[b.Name] = [2]int64{want, 2}
		for _, q := range []string{
			`UPDATE workspaces SET usage_bytes = 987654321012 WHERE id = 'ws'`,
			`UPDATE file_refs SET size = 1 WHERE workspace_id = 'ws'`,
		} {
			if _, err := o.env.DB.Writer().Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		check("after corrupting the counter and the file sizes")
		// The quota check sums the same way: with room for 100 bytes, a
		// 200-byte file is refused and a 60-byte one fits, whatever the
		// counter says (0 here: a counter would let anything in).
		if _, err := o.env.DB.Writer().Exec(`UPDATE workspaces SET usage_bytes = 0 WHERE id = 'ws'`); err != nil {
			t.Fatal(err)
		}
		if _, err := o.admin.SetWorkspaceQuota(ctx, "ws", syncproto.SetQuotaRequest{QuotaBytes: want + 100}); err != nil {
			t.Fatal(err)
		}
		if st, code := apiStatus(uploadBytes(o.alice, "ws", bytes.Repeat([]byte("h"), 200))); st != 413 || code != syncproto.CodeQuota {
			t.Fatalf("a file past the quota: %d %s", st, code)
		}
		res := push(t, o.alice, "ws", d.Change("ws", "prompt_templates", "t4", map[string]any{"body": strings.Repeat("c", 200)}, false))
		if res[0].Status != syncproto.Rejected || res[0].Code != syncproto.RejectQuota {
			t.Fatalf("a row past the quota: %+v", res[0])
		}
		if err := uploadBytes(o.alice, "ws", bytes.Repeat([]byte("i"), 60)); err != nil {
			t.Fatalf("a file within the quota: %v", err)
		}
		want, nfiles = want+60, 3
		check("after a file within the quota")
	})
	if pg, ok := numbers["postgres"]; ok && pg != numbers["sqlite"] {
		t.Errorf("storage differs: SQLite %v, PostgreSQL %v", numbers["sqlite"], pg)
	}
}

// Every runtime setting changes behaviour at the next request, is kept in
// the database (a second server on it sees it) and is audited.
func TestSettingsTakeEffectAtRuntime(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		ctx := context.Background()
		o := newOffice(t, b, func(c *server.Config) { c.LoginPerAccount = 50 })
		st, err := o.admin.ServerSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.DefaultQuotaBytes != 1<<30 || st.MaxFileBytes != 100<<20 || st.InvitationDays != 14 || st.LoginPerAccount != 50 {
			t.Fatalf("the flags' values: %+v", st)
		}
		set := func(p syncproto.ServerSettingsPatch) syncproto.ServerSettings {
			t.Helper()
			st, err := o.admin.UpdateServerSettings(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		i64 := func(v int64) *int64 { return &v }
		iv := func(v int) *int { return &v }

		// Default quota: 1 MiB; a workspace with its own quota keeps it.
		mib := bytes.Repeat([]byte("q"), 1<<20+10)
		set(syncproto.ServerSettingsPatch{DefaultQuotaBytes: i64(1 << 20)})
		if w, _ := o.alice.Workspace(ctx, "ws"); w.QuotaBytes != 1<<20 {
			t.Fatalf("quota shown: %d", w.QuotaBytes)
		}
		if st, code := apiStatus(uploadBytes(o.alice, "ws", mib)); st != 413 || code != syncproto.CodeQuota {
			t.Fatalf("past the new default quota: %d %s", st, code)
		}
		if _, err := o.admin.SetWorkspaceQuota(ctx, "ws", syncproto.SetQuotaRequest{QuotaBytes: 4 << 20}); err != nil {
			t.Fatal(err)
		}
		if err := uploadBytes(o.alice, "ws", mib); err != nil {
			t.Fatalf("within the workspace's own quota: %v", err)
		}

		// Largest file: 2 KiB.
		if err := uploadBytes(o.alice, "ws", bytes.Repeat([]byte("a"), 3000)); err != nil {
			t.Fatal(err)
		}
		set(syncproto.ServerSettingsPatch{MaxFileBytes: i64(2048)})
		if st, code := apiStatus(uploadBytes(o.alice, "ws", bytes.Repeat([]byte("b"), 3000))); st != 413 || code != syncproto.CodeTooLarge {
			t.Fatalf("past the new file cap: %d %s", st, code)
		}

		// Invitations: 3 days.
		set(syncproto.ServerSettingsPatch{InvitationDays: iv(3)})
		inv, err := o.admin.Invite(ctx, "ws", syncproto.InviteRequest{Email: "new@example.com", Role: syncproto.RoleMember})
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Duration(inv.ExpiresAt-inv.CreatedAt) * time.Millisecond; d != 72*time.Hour {
			t.Fatalf("invitation valid for %v", d)
		}

		// Failed logins per account: 2.
		final := set(syncproto.ServerSettingsPatch{LoginPerAccount: iv(2)})
		for range 2 {
			if st, _ := apiStatus(loginErr(o.env, "bob@example.com", "wrong password!")); st != 401 {
				t.Fatalf("wrong password: %d", st)
			}
		}
		if st, _ := apiStatus(loginErr(o.env, "bob@example.com", servertest.Password)); st != 429 {
			t.Fatalf("after 2 failures the account is locked: got %d", st)
		}

		want := syncproto.ServerSettings{DefaultQuotaBytes: 1 << 20, MaxFileBytes: 2048, InvitationDays: 3, LoginPerAccount: 2}
		if final != want {
			t.Fatalf("settings: %+v", final)
		}
		again := servertest.Start(t, o.env.DB)
		root := again.Login("admin@example.com")
		if st, err := root.ServerSettings(ctx); err != nil || st != want {
			t.Fatalf("another server on the database: %+v %v", st, err)
		}
		page, err := o.admin.AuditFiltered(ctx, syncproto.AuditFilter{Action: "admin.settings_change"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Entries) != 4 || page.Entries[0].Detail["login_per_account"] != "2" {
			t.Fatalf("audit: %+v", page.Entries)
		}
		for _, bad := range []syncproto.ServerSettingsPatch{{InvitationDays: iv(0)}, {MaxFileBytes: i64(-1)}, {LoginPerAccount: iv(100000)}} {
			if st, _ := apiStatus(func() error { _, err := o.admin.UpdateServerSettings(ctx, bad); return err }()); st != 400 {
				t.Errorf("%+v: %d, want 400", bad, st)
			}
		}
	})
}

func loginErr(env *servertest.Env, email, pw string) error {
	_, err := env.Client().Login(context.Background(), syncproto.LoginRequest{Email: email, Password: pw})
	return err
}

func TestAdminWorkspacesQuotaAndMembers(t *testing.T) {
	ctx := context.Background()
	o := newOffice(t, servertest.Backends()[0])
	// solo: alice's, with bob; the server admin is no member of it.
	o.env.Workspace("solo", o.alice, map[*syncproto.Client]string{o.bob: syncproto.RoleMember})
	w := adminWorkspace(t, o.admin, "solo")
	if w.Members != 2 || w.OwnQuota || w.QuotaBytes != 1<<30 || w.Name != "Workspace solo" {
		t.Fatalf("solo: %+v", w)
	}
	w, err := o.admin.SetWorkspaceQuota(ctx, "solo", syncproto.SetQuotaRequest{QuotaBytes: 5 << 20})
	if err != nil || !w.OwnQuota || w.QuotaBytes != 5<<20 {
		t.Fatalf("set quota: %+v %v", w, err)
	}
	if w, _ := o.alice.Workspace(ctx, "solo"); w.QuotaBytes != 5<<20 {
		t.Fatalf("members see the quota: %d", w.QuotaBytes)
	}
	if w, err := o.admin.SetWorkspaceQuota(ctx, "solo", syncproto.SetQuotaRequest{}); err != nil || w.OwnQuota || w.QuotaBytes != 1<<30 {
		t.Fatalf("back to the default: %+v %v", w, err)
	}
	if st, _ := apiStatus(func() error {
		_, err := o.admin.SetWorkspaceQuota(ctx, "solo", syncproto.SetQuotaRequest{QuotaBytes: -1})
		return err
	}()); st != 400 {
		t.Fatalf("negative quota: %d", st)
	}
	if st, _ := apiStatus(func() error {
		_, err := o.admin.SetWorkspaceQuota(ctx, "nope", syncproto.SetQuotaRequest{QuotaBytes: 1 << 20})
		return err
	}()); st != 404 {
		t.Fatalf("unknown workspace: %d", st)
	}
	m, err := o.admin.AdminMembers(ctx, "solo")
	if err != nil || len(m.Members) != 2 {
		t.Fatalf("members: %+v %v", m, err)
	}
	if got, err := o.admin.AdminSetMemberRole(ctx, "solo", o.bobID, syncproto.RoleAdmin); err != nil || got.Role != syncproto.RoleAdmin {
		t.Fatalf("promote bob: %+v %v", got, err)
	}
	if _, err := o.admin.AdminSetMemberRole(ctx, "solo", o.aliceID, syncproto.RoleMember); err != nil {
		t.Fatal(err)
	}
	if st, _ := apiStatus(func() error {
		_, err := o.admin.AdminSetMemberRole(ctx, "solo", o.bobID, syncproto.RoleMember)
		return err
	}()); st != 409 {
		t.Fatalf("demoting the last admin: %d", st)
	}
	// Managing is not reading: the server admin still cannot pull solo.
	if _, err := o.admin.Pull(ctx, "solo", 0, 0); !syncproto.IsStatus(err, 404) {
		t.Fatalf("server admin pulled a workspace they are not in: %v", err)
	}
	page, err := o.admin.AuditFiltered(ctx, syncproto.AuditFilter{Action: "admin.", Workspace: "solo"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range page.Entries {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, ",") != "admin.role_change,admin.role_change,admin.quota_set,admin.quota_set" {
		t.Fatalf("audit of solo's admin changes: %v", actions)
	}
}

func TestAuditFilters(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		ctx := context.Background()
		o := newOffice(t, b)
		o.env.Clock.Advance(time.Hour)
		mark := o.env.Clock.Now().UnixMilli()
		if _, err := o.admin.SetWorkspaceQuota(ctx, "ws", syncproto.SetQuotaRequest{QuotaBytes: 2 << 20}); err != nil {
			t.Fatal(err)
		}
		o.env.Login("alice@example.com")
		loginErr(o.env, "alice@example.com", "not her password")
		get := func(f syncproto.AuditFilter) []syncproto.AuditEntry {
			t.Helper()
			p, err := o.admin.AuditFiltered(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return p.Entries
		}
		all := get(syncproto.AuditFilter{})
		for name, c := range map[string]struct {
			f    syncproto.AuditFilter
			keep func(e syncproto.AuditEntry) bool
		}{
			"actor":     {syncproto.AuditFilter{Actor: o.aliceID}, func(e syncproto.AuditEntry) bool { return e.ActorID == o.aliceID }},
			"action":    {syncproto.AuditFilter{Action: "login"}, func(e syncproto.AuditEntry) bool { return e.Action == "login" }},
			"prefix":    {syncproto.AuditFilter{Action: "admin."}, func(e syncproto.AuditEntry) bool { return strings.HasPrefix(e.Action, "admin.") }},
			"workspace": {syncproto.AuditFilter{Workspace: "ws"}, func(e syncproto.AuditEntry) bool { return e.WorkspaceID == "ws" }},
			"from":      {syncproto.AuditFilter{From: mark}, func(e syncproto.AuditEntry) bool { return e.At >= mark }},
			"to":        {syncproto.AuditFilter{To: mark}, func(e syncproto.AuditEntry) bool { return e.At < mark }},
			"combined": {syncproto.AuditFilter{Actor: o.aliceID, Action: "login", From: mark}, func(e syncproto.AuditEntry) bool {
				return e.ActorID == o.aliceID && e.Action == "login" && e.At >= mark
			}},
		} {
			var want []string
			for _, e := range all {
				if c.keep(e) {
					want = append(want, e.ID)
				}
			}
			var got []string
			for _, e := range get(c.f) {
				got = append(got, e.ID)
			}
			if len(want) == 0 || strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s: got %d entries, want %d (%v vs %v)", name, len(got), len(want), got, want)
			}
		}
		if n := len(get(syncproto.AuditFilter{Action: "login."})); n != 0 {
			t.Errorf("a prefix matches only names with it: %d", n)
		}
	})
}

// Events travel through a real reverse proxy as they happen (no
// buffering), heartbeats keep an idle stream alive, and a client that goes
// away frees its stream.
func TestEventsThroughReverseProxy(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		ctx := context.Background()
		o := newOffice(t, b, func(c *server.Config) { c.EventsHeartbeat = 30 * time.Millisecond })
		target, _ := url.Parse(o.env.URL)
		proxy := httptest.NewServer(httputil.NewSingleHostReverseProxy(target))
		t.Cleanup(proxy.Close)

		req, _ := http.NewRequest("GET", proxy.URL+"/api/workspaces/ws/events", nil)
		req.Header.Set("Authorization", "Bearer "+o.bob.Tokens().AccessToken)
		resp, err := proxy.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		h := resp.Header
		if resp.StatusCode != 200 || h.Get("Content-Type") != "text/event-stream" || h.Get("Cache-Control") != "no-cache" ||
			h.Get("X-Accel-Buffering") != "no" {
			t.Fatalf("%d %v", resp.StatusCode, h)
		}
		lines := bufio.NewScanner(resp.Body)
		next := func(prefix string) string {
			t.Helper()
			for lines.Scan() {
				if strings.HasPrefix(lines.Text(), prefix) {
					return lines.Text()
				}
			}
			t.Fatalf("stream ended before %q: %v", prefix, lines.Err())
			return ""
		}
		if l := next("retry:"); l != "retry: 3000" {
			t.Fatalf("retry hint: %q", l)
		}
		if l := next("data:"); l != `data: {"head":0}` {
			t.Fatalf("the head on connect: %q", l)
		}
		next(": ping") // idle: heartbeats come
		d := servertest.NewDevice("d1")
		push(t, o.alice, "ws", d.Change("ws", "prompt_templates", "t1", map[string]any{"name": "x"}, false))
		// Reading blocks until the event passes the proxy: a buffering
		// proxy would hold it (and the test would time out).
		if l := next("data:"); l != `data: {"head":1}` {
			t.Fatalf("after a push: %q", l)
		}
		if n := o.env.Server.EventStreams(); n != 1 {
			t.Fatalf("open streams: %d", n)
		}
		resp.Body.Close()
		waitFor(t, "the stream to be freed", func() bool { return o.env.Server.EventStreams() == 0 })

		// The client's reader, through the proxy.
		c := syncproto.NewClient(proxy.URL, proxy.Client())
		c.SetTokens(o.alice.Tokens())
		heads := make(chan int64, 10)
		sctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- c.Events(sctx, "ws", time.Minute, func(e syncproto.ChangeEvent) { heads <- e.Head }) }()
		if h := <-heads; h != 1 {
			t.Fatalf("head on connect: %d", h)
		}
		push(t, o.bob, "ws", d.Change("ws", "prompt_templates", "t2", map[string]any{"name": "y"}, false))
		if h := <-heads; h != 2 {
			t.Fatalf("head after push: %d", h)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("a cancelled stream ends without error: %v", err)
		}
		waitFor(t, "the client's stream to be freed", func() bool { return o.env.Server.EventStreams() == 0 })

		// A member removed while listening: the stream ends.
		go func() { done <- o.bob.Events(ctx, "ws", time.Minute, func(syncproto.ChangeEvent) {}) }()
		waitFor(t, "bob's stream", func() bool { return o.env.Server.EventStreams() == 1 })
		if err := o.admin.RemoveMember(ctx, "ws", o.bobID); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err == nil {
			t.Fatal("the removed member's stream did not end with an error")
		}
		// A session that ends (sign-out) ends its stream.
		alice2 := o.env.Login("alice@example.com")
		go func() { done <- alice2.Events(ctx, "ws", time.Minute, func(syncproto.ChangeEvent) {}) }()
		waitFor(t, "alice's stream", func() bool { return o.env.Server.EventStreams() == 1 })
		if err := alice2.Logout(ctx); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err == nil {
			t.Fatal("the signed-out session's stream did not end with an error")
		}
		waitFor(t, "no stream left", func() bool { return o.env.Server.EventStreams() == 0 })
		// And an old server (no such endpoint) is told apart.
		if err := o.eve.Events(ctx, "ws", time.Minute, func(syncproto.ChangeEvent) {}); syncproto.NoEndpoint(err) || !syncproto.IsStatus(err, 404) {
			t.Fatalf("a non-member: %v", err)
		}
	})
}

// waitFor polls cond (state another goroutine reaches), failing after a
// generous deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
	}
}
