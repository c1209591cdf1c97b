package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// The authorization matrix: every route of Server.Routes() × every kind of
// caller × the caller's own workspace and a foreign one. A route without a
// sample request below fails the test, so a new endpoint cannot ship
// untested.

type actor struct {
	name   string
	client *syncproto.Client // nil: anonymous
	user   syncproto.User
}

type authzFixture struct {
	env                  *servertest.Env
	actors               []*actor
	victim, fvictim      syncproto.User
	invOwn, invForeign   string // invitations in ws and foreign
	fileOwn, fileForeign string // files held only by ws / only by foreign
	fowner               *syncproto.Client
	device               *servertest.Device
}

func newAuthzFixture(t *testing.T, b servertest.Backend) *authzFixture {
	ctx := context.Background()
	env := servertest.Start(t, b.Open(t))
	fx := &authzFixture{env: env, device: servertest.NewDevice("authz")}
	mk := func(name, role string) *actor {
		c, u := env.User(name+"@example.com", role)
		return &actor{name: name, client: c, user: u}
	}
	anon := &actor{name: "anonymous"}
	outsider := mk("outsider", syncproto.RoleMember)
	sadmin := mk("serveradmin", syncproto.RoleAdmin)
	member := mk("wsmember", syncproto.RoleMember)
	wadmin := mk("wsadmin", syncproto.RoleMember)
	victim := mk("victim", syncproto.RoleMember)
	fowner := mk("fowner", syncproto.RoleMember)
	fvictim := mk("fvictim", syncproto.RoleMember)
	fx.victim, fx.fvictim, fx.fowner = victim.user, fvictim.user, fowner.client
	env.Workspace("ws", wadmin.client, map[*syncproto.Client]string{member.client: syncproto.RoleMember, victim.client: syncproto.RoleMember})
	env.Workspace("foreign", fowner.client, map[*syncproto.Client]string{fvictim.client: syncproto.RoleMember})
	inv, err := wadmin.client.Invite(ctx, "ws", syncproto.InviteRequest{Email: "invitee@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	fx.invOwn = inv.ID
	inv, err = fowner.client.Invite(ctx, "foreign", syncproto.InviteRequest{Email: "finvitee@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	fx.invForeign = inv.ID
	fx.fileOwn = upload(t, wadmin.client, "ws", []byte("own file"))
	fx.fileForeign = upload(t, fowner.client, "foreign", []byte("foreign file"))
	// Least privilege first, so an allowed destructive call (leave, remove,
	// delete) runs after every refusal has been checked.
	fx.actors = []*actor{anon, outsider, sadmin, member, wadmin}
	return fx
}

func upload(t *testing.T, c *syncproto.Client, ws string, data []byte) string {
	t.Helper()
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	if _, err := c.UploadFile(context.Background(), ws, h, bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatal(err)
	}
	return h
}

// sample is the request a route gets: path values and body. foreign asks
// for the variant aimed at the foreign workspace (or someone else's object).
type sample func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (params map[string]string, body []byte)

func jsonBody(v any) []byte { b, _ := json.Marshal(v); return b }

func wsParam(foreign bool) string {
	if foreign {
		return "foreign"
	}
	return "ws"
}

func none(*testing.T, *authzFixture, *actor, bool) (map[string]string, []byte) { return nil, nil }

func wsOnly(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
	return map[string]string{"ws": wsParam(foreign)}, nil
}

var samples = map[string]sample{
	"health": none,
	"setup": func(*testing.T, *authzFixture, *actor, bool) (map[string]string, []byte) {
		return nil, jsonBody(syncproto.SetupRequest{Token: "bbs_guess", Email: "x@example.com", Password: "long enough password"})
	},
	"login": func(*testing.T, *authzFixture, *actor, bool) (map[string]string, []byte) {
		return nil, jsonBody(syncproto.LoginRequest{Email: "victim@example.com", Password: servertest.Password})
	},
	"refresh": func(*testing.T, *authzFixture, *actor, bool) (map[string]string, []byte) {
		return nil, jsonBody(syncproto.RefreshRequest{RefreshToken: "bbr_forged"})
	},
	"logout":    none,
	"logoutAll": none,
	"me":        none,
	"updateMe": func(*testing.T, *authzFixture, *actor, bool) (map[string]string, []byte) {
		return nil, jsonBody(syncproto.UpdateMeRequest{DisplayName: "New Name"})
	},
	"changePassword": func(*testing.T, *authzFixture, *actor, bool) (map[string]string, []byte) {
		return nil, jsonBody(syncproto.ChangePasswordRequest{CurrentPassword: servertest.Password, NewPassword: "a brand new password"})
	},
	"myInvitations":     none,
	"acceptInvitation":  myInvitation,
	"declineInvitation": myInvitation,
	"listUsers":         none,
	"createUser": func(t *testing.T, fx *authzFixture, a *actor, _ bool) (map[string]string, []byte) {
		return nil, jsonBody(syncproto.CreateUserRequest{Email: "new-" + a.name + "@example.com", Role: syncproto.RoleMember})
	},
	"updateUser": func(t *testing.T, fx *authzFixture, a *actor, _ bool) (map[string]string, []byte) {
		return map[string]string{"user": fx.victim.ID}, jsonBody(map[string]any{"displayName": "Renamed"})
	},
	"resetPassword": func(t *testing.T, fx *authzFixture, a *actor, _ bool) (map[string]string, []byte) {
		return map[string]string{"user": fx.victim.ID}, jsonBody(syncproto.ResetPasswordRequest{})
	},
	"audit":           none,
	"adminUsage":      none,
	"adminWorkspaces": none,
	"setQuota": func(*testing.T, *authzFixture, *actor, bool) (map[string]string, []byte) {
		return map[string]string{"workspace": "ws"}, jsonBody(syncproto.SetQuotaRequest{QuotaBytes: 5 << 20})
	},
	"adminMembers": func(*testing.T, *authzFixture, *actor, bool) (map[string]string, []byte) {
		return map[string]string{"workspace": "ws"}, nil
	},
	"adminSetMemberRole": func(t *testing.T, fx *authzFixture, a *actor, _ bool) (map[string]string, []byte) {
		return map[string]string{"workspace": "ws", "user": fx.victim.ID}, jsonBody(syncproto.SetRoleRequest{Role: syncproto.RoleAdmin})
	},
	"settings": none,
	"updateSettings": func(*testing.T, *authzFixture, *actor, bool) (map[string]string, []byte) {
		days := 7
		return nil, jsonBody(syncproto.ServerSettingsPatch{InvitationDays: &days})
	},
	"listWorkspaces": none,
	"createWorkspace": func(t *testing.T, fx *authzFixture, a *actor, _ bool) (map[string]string, []byte) {
		return nil, jsonBody(syncproto.CreateWorkspaceRequest{ID: "new-" + a.name, Name: "New"})
	},
	"getWorkspace":    wsOnly,
	"deleteWorkspace": wsOnly,
	"members":         wsOnly,
	"setMemberRole": func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
		return map[string]string{"ws": wsParam(foreign), "user": victimOf(fx, foreign)}, jsonBody(syncproto.SetRoleRequest{Role: syncproto.RoleAdmin})
	},
	"removeMember": func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
		return map[string]string{"ws": wsParam(foreign), "user": victimOf(fx, foreign)}, nil
	},
	"leave": wsOnly,
	"invite": func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
		return map[string]string{"ws": wsParam(foreign)}, jsonBody(syncproto.InviteRequest{Email: "someone@example.com", Role: syncproto.RoleMember})
	},
	"revokeInvitation": func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
		id := fx.invOwn
		if foreign {
			id = fx.invForeign
		}
		return map[string]string{"ws": wsParam(foreign), "id": id}, nil
	},
	"workspaceAudit": wsOnly,
	"push": func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
		ws := wsParam(foreign)
		ch := fx.device.Change(ws, "prompt_templates", "tpl-"+a.name, map[string]any{"name": "n", "body": "b"}, false)
		return map[string]string{"ws": ws}, jsonBody(syncproto.PushRequest{Changes: []syncproto.Change{ch}})
	},
	"pull":   wsOnly,
	"wait":   wsOnly, // the query sets a zero timeout
	"events": wsOnly, // call reads the answer's head only
	"pushUsage": func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
		ev := syncproto.UsageEvent{ID: "ev-" + a.name, At: fx.env.Clock.Now().UnixMilli(), Model: "openai/gpt", Source: "chat", InputTokens: 1}
		return map[string]string{"ws": wsParam(foreign)}, jsonBody(syncproto.UsagePushRequest{Events: []syncproto.UsageEvent{ev}})
	},
	"workspaceUsage": wsOnly,
	"filesMissing": func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
		return map[string]string{"ws": wsParam(foreign)}, jsonBody(syncproto.FilesMissingRequest{Hashes: []string{fx.fileForeign}})
	},
	"uploadFile": func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
		data := []byte("upload by " + a.name)
		sum := sha256.Sum256(data)
		return map[string]string{"ws": wsParam(foreign), "sha": hex.EncodeToString(sum[:])}, data
	},
	"downloadFile": func(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
		sha := fx.fileOwn
		if foreign {
			sha = fx.fileForeign
		}
		return map[string]string{"ws": wsParam(foreign), "sha": sha}, nil
	},
}

