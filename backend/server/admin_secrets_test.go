package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// A password typed into the email field of a sign-in is not an address;
// it must not be written to the audit log every server admin reads.
func TestFailedLoginDoesNotAuditWhatWasTypedAsEmail(t *testing.T) {
	env := servertest.Start(t, servertest.SQLite(t))
	ctx := context.Background()
	root, _ := env.User("root@example.com", syncproto.RoleAdmin)
	const typed = "Tr0ub4dor&3-secret"
	if _, err := env.Client().Login(ctx, syncproto.LoginRequest{Email: typed, Password: typed}); !syncproto.IsStatus(err, 401) {
		t.Fatalf("login with a password as email: %v", err)
	}
	if _, err := env.Client().Login(ctx, syncproto.LoginRequest{Email: "ROOT@example.com", Password: "wrong password"}); !syncproto.IsStatus(err, 401) {
		t.Fatalf("login with a wrong password: %v", err)
	}
	page, err := root.AuditFiltered(ctx, syncproto.AuditFilter{Action: "login_failed"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) != 2 {
		t.Fatalf("want two failed logins audited, got %+v", page.Entries)
	}
	raw, _ := json.Marshal(page)
	if strings.Contains(string(raw), "Tr0ub4dor") {
		t.Fatalf("the audit log holds what was typed as the email: %s", raw)
	}
	// An address is still recorded (normalized), so an admin sees who was tried.
	if page.Entries[0].Detail["email"] != "root@example.com" {
		t.Fatalf("the failed login of an address lacks it: %+v", page.Entries[0])
	}
}
