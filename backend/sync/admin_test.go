package sync

import (
	"context"
	"testing"

	"bookbag/backend/apperr"
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
