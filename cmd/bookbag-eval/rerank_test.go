package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bookbag/backend/llm/llmtest"
)

// -rerank-model asks the model (the llmtest fake, through the real Ollama
// adapter) once a question and scores its order; a reply without a list
// keeps the keyword order and is counted as a fallback.
func TestRerankWithFakeProvider(t *testing.T) {
	srv := llmtest.Start(t)
	docs := t.TempDir()
	// Keyword search puts b.txt first (it repeats the question's words);
	// the answer is in a.txt.
	os.WriteFile(filepath.Join(docs, "a.txt"), []byte("Sea otters sleep holding paws so they do not drift apart."), 0o600)
	os.WriteFile(filepath.Join(docs, "b.txt"), []byte("Otters hold hands. Why otters hold hands: otters hold hands."), 0o600)
	qf := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(qf, []byte(`{"id":"q1","doc":"a.txt","question":"why do otters hold hands","answer":"do not drift apart"}`+"\n"), 0o600)
	eval := func(extra ...string) (map[string]any, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := run(context.Background(), append([]string{"-docs", docs, "-questions", qf}, extra...), &out, &errOut); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		var sum map[string]any
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
			t.Fatal(err)
		}
		return sum, lines[len(lines)-1]
	}
	plain, line := eval()
	if plain["recall@1"] != 0.0 || plain["mrr@10"] != 0.5 || plain["rerank"] != nil {
		t.Fatalf("keyword only: %s", line)
	}
	rerank := []string{"-rerank-model", "ollama:fake-chat", "-rerank-url", srv.OllamaURL()}
	srv.PushChat(llmtest.Script{Text: []string{"[2, 1]"}, InputTokens: 120, OutputTokens: 5})
	got, line := eval(rerank...)
	rr, _ := got["rerank"].(map[string]any)
	if got["recall@1"] != 1.0 || rr == nil || rr["calls"] != 1.0 || rr["fallbacks"] != 0.0 || rr["input_tokens"] != 120.0 || rr["model"] != "ollama:fake-chat" {
		t.Fatalf("re-ranked: %s", line)
	}
	if c := srv.CallsTo(llmtest.EndpointChat); len(c) != 1 || c[0].Protocol != llmtest.Ollama {
		t.Fatalf("chat calls %+v", c)
	}
	srv.PushChat(llmtest.Script{Text: []string{"The first one."}})
	got, line = eval(rerank...)
	rr, _ = got["rerank"].(map[string]any)
	if got["recall@1"] != 0.0 || rr == nil || rr["fallbacks"] != 1.0 {
		t.Fatalf("bad reply: %s", line)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-docs", docs, "-questions", qf, "-rerank-model", "gpt"}, &out, &errOut); code == 0 {
		t.Fatal("a rerank model without a provider accepted")
	}
}
