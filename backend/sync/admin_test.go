package sync

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/dialog/dialogtest"
	"bookbag/backend/syncproto"
)

// The admin session against a real server: only server admins get one, it
// manages accounts, and it ends when the server stops accepting it.
func TestAdminSessionAndAccounts(t *testing.T) {
	ts := startServer(t)
	d := newDesk(t, "admin", deskOpts{})
	a := NewAdmin(d.svc)
	ctx := context.Background()

	if _, err := a.Users(ctx); apperr.CodeOf(err) != apperr.Unauthorized {
		t.Fatalf("users before sign-in: %v", err)
	}
	memberPw := ts.newUser(t, "member@example.com", "Member")
	if _, err := a.SignIn(ctx, SignInInput{ServerURL: ts.url, Email: "member@example.com", Password: memberPw}); apperr.CodeOf(err) != apperr.Unauthorized {
		t.Fatalf("a member signed in as admin: %v", err)
	}
	if a.Session().SignedIn {
		t.Fatal("a refused sign-in left a session")
	}
	sess, err := a.SignIn(ctx, SignInInput{ServerURL: ts.url, Email: "root@example.com", Password: "root password 1"})
	if err != nil || !sess.SignedIn || sess.Account.Email != "root@example.com" {
		t.Fatalf("admin sign-in: %+v %v", sess, err)
	}

	created, err := a.CreateUser(ctx, syncproto.CreateUserRequest{Email: " new@example.com ", DisplayName: "New"})
	if err != nil || created.User.Role != syncproto.RoleMember || created.Password == "" {
		t.Fatalf("create with a generated password: %+v %v", created, err)
	}
	if _, err := a.CreateUser(ctx, syncproto.CreateUserRequest{}); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("create without email: %v", err)
	}
	newUser := ts.client(t, "new@example.com", created.Password)
	reset, err := a.ResetPassword(ctx, created.User.ID, "")
	if err != nil || reset.Password == "" || reset.Password == created.Password {
		t.Fatalf("reset: %+v %v", reset, err)
	}
	if _, err := newUser.Me(ctx); err == nil {
		t.Fatal("a reset password left the account's session alive")
	}
	disabled := true
	u, err := a.UpdateUser(ctx, created.User.ID, syncproto.UpdateUserRequest{Disabled: &disabled})
	if err != nil || !u.Disabled {
		t.Fatalf("disable: %+v %v", u, err)
	}
	users, err := a.Users(ctx)
	if err != nil || len(users) != 3 {
		t.Fatalf("users: %d %v", len(users), err)
	}
	for _, u := range users {
		if u.Email == "new@example.com" && !u.Disabled {
			t.Fatal("the list does not show the account disabled")
		}
	}

	// Demoted by another admin: the next call ends the session here.
	other := "other admin pw"
	adminRole := syncproto.RoleAdmin
	if _, err := ts.admin.CreateUser(ctx, syncproto.CreateUserRequest{Email: "boss@example.com", Role: adminRole, Password: other}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SignIn(ctx, SignInInput{ServerURL: ts.url, Email: "boss@example.com", Password: other}); err != nil {
		t.Fatal(err)
	}
	var boss syncproto.User
	all, err := ts.admin.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range all {
		if u.Email == "boss@example.com" {
			boss = u
		}
	}
	member := syncproto.RoleMember
	if _, err := ts.admin.UpdateUser(ctx, boss.ID, syncproto.UpdateUserRequest{Role: &member}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Users(ctx); apperr.CodeOf(err) != apperr.Unauthorized {
		t.Fatalf("a demoted admin still reads users: %v", err)
	}
	if a.Session().SignedIn {
		t.Fatal("the session outlived the demotion")
	}
	if err := a.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
}

// The workspace, usage, audit and settings calls of the admin session, on
// known data: a workspace with one member's usage.
func TestAdminWorkspacesUsageAuditSettings(t *testing.T) {
	ts := startServer(t)
	d := newDesk(t, "admin", deskOpts{})
	a := NewAdmin(d.svc)
	ctx := context.Background()
	if _, err := a.SignIn(ctx, SignInInput{ServerURL: ts.url, Email: "root@example.com", Password: "root password 1"}); err != nil {
		t.Fatal(err)
	}
	ws := d.newWorkspace("Office")
	d.share(ts, "root@example.com", "root password 1", ws)
	at := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC).UnixMilli() // 2 December in Tokyo
	if _, err := ts.admin.PushUsage(ctx, ws, syncproto.UsagePushRequest{Events: []syncproto.UsageEvent{
		{ID: "e1", At: at, Model: "openai:gpt-4o", Source: "chat", InputTokens: 100, OutputTokens: 20, CostMicros: 250_000},
		{ID: "e2", At: at + 60_000, Model: "openai:gpt-4o", Source: "title", InputTokens: 10, OutputTokens: 5, CostMicros: 50_000},
	}}); err != nil {
		t.Fatal(err)
	}

	list, err := a.Workspaces(ctx)
	if err != nil || len(list) != 1 || list[0].ID != ws || list[0].OwnQuota {
		t.Fatalf("workspaces: %+v %v", list, err)
	}
	if _, err := a.SetQuota(ctx, ws, -1); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("negative quota: %v", err)
	}
	w, err := a.SetQuota(ctx, ws, 10<<20)
	if err != nil || !w.OwnQuota || w.QuotaBytes != 10<<20 {
		t.Fatalf("set quota: %+v %v", w, err)
	}
	if w, err = a.SetQuota(ctx, ws, 0); err != nil || w.OwnQuota {
		t.Fatalf("back to the default: %+v %v", w, err)
	}

	pw := ts.newUser(t, "ann@example.com", "Ann")
	inv, err := ts.admin.Invite(ctx, ws, syncproto.InviteRequest{Email: "ann@example.com", Role: syncproto.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.client(t, "ann@example.com", pw).AcceptInvitation(ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	ms, err := a.Members(ctx, ws)
	if err != nil || len(ms.Members) != 2 {
		t.Fatalf("members: %+v %v", ms, err)
	}
	var ann string
	for _, m := range ms.Members {
		if m.Email == "ann@example.com" {
			ann = m.UserID
		}
	}
	if _, err := a.SetMemberRole(ctx, ws, ann, "owner"); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("a made-up role: %v", err)
	}
	if m, err := a.SetMemberRole(ctx, ws, ann, syncproto.RoleAdmin); err != nil || m.Role != syncproto.RoleAdmin {
		t.Fatalf("promote: %+v %v", m, err)
	}

	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	if _, err := a.Usage(ctx, UsageQuery{From: day, To: day}); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("an empty range: %v", err)
	}
	rep, err := a.Usage(ctx, UsageQuery{From: day, To: day + 3*86_400_000, TZ: "Asia/Tokyo", Workspace: ws})
	if err != nil || len(rep.Rows) != 1 {
		t.Fatalf("usage: %+v %v", rep, err)
	}
	if r := rep.Rows[0]; r.Day != "2026-12-02" || r.Calls != 2 || r.InputTokens != 110 || r.CostMicros != 300_000 || r.Email != "root@example.com" {
		t.Fatalf("usage row: %+v", r)
	}

	// The same report as CSV through the bound call: cancelled, then saved.
	fake := &dialogtest.Fake{}
	api := NewAdminAPI(func() context.Context { return ctx }, a, fake)
	q := UsageQuery{From: day, To: day + 3*86_400_000, TZ: "Asia/Tokyo", Workspace: ws}
	if path, err := api.ExportUsage(q); err != nil || path != "" {
		t.Fatalf("cancelled export: %q %v", path, err)
	}
	fake.Save = filepath.Join(t.TempDir(), "usage.csv")
	if path, err := api.ExportUsage(q); err != nil || path != fake.Save {
		t.Fatalf("export: %q %v", path, err)
	}
	if name := fake.Last().DefaultName; name != "bookbag-office-usage-2026-12-01.csv" {
		t.Fatalf("suggested name %q", name)
	}
	b, err := os.ReadFile(fake.Save)
	if err != nil {
		t.Fatal(err)
	}
	want := "day,email,name,workspace_id,workspace,model,calls,input_tokens,output_tokens,cached_tokens,cost_usd\n" +
		"2026-12-02,root@example.com,Root," + ws + ",Office,openai:gpt-4o,2,110,25,0,0.300000\n"
	if string(b) != want {
		t.Fatalf("csv:\n%s\nwant:\n%s", b, want)
	}

	page, err := a.Audit(ctx, AuditQuery{Action: " admin. ", Limit: 50})
	if err != nil || len(page.Entries) != 3 {
		t.Fatalf("admin changes in the audit log: %+v %v", page, err)
	}
	for _, e := range page.Entries {
		if e.Action != "admin.quota_set" && e.Action != "admin.role_change" {
			t.Fatalf("filtered audit holds %q", e.Action)
		}
	}

	st, err := a.Settings(ctx)
	if err != nil || st.InvitationDays != 14 {
		t.Fatalf("settings: %+v %v", st, err)
	}
	days := 3
	if st, err = a.UpdateSettings(ctx, syncproto.ServerSettingsPatch{InvitationDays: &days}); err != nil || st.InvitationDays != 3 {
		t.Fatalf("update settings: %+v %v", st, err)
	}
}