func victimOf(fx *authzFixture, foreign bool) string {
	if foreign {
		return fx.fvictim.ID
	}
	return fx.victim.ID
}

// myInvitation: the own variant is an invitation addressed to the caller;
// the foreign one is addressed to someone else and must stay untouchable.
func myInvitation(t *testing.T, fx *authzFixture, a *actor, foreign bool) (map[string]string, []byte) {
	if foreign || a.client == nil {
		return map[string]string{"id": fx.invForeign}, nil
	}
	ws := "inv-" + a.name
	ctx := context.Background()
	if _, err := fx.fowner.CreateWorkspace(ctx, syncproto.CreateWorkspaceRequest{ID: ws, Name: ws}); err != nil {
		t.Fatal(err)
	}
	inv, err := fx.fowner.Invite(ctx, ws, syncproto.InviteRequest{Email: a.user.Email})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"id": inv.ID}, nil
}

// mayRefuse lists allowed calls whose handler can still say no for a
// reason that is not authorization (asserted: not 401/403/"workspace not
// found"/5xx).
var mayRefuse = map[string]string{
	"leave": "the last workspace admin cannot leave",
}

var publicRoutes = map[string]bool{"health": true, "setup": true, "login": true, "refresh": true}

// wantPolicy is the permission design, written down a second time: a route
// whose declared policy differs (or that is missing here) fails.
var wantPolicy = map[string]server.Policy{
	"health": server.Public, "setup": server.Public, "login": server.Public, "refresh": server.Public,
	"logout": server.Authenticated, "logoutAll": server.Authenticated, "me": server.Authenticated,
	"updateMe": server.Authenticated, "changePassword": server.Authenticated, "myInvitations": server.Authenticated,
	"acceptInvitation": server.Authenticated, "declineInvitation": server.Authenticated,
	"listUsers": server.ServerAdmin, "createUser": server.ServerAdmin, "updateUser": server.ServerAdmin,
	"resetPassword": server.ServerAdmin, "audit": server.ServerAdmin, "adminUsage": server.ServerAdmin,
	"adminWorkspaces": server.ServerAdmin, "setQuota": server.ServerAdmin, "adminMembers": server.ServerAdmin,
	"adminSetMemberRole": server.ServerAdmin, "settings": server.ServerAdmin, "updateSettings": server.ServerAdmin,
	"listWorkspaces": server.Authenticated, "createWorkspace": server.Authenticated,
	"getWorkspace": server.WorkspaceMember, "deleteWorkspace": server.WorkspaceAdmin, "members": server.WorkspaceMember,
	"setMemberRole": server.WorkspaceAdmin, "removeMember": server.WorkspaceAdmin, "leave": server.WorkspaceMember,
	"invite": server.WorkspaceAdmin, "revokeInvitation": server.WorkspaceAdmin, "workspaceAudit": server.WorkspaceAdmin,
	"push": server.WorkspaceMember, "pull": server.WorkspaceMember, "wait": server.WorkspaceMember,
	"events": server.WorkspaceMember, "pushUsage": server.WorkspaceMember, "workspaceUsage": server.WorkspaceAdmin,
	"filesMissing": server.WorkspaceMember, "uploadFile": server.WorkspaceMember, "downloadFile": server.WorkspaceMember,
}

