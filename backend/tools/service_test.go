package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// A server's env and header values go to the keychain, never to the
// database; a change with an empty value keeps the stored one; the runtime
// gets them; removing the server forgets them.
func TestServerSecretsStayInTheKeychain(t *testing.T) {
	e := newEnv(t, time.Second)
	ctx := context.Background()
	const token = "ghp_very-secret-token-1234"
	sv, err := e.svc.AddServer(ctx, ServerInput{Name: "github", Command: "npx", Args: []string{"-y", "@mcp/github"},
		Env: map[string]string{"GITHUB_TOKEN": token}, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(sv.EnvNames, ",") != "GITHUB_TOKEN" {
		t.Fatalf("env names %v", sv.EnvNames)
	}
	if cfg, ok := e.rt.lastConfig("github"); !ok || cfg.Env["GITHUB_TOKEN"] != token || cfg.Command != "npx" {
		t.Fatalf("runtime config %+v", cfg)
	}
	if _, err := e.svc.UpdateServer(ctx, sv.ID, ServerInput{Name: "github", Command: "npx", Args: []string{"-y", "@mcp/github@2"},
		Env: map[string]string{"GITHUB_TOKEN": ""}, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if cfg, _ := e.rt.lastConfig("github"); cfg.Env["GITHUB_TOKEN"] != token || cfg.Args[1] != "@mcp/github@2" {
		t.Fatalf("an empty value must keep the secret: %+v", cfg)
	}
	e.db.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	for _, f := range []string{store.FileName, store.FileName + "-wal"} {
		b, _ := os.ReadFile(filepath.Join(filepath.Dir(e.db.Path), f))
		if bytes.Contains(b, []byte(token)) {
			t.Fatalf("the token reached %s", f)
		}
	}
	if err := e.svc.RemoveServer(ctx, sv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.keys.Get(ctx, secretAccount(sv.ID)); err == nil {
		t.Fatal("the removed server's secrets are still in the keychain")
	}
	// Without a keychain, a server with secrets is refused and nothing is added.
	e.svc.keys = nil
	if _, err := e.svc.AddServer(ctx, ServerInput{Name: "x", Command: "x", Env: map[string]string{"K": "v"}, Enabled: true}); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("no keychain: %v", err)
	}
	if list, _ := e.svc.ListServers(ctx); len(list) != 0 {
		t.Fatalf("servers after a refused add: %+v", list)
	}
}

func TestServerInputsAreChecked(t *testing.T) {
	e := newEnv(t, time.Second)
	ctx := context.Background()
	for _, in := range []ServerInput{
		{Name: "", Command: "x"},
		{Name: "bad/name", Command: "x"},
		{Name: "nocommand"},
		{Name: "t", Command: "x", CallTimeoutMs: -1},
	} {
		if _, err := e.svc.AddServer(ctx, in); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%+v: %v", in, err)
		}
	}
	if _, err := e.svc.AddServer(ctx, ServerInput{Name: "same", Command: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddServer(ctx, ServerInput{Name: "same", Command: "y"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a second server of one name: %v", err)
	}
	rep, err := e.svc.ImportServers(ctx, []byte(`{"mcpServers": {"same": {"command": "z"}, "fs": {"command": "npx", "args": ["-y", "fs"], "env": {"ROOT": "/tmp"}}}}`), false)
	if err != nil || len(rep.Added) != 1 || rep.Added[0] != "fs" || len(rep.Skipped) != 1 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	if _, err := e.svc.ImportServers(ctx, []byte(`{"mcpServers": `), false); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("broken import: %v", err)
	}
}

// The model sees the workspace's enabled servers' tools under unique,
// valid names; hooks never; what the chat switched off never; a server that
// fails is reported, not fatal.
func TestOfferedTools(t *testing.T) {
	e := newEnv(t, time.Second)
	ctx := context.Background()
	e.server(t, "files", Tool{Name: "read", ReadOnly: true}, Tool{Name: "delete", Destructive: true}, Tool{Name: HookBeforeSend})
	e.server(t, "web search", Tool{Name: "search"})
	e.server(t, "web_search", Tool{Name: "search"}) // the same name once cleaned
	e.server(t, "broken", Tool{Name: "x"})
	e.rt.failing["broken"] = retryErr{"server broken exited (code 1) before answering", "; the next try is in 4 s"}
	other, _ := e.svc.AddServer(ctx, ServerInput{Name: "elsewhere", Command: "x", Enabled: true})
	e.rt.tools["elsewhere"] = []Tool{{Name: "nope"}} // not enabled in this workspace
	_ = other
	got, unavailable, err := e.svc.Offer(ctx, e.ws, []string{"files/delete"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	valid := regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	for _, o := range got {
		if !valid.MatchString(o.ModelName) {
			t.Errorf("invalid model name %q", o.ModelName)
		}
		names = append(names, o.ModelName)
	}
	if strings.Join(names, ",") != "files__read,web_search__search,web_search__search_2" {
		t.Fatalf("offered %v", names)
	}
	// Each server says the prefix its tools' names start with (the tool card's lookup).
	svs, err := e.svc.ListServers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prefixes := map[string]string{}
	for _, sv := range svs {
		prefixes[sv.Name] = sv.ModelPrefix
	}
	for _, o := range got {
		if sv, _ := e.svc.GetServer(ctx, o.ServerID); !strings.HasPrefix(o.ModelName, prefixes[sv.Name]+"__") {
			t.Errorf("%s does not start with its server's prefix %q", o.ModelName, prefixes[sv.Name])
		}
	}
	if prefixes["web search"] != "web_search" {
		t.Errorf("prefixes %v", prefixes)
	}
	if unavailable["broken"] != "server broken exited (code 1) before answering" { // without the countdown
		t.Fatalf("unavailable %v", unavailable)
	}
	if n := DefinitionTokens(got); n <= 0 {
		t.Fatal("no definition cost")
	}
	long := modelName(strings.Repeat("server", 20), strings.Repeat("tool", 20))
	if len(long) != 64 || !valid.MatchString(long) || long == modelName(strings.Repeat("server", 20), strings.Repeat("tool", 19)) {
		t.Fatalf("long names: %q", long)
	}
}

// The chat's tool card splits a model name at its first "__" (toolRows.ts
// splitToolName): the server part must never hold one, whatever the
// server is called, and the tool part is the tool's.
func TestModelNameSplitsAtFirstSeparator(t *testing.T) {
	valid := regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	for _, c := range []struct{ server, tool, wantServer, wantTool string }{
		{"files", "read", "files", "read"},
		{"my__srv", "list__all", "my_srv", "list__all"},
		{"srv_", "_tool", "srv", "_tool"},
		{"_srv", "x", "srv", "x"},
		{"日本", "search", "tools", "search"},
		{"web search (beta)", "search", "web_search_beta", "search"},
		{strings.Repeat("long server name ", 4), "t", "long_server_name_long_se", "t"},
	} {
		name := modelName(c.server, c.tool)
		i := strings.Index(name, "__")
		if !valid.MatchString(name) || i <= 0 || name[:i] != c.wantServer || name[i+2:] != c.wantTool {
			t.Errorf("modelName(%q, %q) = %q, want %s__%s", c.server, c.tool, name, c.wantServer, c.wantTool)
		}
	}
	long := modelName("a__b", strings.Repeat("tool", 30))
	if i := strings.Index(long, "__"); len(long) != 64 || long[:i] != "a_b" {
		t.Errorf("long tool name: %q", long)
	}
}

type errString string

// retryErr is a runtime's error with a countdown to its next try (as mcp.Error).
type retryErr struct{ msg, retry string }

func (e retryErr) Error() string  { return e.msg + e.retry }
func (e retryErr) Reason() string { return e.msg }

func (e errString) Error() string { return string(e) }

func run(e *env, tool Offered, args string) chan Outcome {
	out := make(chan Outcome, 1)
	go func() {
		out <- e.svc.Run(context.Background(), CallRequest{WorkspaceID: e.ws, ChatID: "c1", MessageID: "m1", Tool: tool, Arguments: json.RawMessage(args)})
	}()
	return out
}

func offered(t *testing.T, e *env, name string) Offered {
	t.Helper()
	got, _, err := e.svc.Offer(context.Background(), e.ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range got {
		if o.ModelName == name {
			return o
		}
	}
	t.Fatalf("%s not offered", name)
	return Offered{}
}

// Every way a call is decided: asked (once, edited arguments, deny), always
// for the tool (survives a new service on the same database), always for the
// server (but destructive tools still ask), the read-only policy, a timeout,
// a stop while waiting; each call recorded.
func TestCallsAreApprovedAsTheUserSays(t *testing.T) {
	e := newEnv(t, time.Second)
	ctx := context.Background()
	e.server(t, "files", Tool{Name: "read", ReadOnly: true}, Tool{Name: "delete", Destructive: true},
		Tool{Name: "write"})
	e.server(t, "docs", Tool{Name: "lookup", ReadOnly: true})
	read, del, write := offered(t, e, "files__read"), offered(t, e, "files__delete"), offered(t, e, "files__write")
	lookup := offered(t, e, "docs__lookup")

	// Malformed arguments are not put to the user and do not run.
	calls := len(e.rt.calls)
	if o := <-run(e, read, `{"path": "a.txt"`); o.Ran || !o.IsError || o.Decision != DecideInvalid ||
		!strings.Contains(o.Text, "not a JSON object") || len(e.rt.calls) != calls {
		t.Fatalf("malformed arguments: %+v", o)
	}
	seen := 0
	ch := run(e, read, `{"path":"a.txt"}`)
	card, seen := e.approvalCard(t, seen)
	if card.Server != "files" || card.Tool != "read" || card.Arguments != `{"path":"a.txt"}` || !card.ReadOnly || card.ChatID != "c1" {
		t.Fatalf("card %+v", card)
	}
	if pend := e.svc.Pending("c1"); len(pend) != 1 || pend[0].ID != card.ID {
		t.Fatalf("pending %+v", pend)
	}
	if err := e.svc.Answer(ctx, card.ID, DecideOnce, `{"path":"b.txt"}`); err != nil {
		t.Fatal(err)
	}
	o := <-ch
	if !o.Ran || o.IsError || string(o.Arguments) != `{"path":"b.txt"}` || o.Decision != DecideOnce {
		t.Fatalf("allowed once with edited arguments: %+v", o)
	}
	if last := e.rt.calls[len(e.rt.calls)-1]; last != `files/read {"path":"b.txt"}` {
		t.Fatalf("called %s", last)
	}
	// Once is once: the next call asks again; deny.
	ch = run(e, read, `{}`)
	card, seen = e.approvalCard(t, seen)
	if err := e.svc.Answer(ctx, card.ID, DecideDeny, ""); err != nil {
		t.Fatal(err)
	}
	if o := <-ch; o.Ran || !o.IsError || !strings.Contains(o.Text, "did not allow") {
		t.Fatalf("denied: %+v", o)
	}
	if err := e.svc.Answer(ctx, card.ID, DecideOnce, ""); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("answering a closed card: %v", err)
	}
	// Always for the server: write (not destructive) runs, delete still asks.
	ch = run(e, write, `{}`)
	card, seen = e.approvalCard(t, seen)
	e.svc.Answer(ctx, card.ID, DecideServer, "")
	<-ch
	if o := <-run(e, write, `{}`); !o.Ran || o.Decision != DecideStanding {
		t.Fatalf("server approval: %+v", o)
	}
	ch = run(e, del, `{"path":"x"}`)
	card, seen = e.approvalCard(t, seen)
	if !card.Destructive {
		t.Fatal("destructive not marked")
	}
	e.svc.Answer(ctx, card.ID, DecideTool, "")
	<-ch
	// Always for the tool holds for a new service on the same database.
	fresh := NewService(Deps{DB: e.db, Runtime: e.rt, Keys: memKeys{e.keys}, Events: e.rec, ApprovalTimeout: time.Second})
	if o := fresh.Run(ctx, CallRequest{WorkspaceID: e.ws, Tool: del, Arguments: json.RawMessage(`{}`)}); !o.Ran || o.Decision != DecideStanding {
		t.Fatalf("always allow after a restart: %+v", o)
	}
	if ap, _ := fresh.Approvals(ctx, e.ws); len(ap) != 2 {
		t.Fatalf("approvals %+v", ap)
	}
	// Revoked, it asks again; unanswered, it times out as a denial.
	if err := fresh.Revoke(ctx, e.ws, del.ServerID, "delete"); err != nil {
		t.Fatal(err)
	}
	if o := fresh.Run(ctx, CallRequest{WorkspaceID: e.ws, Tool: del, Arguments: json.RawMessage(`{}`)}); o.Ran || o.Decision != DecideTimeout || !strings.Contains(o.Text, "within") {
		t.Fatalf("timeout: %+v", o)
	}
	// The read-only policy runs read-only tools without asking.
	if _, err := e.svc.SetPolicy(ctx, Policy{WorkspaceID: e.ws, AutoReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	if o := <-run(e, lookup, `{}`); !o.Ran || o.Decision != DecideReadOnly {
		t.Fatalf("read-only policy: %+v", o)
	}
	// A stop while the card waits ends the call at once.
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan Outcome, 1)
	go func() {
		done <- e.svc.Run(cctx, CallRequest{WorkspaceID: e.ws, Tool: del, Arguments: json.RawMessage(`{}`)})
	}()
	card, _ = e.approvalCard(t, seen)
	cancel()
	if o := <-done; o.Ran || o.Decision != DecideCanceled {
		t.Fatalf("stopped while waiting: %+v", o)
	}
	page, err := e.svc.Calls(ctx, e.ws, "", 3)
	if err != nil || len(page.Entries) != 3 || page.Next == "" {
		t.Fatalf("record page: %+v %v", page, err)
	}
	all := []CallEntry{}
	for before := ""; ; {
		p, err := e.svc.Calls(ctx, e.ws, before, 3)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Entries...)
		if p.Next == "" {
			break
		}
		before = p.Next
	}
	outcomes := map[string]int{}
	for _, c := range all {
		outcomes[c.Outcome]++
	}
	if len(all) != 10 || outcomes["ok"] != 6 || outcomes["denied"] != 2 || outcomes["canceled"] != 1 || outcomes["error"] != 1 {
		t.Fatalf("recorded %d: %v", len(all), outcomes)
	}
	csv, err := e.svc.ExportCalls(ctx, e.ws, "csv")
	if err != nil || bytes.Count(csv, []byte("\n")) != 11 || !bytes.Contains(csv, []byte(`files,read`)) {
		t.Fatalf("csv export: %s %v", csv, err)
	}
}

// Plugins: before_send rewrites the text for the next plugin and the model,
// or refuses with a reason; a failing or slow hook is reported and skipped;
// message actions are listed and run.
func TestPluginHooks(t *testing.T) {
	e := newEnv(t, time.Second)
	ctx := context.Background()
	e.server(t, "a-pii", Tool{Name: HookBeforeSend}, Tool{Name: ActionPrefix + "redact", Title: "Redact personal data"})
	e.server(t, "b-broken", Tool{Name: HookBeforeSend})
	e.server(t, "c-notes", Tool{Name: HookBeforeSend}, Tool{Name: HookAfterAnswer})
	e.rt.call = func(_ context.Context, server, tool string, args json.RawMessage) (Result, error) {
		var a map[string]string
		json.Unmarshal(args, &a)
		switch server + "/" + tool {
		case "a-pii/" + HookBeforeSend:
			return Result{Text: `{"text": "` + strings.ReplaceAll(a["text"], "ada@example.com", "[EMAIL]") + `"}`}, nil
		case "b-broken/" + HookBeforeSend:
			return Result{}, errString("server b-broken exited (code 2)")
		case "c-notes/" + HookBeforeSend:
			if strings.Contains(a["text"], "refuse") {
				return Result{Structured: json.RawMessage(`{"refuse": "no, because reasons"}`)}, nil
			}
			if strings.Contains(a["text"], "ada@example.com") {
				return Result{Text: "saw the address!", IsError: true}, nil
			}
			return Result{Text: `{}`}, nil
		case "c-notes/" + HookAfterAnswer:
			return Result{Text: `{"note": "checked"}`}, nil
		case "a-pii/" + ActionPrefix + "redact":
			return Result{Text: "[EMAIL] wrote this"}, nil
		}
		return Result{}, errString("unexpected " + server + "/" + tool)
	}
	got := e.svc.RunHooks(ctx, e.ws, HookBeforeSend, map[string]any{"text": "mail ada@example.com", "chatId": "c1"})
	if len(got) != 3 || got[0].Text == nil || *got[0].Text != "mail [EMAIL]" || !strings.Contains(got[1].Error, "exited") ||
		got[2].Error != "" || got[2].Text != nil {
		t.Fatalf("hooks: %+v", got)
	}
	got = e.svc.RunHooks(ctx, e.ws, HookBeforeSend, map[string]any{"text": "please refuse"})
	if last := got[len(got)-1]; last.Refuse == "" {
		t.Fatalf("refusal: %+v", got)
	}
	got = e.svc.RunHooks(ctx, e.ws, HookAfterAnswer, map[string]any{"text": "answer"})
	if len(got) != 1 || got[0].Note != "checked" {
		t.Fatalf("after answer: %+v", got)
	}

	// Required, the failing plugin holds the message: its failure is the
	// refusal, and the plugins after it do not run.
	var broken string
	servers, err := e.svc.ListServers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range servers {
		if sv.Name == "b-broken" {
			broken = sv.ID
		}
	}
	if _, err := e.svc.SetPluginRequired(ctx, e.ws, broken, true); err != nil {
		t.Fatal(err)
	}
	got = e.svc.RunHooks(ctx, e.ws, HookBeforeSend, map[string]any{"text": "hello"})
	if len(got) != 2 || got[1].Server != "b-broken" || got[1].Error != "" ||
		!strings.Contains(got[1].Refuse, "required") || !strings.Contains(got[1].Refuse, "exited") {
		t.Fatalf("required plugin failing: %+v", got)
	}
	acts, err := e.svc.Actions(ctx, e.ws)
	if err != nil || len(acts) != 1 || acts[0].Title != "Redact personal data" {
		t.Fatalf("actions %+v %v", acts, err)
	}
	res, err := e.svc.RunAction(ctx, ActionInput{WorkspaceID: e.ws, MessageID: "m", Text: "ada@example.com wrote this",
		Server: acts[0].Server, Tool: acts[0].Tool})
	if err != nil || res.Text != "[EMAIL] wrote this" {
		t.Fatalf("action: %+v %v", res, err)
	}
	// Not offered to the model: hooks are not tools.
	if off, _, _ := e.svc.Offer(ctx, e.ws, nil); len(off) != 0 {
		t.Fatalf("hooks offered as tools: %+v", off)
	}
}
