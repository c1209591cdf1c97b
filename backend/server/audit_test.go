package server_test

import (
	"context"
	"testing"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

func TestAuditLog(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		ctx := context.Background()
		o.env.Client().Login(ctx, syncproto.LoginRequest{Email: "alice@example.com", Password: "wrong password"})
		if _, err := o.admin.SetMemberRole(ctx, "ws", o.aliceID, syncproto.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		d := servertest.NewDevice("d")
		push(t, o.bob, "ws", d.Change("ws", "prompt_templates", "t", map[string]any{"name": "n"}, false))
		push(t, o.bob, "ws", d.Change("ws", "prompt_templates", "t", map[string]any{"name": ""}, true))
		if err := o.admin.RemoveMember(ctx, "ws", o.bobID); err != nil {
			t.Fatal(err)
		}
		// Bob is out: nothing more from the workspace.
		if _, err := o.bob.Pull(ctx, "ws", 0, 0); !syncproto.IsStatus(err, 404) {
			t.Fatalf("removed member pulled: %v", err)
		}
		o.eve.CreateWorkspace(ctx, syncproto.CreateWorkspaceRequest{ID: "eves", Name: "Eve's"})

		root, _ := o.env.User("root@example.com", syncproto.RoleAdmin)
		all, err := root.Audit(ctx, "", 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []string{"login", "login_failed", "user_create", "workspace_create", "invite", "invite_accept",
			"role_change", "row_delete", "member_remove"} {
			if !hasAction(all, a) {
				t.Errorf("server audit lacks %s", a)
			}
		}
		ws, err := o.admin.WorkspaceAudit(ctx, "ws", "", 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ws.Entries {
			if e.WorkspaceID != "ws" {
				t.Errorf("workspace audit shows %+v", e)
			}
		}
		if !hasAction(ws, "row_delete") || !hasAction(ws, "member_remove") {
			t.Errorf("workspace audit: %+v", ws.Entries)
		}
		// Paging: newest first, no overlap.
		p1, _ := root.Audit(ctx, "", 3)
		p2, _ := root.Audit(ctx, p1.Next, 3)
		if len(p1.Entries) != 3 || len(p2.Entries) == 0 || p2.Entries[0].ID >= p1.Entries[2].ID {
			t.Fatalf("paging: %+v then %+v", p1, p2)
		}
	})
}
