package server_test

import (
	"context"
	"fmt"
	"testing"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// BenchmarkAdminWorkspaces times the server admin's workspace list (each
// workspace with its storage summed from its rows and files) with 1,000
// workspaces of 20 rows each, on SQLite.
func BenchmarkAdminWorkspaces(b *testing.B) {
	ctx := context.Background()
	env := servertest.Start(b, servertest.SQLite(b))
	admin, _ := env.User("admin@example.com", syncproto.RoleAdmin)
	d := servertest.NewDevice("d1")
	for i := range 1000 {
		ws := fmt.Sprintf("w%04d", i)
		if _, err := admin.CreateWorkspace(ctx, syncproto.CreateWorkspaceRequest{ID: ws, Name: "Workspace " + ws}); err != nil {
			b.Fatal(err)
		}
		var cs []syncproto.Change
		for j := range 20 {
			cs = append(cs, d.Change(ws, "prompt_templates", fmt.Sprintf("%s-t%d", ws, j), map[string]any{"name": "t", "body": "some body text"}, false))
		}
		if _, err := admin.Push(ctx, ws, cs); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		all, err := admin.AdminWorkspaces(ctx)
		if err != nil || len(all) != 1000 {
			b.Fatalf("%d workspaces, %v", len(all), err)
		}
	}
}
