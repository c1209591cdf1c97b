package llm

import "testing"

func TestOllamaWindow(t *testing.T) {
	for in, want := range map[int]int{0: OllamaContext, 2048: 2048, 8192: 8192, 131072: OllamaContext} {
		if got := OllamaWindow(in); got != want {
			t.Fatalf("OllamaWindow(%d) = %d, want %d", in, got, want)
		}
	}
}
