package main

import (
	"net/http/httptest"
	"strings"
	"testing"

	"bookbag/backend/chat"
	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/localapi"
	"bookbag/backend/models"
)

// TestChatRunsOnTheChosenProviderOfTwo goes through the wired app with two
// Ollama providers that both list llama3.2:3b (a local one and an office GPU
// box, each a fake Ollama server): a chat whose model was picked under
// "GPU box" is answered by the box's server, one picked under "Ollama" by
// the local one; usage counts both under the plain ref, and the local API
// offers both as separate model ids that reach their own servers.
func TestChatRunsOnTheChosenProviderOfTwo(t *testing.T) {
	llama := llmtest.Model{Name: "llama3.2:3b", ContextLength: 8192}
	local, gpu := llmtest.Start(t, llmtest.WithModels(llama)), llmtest.Start(t, llmtest.WithModels(llama))
	a := newTestApp(t, t.TempDir())
	rec := events.NewRecorder()
	a.events.set(rec)
	boot, err := a.Bootstrap()
	if err != nil {
		t.Fatal(err)
	}
	ws := boot.CurrentWorkspaceID
	for _, p := range []struct {
		name string
		srv  *llmtest.Server
	}{{"Ollama", local}, {"GPU box", gpu}} {
		added, err := a.api.models.AddProvider(models.ProviderInput{Preset: "ollama", Name: p.name, BaseURL: p.srv.OllamaURL(), Enabled: true})
		if err == nil {
			_, err = a.api.models.TestProvider(added.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// The picker's entries, as the webview gets them.
	ms, err := a.api.models.EnabledModels()
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]string{}
	for _, m := range ms {
		refs[m.ProviderName] = m.Ref
	}
	if refs["Ollama"] != "ollama:llama3.2:3b" || refs["GPU box"] != "ollama@gpu-box:llama3.2:3b" {
		t.Fatalf("picker refs %v", refs)
	}

	send := func(ref, text string) chat.Message {
		t.Helper()
		c, err := a.api.chat.CreateChat(ws, ref)
		if err != nil {
			t.Fatal(err)
		}
		sent, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: text})
		if err != nil {
			t.Fatal(err)
		}
		waitDone(t, rec, sent.Assistant.ID)
		return sent.Assistant
	}
	asked := func(srv *llmtest.Server) []string {
		var out []string
		for _, c := range srv.CallsTo(llmtest.EndpointChat) {
			out = append(out, c.LastUser().Text)
		}
		return out
	}
	gpu.PushChat(llmtest.Script{Text: []string{"from the box"}}, llmtest.Script{Text: []string{"Box"}})
	asst := send(refs["GPU box"], "on the box please")
	if got := asked(gpu); len(got) == 0 || got[0] != "on the box please" {
		t.Fatalf("the box was asked %q", got)
	}
	if got := asked(local); len(got) != 0 {
		t.Fatalf("the local server was asked %q", got)
	}
	if asst.ModelRef != "ollama@gpu-box:llama3.2:3b" {
		t.Fatalf("the answer's model %q", asst.ModelRef)
	}
	local.PushChat(llmtest.Script{Text: []string{"from here"}}, llmtest.Script{Text: []string{"Here"}})
	send(refs["Ollama"], "here please")
	if got := asked(local); len(got) == 0 || got[0] != "here please" {
		t.Fatalf("the local server was asked %q", got)
	}

	// Usage is per model: both turns (and their titles) under the plain ref.
	for _, c := range waitCalls(t, a, 4) {
		if c.ModelRef != "ollama:llama3.2:3b" || c.Provider != "ollama" {
			t.Fatalf("usage call %+v", c)
		}
	}
	ov, err := a.api.workspaces.Overview(ws)
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Usage) != 1 || ov.Usage[0].ModelRef != "ollama:llama3.2:3b" || ov.Usage[0].Answers != 2 {
		t.Fatalf("workspace usage %+v", ov.Usage)
	}

	// The local API lists both and sends each id to its own server.
	tok, err := a.api.localAPI.CreateToken(localapi.TokenInput{Name: "t", AllWorkspaces: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.localAPI.Handler())
	defer srv.Close()
	call := func(method, path, body string) string {
		code, b := apiCall(t, srv.URL, tok.Secret, method, path, body)
		if code != 200 {
			t.Fatalf("%s %s: %d %s", method, path, code, b)
		}
		return b
	}
	if list := call("GET", "/v1/models", ""); !strings.Contains(list, `"ollama:llama3.2:3b"`) || !strings.Contains(list, `"ollama@gpu-box:llama3.2:3b"`) {
		t.Fatalf("models %s", list)
	}
	before := len(gpu.CallsTo(llmtest.EndpointChat))
	call("POST", "/v1/chat/completions", `{"model":"ollama@gpu-box:llama3.2:3b","messages":[{"role":"user","content":"api to the box"}]}`)
	if got := asked(gpu); len(got) != before+1 || got[before] != "api to the box" {
		t.Fatalf("the box was asked %q", got)
	}
}
