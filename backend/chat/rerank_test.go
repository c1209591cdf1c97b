package chat

import "testing"

func TestRerankNoteSaysCostOrWhyNot(t *testing.T) {
	ok := rerankNote(Rerank{Model: "qwen3:8b", InputTokens: 3050, OutputTokens: 50, DurationMs: 1240})
	if ok.Source != "sources" || ok.Text != "re-ranked by qwen3:8b in 1.2 s, 3,100 tokens." {
		t.Fatalf("note %+v", ok)
	}
	bad := rerankNote(Rerank{Model: "m", InputTokens: 999, DurationMs: 20000, Fallback: "the model did not answer within 20s"})
	if bad.Text != "kept in keyword order; re-ranking by m failed (the model did not answer within 20s; 20.0 s, 999 tokens)." {
		t.Fatalf("note %+v", bad)
	}
	est := rerankNote(Rerank{Model: "m", InputTokens: 3100, DurationMs: 900, Estimated: true})
	if est.Text != "re-ranked by m in 0.9 s, about 3,100 tokens." {
		t.Fatalf("note %+v", est)
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
