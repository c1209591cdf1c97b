package rag

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
)

// An embedding provider that refuses the key or fails: documents still
// complete (keyword search), each says why it has no vectors, and the
// index status says why the workspace's chunks lack vectors, so that a
// Re-embed that embeds nothing is not silent; neither holds the key. Once
// the provider works, Re-embed fills the gap and the reason goes.
func TestEmbeddingProviderErrorsAreExplained(t *testing.T) {
	const key = "sk-live-abcdef0123456789"
	srv := llmtest.Start(t, llmtest.WithAPIKey("sk-other-key-0000000000"))
	client, err := provider.New(provider.Config{Preset: llm.PresetOpenAI, BaseURL: srv.OpenAIURL(), APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	const ref = "openai:fake-embed@256"
	e := newEnv(t, t.TempDir(), DefaultSettings())
	e.svc.embedders = EmbedderMap{ref: EmbedFunc(func(ctx context.Context, texts []string) ([][]float32, error) {
		return client.Embed(ctx, "fake-embed", texts)
	})}
	e.setModel(ref)
	ctx := context.Background()
	leaks := func(what, s string) {
		t.Helper()
		for _, k := range []string{key, key[:3] + "***" + key[len(key)-4:], key[len(key)-4:]} {
			if strings.Contains(s, k) {
				t.Fatalf("%s holds the key (%q): %s", what, k, s)
			}
		}
	}

	e.index(t, map[string]string{"puffins.txt": "Puffins nest in burrows on cliff tops."})
	d := e.mustOnly(t)
	if !strings.Contains(d.Warning, "embeddings unavailable") || !strings.Contains(d.Warning, "401") {
		t.Fatalf("document warning: %q", d.Warning)
	}
	leaks("document warning", d.Warning)
	st, err := e.svc.Status(ctx, e.ws)
	if err != nil || st.Embedded != 0 || !strings.Contains(st.EmbedError, "401") {
		t.Fatalf("status after a refused key: %+v %v", st, err)
	}
	leaks("index status", st.EmbedError)
	t.Logf("index status: %s", st.EmbedError)
	// Another model's failure is not this one's.
	e.setModel("fake:hash@64")
	if st, _ := e.svc.Status(ctx, e.ws); st.EmbedError != "" {
		t.Fatalf("another model's error shown: %+v", st)
	}
	e.setModel(ref)

	// The key is fixed, but the provider fails every try of the pass's
	// call: the pass ends with nothing embedded, and the status says why.
	srv.SetAPIKey(key)
	for range embedAttempts {
		srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 503, Message: "embedding backend overloaded"})
	}
	if _, err := e.svc.Reembed(ctx, e.ws); err != nil {
		t.Fatal(err)
	}
	st = waitStatus(t, e, func(s IndexStatus) bool { return !s.Reembedding })
	if st.Embedded != 0 || !strings.Contains(st.EmbedError, "503") {
		t.Fatalf("status after a failed pass: %+v", st)
	}

	if _, err := e.svc.Reembed(ctx, e.ws); err != nil {
		t.Fatal(err)
	}
	st = waitStatus(t, e, func(s IndexStatus) bool { return !s.Reembedding })
	if st.Embedded != st.Chunks || st.Chunks == 0 || st.EmbedError != "" {
		t.Fatalf("status after a good pass: %+v", st)
	}
}

// mustOnly returns the workspace's one document.
func (e *testEnv) mustOnly(t *testing.T) Document {
	t.Helper()
	page, err := e.svc.List(context.Background(), e.ws, "", 0, 2)
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("documents: %+v %v", page, err)
	}
	return page.Items[0]
}
