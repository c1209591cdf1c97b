package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
)

var listening = regexp.MustCompile(`^fakellm listening on (http://127\.0\.0\.1:\d+)\n$`)

// start runs fakellm in-process and returns its base URL.
func start(t *testing.T, key string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", key, pw) }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	m := listening.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("announced %q", line)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return m[1]
}

func providers(t *testing.T, base, key string, timeouts llm.Timeouts) map[string]llm.Provider {
	t.Helper()
	cfgs := map[string]provider.Config{
		"openai":    {Preset: llm.PresetOpenAI, BaseURL: base + "/openai/v1", APIKey: key, Timeouts: timeouts},
		"anthropic": {Preset: llm.PresetAnthropic, BaseURL: base + "/anthropic", APIKey: key, Timeouts: timeouts},
		"ollama":    {Preset: llm.PresetOllama, BaseURL: base + "/ollama", APIKey: key, Timeouts: timeouts},
	}
	out := map[string]llm.Provider{}
	for name, cfg := range cfgs {
		p, err := provider.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = p
	}
	return out
}

type answer struct {
	text, thinking string
	res            llm.Result
	err            error
}

func ask(p llm.Provider, model, system, question string, params llm.Params) answer {
	var a answer
	var tb, th strings.Builder
	a.res, a.err = p.Chat(context.Background(), llm.ChatRequest{Model: model, System: system, Params: params,
		Messages: []llm.Message{{Role: "user", Content: question}}}, func(d llm.Delta) {
		tb.WriteString(d.Text)
		th.WriteString(d.Thinking)
	})
	a.text, a.thinking = tb.String(), th.String()
	return a
}

func TestDirectivesOverEveryProtocol(t *testing.T) {
	const key = "fake-key-123456"
	base := start(t, key)
	short := llm.Timeouts{FirstByte: 300 * time.Millisecond}
	for name, p := range providers(t, base, key, llm.Timeouts{}) {
		t.Run(name, func(t *testing.T) {
			a := ask(p, "fake-chat", "", "What is Go?", llm.Params{MaxTokens: 100})
			if a.err != nil || a.text != `You asked: "What is Go?".` || !a.res.UsageKnown || a.res.OutputTokens != 5 {
				t.Fatalf("plain: %+v", a)
			}
			a = ask(p, "fake-chat", "Use the sources.\n[1] go.dev: Go is a language\n[2] wiki: it is", "What is Go?", llm.Params{MaxTokens: 100})
			if !strings.Contains(a.text, "see [1] and [2].") {
				t.Fatalf("sources: %q", a.text)
			}
			a = ask(p, "fake-chat", "", "Why? [[think]]", llm.Params{MaxTokens: 100})
			if a.thinking != "Thinking about the question: Why?" || a.text != `You asked: "Why?".` {
				t.Fatalf("think: %+v", a)
			}
			a = ask(p, "fake-think", "", "Why?", llm.Params{MaxTokens: 2000, Think: ptr(true), ReasoningEffort: "high"})
			if a.err != nil || a.thinking == "" {
				t.Fatalf("fake-think: %+v", a)
			}
			a = ask(p, "fake-chat", "", "x [[429]]", llm.Params{MaxTokens: 100})
			if llm.RetryAfter(a.err) != 2*time.Second || !strings.Contains(apperr.MessageOf(a.err), "retry in 2 s") {
				t.Fatalf("429: %v", a.err)
			}
			a = ask(p, "fake-chat", "", "x [[500]]", llm.Params{MaxTokens: 100})
			if apperr.CodeOf(a.err) != apperr.Unavailable || !strings.Contains(apperr.MessageOf(a.err), "server error (500)") {
				t.Fatalf("500: %v", a.err)
			}
			a = ask(p, "fake-chat", "", "one two three four five six [[cut]]", llm.Params{MaxTokens: 100})
			if !strings.Contains(apperr.MessageOf(a.err), "closed before the answer was complete") || a.text == "" {
				t.Fatalf("cut: %+v", a)
			}
			a = ask(p, "fake-chat", "", "[[long 300]]", llm.Params{MaxTokens: 1000})
			if a.err != nil || a.res.OutputTokens != 300 || len(strings.Fields(a.text)) != 300 {
				t.Fatalf("long: %d tokens %v", a.res.OutputTokens, a.err)
			}
			a = ask(p, "fake-chat", "", "[[long 300]]", llm.Params{MaxTokens: 10})
			if a.err != nil || a.res.FinishReason != llm.FinishLength || a.res.OutputTokens != 10 {
				t.Fatalf("max tokens: %+v", a)
			}
			a = ask(p, "fake-vision", "", "What?", llm.Params{MaxTokens: 100})
			if a.err != nil {
				t.Fatal(a.err)
			}
			a = ask(p, "no-such-model", "", "x", llm.Params{MaxTokens: 100})
			if apperr.CodeOf(a.err) != apperr.NotFound {
				t.Fatalf("unknown model: %v", a.err)
			}
		})
	}
	// [[slow]] holds the first byte for a second: a shorter first-byte
	// timeout trips, the default one does not.
	for name, p := range providers(t, base, key, short) {
		a := ask(p, "fake-chat", "", "x [[slow]]", llm.Params{MaxTokens: 100})
		var te *llm.TimeoutError
		if !errors.As(a.err, &te) || te.Phase != llm.PhaseFirstByte {
			t.Fatalf("%s slow: %v", name, a.err)
		}
	}
	a := ask(providers(t, base, key, llm.Timeouts{})["ollama"], "fake-chat", "", "x [[slow 1]]", llm.Params{})
	if a.err != nil || a.text != `You asked: "x".` {
		t.Fatalf("slow: %+v", a)
	}
}