func allowed(p server.Policy, a *actor, fx *authzFixture) bool {
	switch a.name {
	case "anonymous":
		return p == server.Public
	case "outsider":
		return p == server.Public || p == server.Authenticated
	case "serveradmin":
		return p == server.Public || p == server.Authenticated || p == server.ServerAdmin
	case "wsmember":
		return p != server.ServerAdmin && p != server.WorkspaceAdmin
	case "wsadmin":
		return p != server.ServerAdmin
	}
	return false
}

// denial is the status a refused caller must get.
func denial(p server.Policy, a *actor) int {
	switch {
	case a.client == nil:
		return http.StatusUnauthorized
	case p == server.ServerAdmin:
		return http.StatusForbidden
	case p == server.WorkspaceAdmin && a.name == "wsmember":
		return http.StatusForbidden
	}
	return http.StatusNotFound // non-members learn nothing about workspaces
}

type answer struct {
	status int
	body   string
}

func call(t *testing.T, fx *authzFixture, rt server.Route, a *actor, params map[string]string, body []byte) answer {
	t.Helper()
	path := rt.Pattern
	for k, v := range params {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	if strings.Contains(path, "{") {
		t.Fatalf("%s: sample leaves a path value unset: %s", rt.Name, path)
	}
	if rt.Name == "wait" {
		path += "?timeout=0"
	}
	req, err := http.NewRequest(rt.Method, fx.env.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if a.client != nil {
		req.Header.Set("Authorization", "Bearer "+a.client.Tokens().AccessToken)
	}
	resp, err := fx.env.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") == "text/event-stream" {
		return answer{resp.StatusCode, ""} // an open stream: its status is the answer
	}
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, string(b)}
}

