package tools

import (
	"context"
	"testing"
	"time"
)

func approvalsOf(t *testing.T, e *env, ws string) []Approval {
	t.Helper()
	list, err := e.svc.Approvals(context.Background(), ws)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// A standing approval is given to a program: an edit of what runs (the
// command, its arguments, its folder) removes the server's approvals in
// every workspace and says how many, and the next call asks again on a
// card. A new name, env values or timeouts keep them; so do other
// servers' approvals.
func TestEditOfWhatRunsRevokesStandingApprovals(t *testing.T) {
	e := newEnv(t, time.Minute)
	ctx := context.Background()
	files := e.server(t, "files", Tool{Name: "write"}, Tool{Name: "read", ReadOnly: true})
	docs := e.server(t, "docs", Tool{Name: "lookup"})
	const ws2 = "ws2"
	for _, a := range []struct{ ws, server, tool string }{
		{e.ws, files.ID, "write"}, {e.ws, files.ID, ""}, {ws2, files.ID, "read"}, {e.ws, docs.ID, "lookup"},
	} {
		if err := e.svc.remember(ctx, a.ws, a.server, a.tool); err != nil {
			t.Fatal(err)
		}
	}
	in := ServerInput{Name: "files", Command: "run-files", Env: map[string]string{"TOKEN": "one"}, Enabled: true}
	edit := func(in ServerInput) ServerUpdate {
		t.Helper()
		up, err := e.svc.UpdateServer(ctx, files.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		return up
	}

	// A new name, a rotated env value and timeouts keep them.
	in.Name = "my files"
	if up := edit(in); up.RevokedApprovals != 0 || up.Changed != "" || up.Server.Name != "my files" {
		t.Fatalf("rename: %+v", up)
	}
	in.Env, in.CallTimeoutMs, in.InitTimeoutMs = map[string]string{"TOKEN": "two"}, 90_000, 60_000
	if up := edit(in); up.RevokedApprovals != 0 || up.Changed != "" {
		t.Fatalf("env and timeouts: %+v", up)
	}
	if n, m := len(approvalsOf(t, e, e.ws)), len(approvalsOf(t, e, ws2)); n != 3 || m != 1 {
		t.Fatalf("approvals after a rename: %d here, %d in the other workspace", n, m)
	}
	e.rt.mu.Lock()
	e.rt.tools["my files"] = []Tool{{Server: "my files", Name: "write"}} // the runtime knows servers by name
	e.rt.mu.Unlock()
	write := offered(t, e, "my_files__write")
	if o := <-run(e, write, `{}`); !o.Ran || o.Decision != DecideStanding {
		t.Fatalf("after a rename the approval still holds: %+v", o)
	}

	// Another command: the server's approvals go, in both workspaces.
	in.Command = "other-program"
	up := edit(in)
	if up.RevokedApprovals != 3 || up.Changed != "command" {
		t.Fatalf("command edit: %+v", up)
	}
	if got := approvalsOf(t, e, e.ws); len(got) != 1 || got[0].ServerID != docs.ID {
		t.Fatalf("approvals left here: %+v", got)
	}
	if got := approvalsOf(t, e, ws2); len(got) != 0 {
		t.Fatalf("approvals left in the other workspace: %+v", got)
	}
	ch := run(e, write, `{}`)
	card, _ := e.approvalCard(t, 0)
	if card.Server != "my files" || card.Tool != "write" {
		t.Fatalf("card %+v", card)
	}
	if err := e.svc.Answer(ctx, card.ID, DecideTool, ""); err != nil {
		t.Fatal(err)
	}
	if o := <-ch; !o.Ran || o.Decision != DecideTool {
		t.Fatalf("asked again: %+v", o)
	}

	// Arguments (with an env value changed too) and the working folder count.
	in.Args, in.Env = []string{"--root", "/"}, map[string]string{"TOKEN": "three"}
	if up := edit(in); up.RevokedApprovals != 1 || up.Changed != "arguments" {
		t.Fatalf("arguments edit: %+v", up)
	}
	in.Command, in.Dir = "third-program", "/srv"
	if up := edit(in); up.RevokedApprovals != 0 || up.Changed != "command and working folder" {
		t.Fatalf("command and folder edit: %+v", up)
	}
}

// For a server reached over HTTP, its URL is what it is: a new URL
// removes its approvals, a new header value does not.
func TestEditOfAServersURLRevokesStandingApprovals(t *testing.T) {
	e := newEnv(t, time.Minute)
	ctx := context.Background()
	in := ServerInput{Name: "remote", Transport: "http", URL: "https://a.example/mcp", Headers: map[string]string{"Authorization": "Bearer 1"}, Enabled: true}
	sv, err := e.svc.AddServer(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.remember(ctx, e.ws, sv.ID, ""); err != nil {
		t.Fatal(err)
	}
	in.Headers = map[string]string{"Authorization": "Bearer 2"}
	if up, err := e.svc.UpdateServer(ctx, sv.ID, in); err != nil || up.RevokedApprovals != 0 {
		t.Fatalf("header edit: %+v %v", up, err)
	}
	in.URL = "https://b.example/mcp"
	if up, err := e.svc.UpdateServer(ctx, sv.ID, in); err != nil || up.RevokedApprovals != 1 || up.Changed != "URL" {
		t.Fatalf("URL edit: %+v %v", up, err)
	}
	if got := approvalsOf(t, e, e.ws); len(got) != 0 {
		t.Fatalf("approvals left: %+v", got)
	}
}

// An imported mcpServers file never changes what a configured server
// runs: a name already here is skipped, the server and its approvals stay
// as they were. A server removed and imported again is a new server,
// without the old one's approvals.
func TestImportNeverCarriesApprovalsToAnotherProgram(t *testing.T) {
	e := newEnv(t, time.Minute)
	ctx := context.Background()
	files := e.server(t, "files", Tool{Name: "write"})
	if err := e.svc.remember(ctx, e.ws, files.ID, "write"); err != nil {
		t.Fatal(err)
	}
	rep, err := e.svc.ImportServers(ctx, []byte(`{"mcpServers": {"files": {"command": "other-program"}}}`), false)
	if err != nil || len(rep.Skipped) != 1 || len(rep.Added) != 0 {
		t.Fatalf("import over a configured name: %+v %v", rep, err)
	}
	if sv, _ := e.svc.GetServer(ctx, files.ID); sv.Command != "run-files" {
		t.Fatalf("the import changed the command: %+v", sv)
	}
	if got := approvalsOf(t, e, e.ws); len(got) != 1 {
		t.Fatalf("approvals after a skipped import: %+v", got)
	}
	if err := e.svc.RemoveServer(ctx, files.ID); err != nil {
		t.Fatal(err)
	}
	if rep, err := e.svc.ImportServers(ctx, []byte(`{"mcpServers": {"files": {"command": "other-program"}}}`), false); err != nil || len(rep.Added) != 1 {
		t.Fatalf("import after removal: %+v %v", rep, err)
	}
	if got := approvalsOf(t, e, e.ws); len(got) != 0 {
		t.Fatalf("the imported server inherited approvals: %+v", got)
	}
}

// An import that updates changes a configured server to the file's
// command, args and env names, keeps what the file leaves out (a secret
// value given empty, the working folder, timeouts, switched off here),
// removes the standing approvals of what became another program and says
// how many, and adds the new names.
func TestImportUpdatesConfiguredServers(t *testing.T) {
	e := newEnv(t, time.Minute)
	ctx := context.Background()
	files, err := e.svc.AddServer(ctx, ServerInput{Name: "files", Command: "run-files", Dir: "/work", CallTimeoutMs: 5000,
		Env: map[string]string{"TOKEN": "s3cret", "OLD": "x"}, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetWorkspaceServer(ctx, e.ws, files.ID, true, false); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.remember(ctx, e.ws, files.ID, "write"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetServerEnabled(ctx, files.ID, false); err != nil {
		t.Fatal(err)
	}
	rep, err := e.svc.ImportServers(ctx, []byte(`{"mcpServers": {"files": {"command": "other-program", "args": ["-v"],
		"env": {"TOKEN": ""}}, "fresh": {"command": "n"}}}`), true)
	if err != nil || len(rep.Updated) != 1 || rep.Updated[0] != "files" || len(rep.Added) != 1 || len(rep.Skipped) != 0 ||
		rep.RevokedApprovals != 1 {
		t.Fatalf("import updating: %+v %v", rep, err)
	}
	sv, err := e.svc.GetServer(ctx, files.ID)
	if err != nil || sv.Command != "other-program" || len(sv.Args) != 1 || sv.Dir != "/work" || sv.CallTimeoutMs != 5000 ||
		sv.Enabled || len(sv.EnvNames) != 1 || sv.EnvNames[0] != "TOKEN" {
		t.Fatalf("updated server: %+v %v", sv, err)
	}
	if sec, err := e.svc.loadSecrets(ctx, files.ID); err != nil || sec.Env["TOKEN"] != "s3cret" || len(sec.Env) != 1 {
		t.Fatalf("secrets after the update: %+v %v", sec, err)
	}
	if got := approvalsOf(t, e, e.ws); len(got) != 0 {
		t.Fatalf("approvals of the old program: %+v", got)
	}
}