func ptr[T any](v T) *T { return &v }

func TestModelsAndEmbeddings(t *testing.T) {
	base := start(t, "")
	for name, p := range providers(t, base, "any-key", llm.Timeouts{}) {
		ms, err := p.Models(context.Background())
		if err != nil || len(ms) < 3 {
			t.Fatalf("%s models: %v %v", name, ms, err)
		}
		if name == "anthropic" {
			continue
		}
		v, err := p.Embed(context.Background(), "fake-embed", []string{"hybrid retrieval test"})
		if err != nil || len(v) != 1 || len(v[0]) != 256 {
			t.Fatalf("%s embed: %v", name, err)
		}
		want := llmtest.HashEmbed("hybrid retrieval test", 256)
		for i := range want {
			if v[0][i] != want[i] {
				t.Fatalf("%s: embedding differs at %d", name, i)
			}
		}
	}
	ol := providers(t, base, "any-key", llm.Timeouts{})["ollama"]
	var steps int
	if err := ol.(llm.Puller).Pull(context.Background(), "tinyllama", func(llm.PullProgress) { steps++ }); err != nil || steps != 12 {
		t.Fatalf("pull: %d steps, %v", steps, err)
	}
	if err := ol.(llm.Deleter).Delete(context.Background(), "tinyllama"); err != nil {
		t.Fatal(err)
	}
}

func TestWrongKey(t *testing.T) {
	base := start(t, "right-key-123456")
	for name, p := range providers(t, base, "wrong-key-123456", llm.Timeouts{}) {
		_, err := p.Models(context.Background())
		if apperr.CodeOf(err) != apperr.Unauthorized || strings.Contains(err.Error(), "wrong-key-123456") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "[::]:0", "example.com:80", "nonsense"} {
		if err := run(context.Background(), addr, "", io.Discard); err == nil {
			t.Errorf("%s accepted", addr)
		}
	}
}

// TestProcess builds the command and runs it as the e2e tests will.
func TestProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := filepath.Join(t.TempDir(), "fakellm")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	m := listening.FindStringSubmatch(line)
	if err != nil || m == nil {
		t.Fatalf("announced %q (%v)", line, err)
	}
	resp, err := http.Get(m[1] + "/ollama/api/version")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"version"`) {
		t.Fatalf("version: %s", b)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v", err)
	}
}