// foreignState is what must not change in the foreign workspace.
func foreignState(t *testing.T, fx *authzFixture) string {
	var b strings.Builder
	for _, q := range []string{
		`SELECT COUNT(*) FROM members WHERE workspace_id = 'foreign'`,
		`SELECT COUNT(*) FROM invitations WHERE workspace_id = 'foreign'`,
		`SELECT COUNT(*) FROM sync_rows WHERE workspace_id = 'foreign'`,
		`SELECT COUNT(*) FROM file_refs WHERE workspace_id = 'foreign'`,
		`SELECT seq FROM workspaces WHERE id = 'foreign' AND deleted_at IS NULL`,
		`SELECT COUNT(*) FROM members WHERE user_id = (SELECT id FROM users WHERE email = 'fvictim@example.com') AND role = 'member'`,
	} {
		var n int64
		if err := fx.env.DB.Reader().QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		b.WriteString(q[:20])
		b.WriteString("=")
		b.WriteString(strings.Repeat("|", int(n%50)))
		b.WriteString(";")
	}
	return b.String()
}

func TestRouteTableShape(t *testing.T) {
	env := servertest.Start(t, servertest.SQLite(t))
	for _, rt := range env.Server.Routes() {
		if (rt.Policy == server.Public) != publicRoutes[rt.Name] {
			t.Errorf("%s %s: public=%v, the public routes are exactly %v", rt.Method, rt.Pattern, rt.Policy == server.Public, publicRoutes)
		}
		if strings.Contains(rt.Pattern, "{ws}") && rt.Policy != server.WorkspaceMember && rt.Policy != server.WorkspaceAdmin {
			t.Errorf("%s %s: a workspace route must check membership", rt.Method, rt.Pattern)
		}
		if strings.HasPrefix(rt.Pattern, "/api/admin/") && rt.Policy != server.ServerAdmin {
			t.Errorf("%s %s: an admin route must be for server admins", rt.Method, rt.Pattern)
		}
		if want, ok := wantPolicy[rt.Name]; !ok || want != rt.Policy {
			t.Errorf("route %q (%s %s): policy %v, the design says %v (missing: %v)", rt.Name, rt.Method, rt.Pattern, rt.Policy, want, !ok)
		}
		if samples[rt.Name] == nil {
			t.Errorf("route %q (%s %s) has no sample in authz_test.go: add one", rt.Name, rt.Method, rt.Pattern)
		}
	}
}

func TestAuthorizationMatrix(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		probe := servertest.Start(t, servertest.SQLite(t))
		for _, rt := range probe.Server.Routes() {
			t.Run(rt.Name, func(t *testing.T) {
				sample := samples[rt.Name]
				if sample == nil {
					t.Fatalf("no sample for route %q", rt.Name)
				}
				fx := newAuthzFixture(t, b)
				before := foreignState(t, fx)
				hasForeign := strings.Contains(rt.Pattern, "{ws}") || strings.Contains(rt.Pattern, "/invitations/{id}")
				if hasForeign {
					for _, a := range fx.actors {
						params, body := sample(t, fx, a, true)
						got := call(t, fx, rt, a, params, body)
						want := http.StatusNotFound
						if a.client == nil {
							want = http.StatusUnauthorized
						}
						if got.status != want {
							t.Errorf("%s on the foreign workspace: %d %s, want %d", a.name, got.status, got.body, want)
						}
					}
				}
				for _, a := range fx.actors {
					params, body := sample(t, fx, a, false)
					got := call(t, fx, rt, a, params, body)
					if got.status >= 500 {
						t.Errorf("%s: %d %s", a.name, got.status, got.body)
						continue
					}
					if !allowed(rt.Policy, a, fx) {
						if want := denial(rt.Policy, a); got.status != want {
							t.Errorf("%s (not allowed): %d %s, want %d", a.name, got.status, got.body, want)
						}
						continue
					}
					if rt.Policy == server.Public {
						continue // setup, login, refresh answer on their merits
					}
					authzFailure := got.status == 401 || got.status == 403 || strings.Contains(got.body, "workspace not found")
					_, refusable := mayRefuse[rt.Name]
					if authzFailure || (got.status >= 300 && !refusable) {
						t.Errorf("%s (allowed): %d %s", a.name, got.status, got.body)
					}
				}
				if after := foreignState(t, fx); after != before {
					t.Errorf("the foreign workspace changed: %s -> %s", before, after)
				}
			})
		}
	})
}
