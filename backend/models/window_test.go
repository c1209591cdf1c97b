package models

import (
	"context"
	"testing"
)

// An Ollama chat model lists the window BookBag runs it with beside its
// trained length, so the model card does not promise 32K when 8K is read;
// an embedding model has none.
func TestOllamaModelsListTheirWindow(t *testing.T) {
	h := newTwoOllamas(t)
	ms, err := h.svc.ListModels(context.Background(), h.gp.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, m := range ms {
		got[m.Name] = [2]int{m.ContextLength, m.Window}
	}
	want := map[string][2]int{"qwen3:8b": {32768, 8192}, "llama3.2:3b": {8192, 8192}, "nomic-embed-text": {0, 0}}
	for name, w := range want {
		if got[name] != w {
			t.Fatalf("%s: context and window %v, want %v (all %v)", name, got[name], w, got)
		}
	}
}
