package llm

import "testing"

func TestParseRef(t *testing.T) {
	cases := map[string]Ref{
		"openai:gpt-4o-mini":                           {Provider: "openai", Model: "gpt-4o-mini"},
		"ollama:llama3.2:3b":                           {Provider: "ollama", Model: "llama3.2:3b"},
		"openrouter:meta-llama/llama-3.3-70b-instruct": {Provider: "openrouter", Model: "meta-llama/llama-3.3-70b-instruct"},
		"anthropic:claude-sonnet-4-5":                  {Provider: "anthropic", Model: "claude-sonnet-4-5"},
		"ollama:nomic-embed-text@768":                  {Provider: "ollama", Model: "nomic-embed-text@768"},
		"ollama@gpu-box:llama3.2:3b":                   {Provider: "ollama", Via: "gpu-box", Model: "llama3.2:3b"},
		"custom@vllm.lab:org/model@2":                  {Provider: "custom", Via: "vllm.lab", Model: "org/model@2"},
	}
	for s, want := range cases {
		got, err := ParseRef(s)
		if err != nil || got != want || got.String() != s {
			t.Errorf("%q: %+v %v", s, got, err)
		}
	}
	for _, bad := range []string{"", "openai", ":gpt", "openai:", "Open AI:x", "a b:c", "ollama@:x", "@gpu:x", "ollama@GPU box:x", "ollama@a@b:x"} {
		if _, err := ParseRef(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestParseEmbeddingRef(t *testing.T) {
	cases := map[string]Ref{
		"ollama:nomic-embed-text@768":         {Provider: "ollama", Model: "nomic-embed-text", Dimensions: 768},
		"openai:text-embedding-3-small@1536":  {Provider: "openai", Model: "text-embedding-3-small", Dimensions: 1536},
		"ollama:bge-m3:latest":                {Provider: "ollama", Model: "bge-m3:latest"},
		"custom:org@team/embedder@256":        {Provider: "custom", Model: "org@team/embedder", Dimensions: 256},
		"custom:vertex@latest":                {Provider: "custom", Model: "vertex@latest"},
		"ollama@gpu-box:nomic-embed-text@768": {Provider: "ollama", Via: "gpu-box", Model: "nomic-embed-text", Dimensions: 768},
		"ollama@gpu-box:bge-m3:latest":        {Provider: "ollama", Via: "gpu-box", Model: "bge-m3:latest"},
	}
	for s, want := range cases {
		got, err := ParseEmbeddingRef(s)
		if err != nil || got != want || got.String() != s {
			t.Errorf("%q: %+v %v", s, got, err)
		}
	}
	if _, err := ParseEmbeddingRef("ollama:x@0"); err == nil {
		t.Error("@0 parsed")
	}
	if s := FormatEmbeddingRef("ollama", "nomic-embed-text", 768); s != "ollama:nomic-embed-text@768" {
		t.Error(s)
	}
	if s := FormatRef("ollama", "llama3.2:3b"); s != "ollama:llama3.2:3b" {
		t.Error(s)
	}
}

// A qualified ref names one provider of a preset; Plain drops the
// qualifier and keeps the dimensions (prices and usage use the plain form).
func TestQualifiedRef(t *testing.T) {
	r := Ref{Provider: "ollama", Via: "gpu-box", Model: "nomic-embed-text", Dimensions: 768}
	if s := r.String(); s != "ollama@gpu-box:nomic-embed-text@768" {
		t.Fatal(s)
	}
	if s := r.Plain().String(); s != "ollama:nomic-embed-text@768" {
		t.Fatal(s)
	}
	if s := FormatRef(r.Provider, r.Model); s != "ollama:nomic-embed-text" {
		t.Fatal(s)
	}
}

func TestProviderSlug(t *testing.T) {
	cases := map[string]string{
		"GPU box":           "gpu-box",
		"  Office GPU (2) ": "office-gpu-2",
		"Büro-Rechner":      "buro-rechner",
		"Ollama":            "ollama",
		"llama.cpp @ home":  "llama-cpp-home",
		"Офис":              "",
		"a very long provider name that goes on and on": "a-very-long-provider-name-that-g",
		"abcdefghijklmnopqrstuvwxyz01234 x":             "abcdefghijklmnopqrstuvwxyz01234",
	}
	for name, want := range cases {
		got := ProviderSlug(name)
		if got != want {
			t.Errorf("%q: %q, want %q", name, got, want)
		}
		if got != "" {
			if _, err := ParseRef("ollama@" + got + ":m"); err != nil {
				t.Errorf("%q: slug %q does not parse in a ref: %v", name, got, err)
			}
		}
	}
}

func TestPresets(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Presets() {
		if seen[p.ID] || !validProvider(p.ID) || p.DisplayName == "" || p.KeyEnv == "" || p.Kind == "" {
			t.Errorf("bad preset %+v", p)
		}
		seen[p.ID] = true
		if (p.BaseURL == "") != (p.ID == PresetCustom) {
			t.Errorf("%s base URL %q", p.ID, p.BaseURL)
		}
		if p.Local && p.KeyRequired {
			t.Errorf("%s: local servers need no key", p.ID)
		}
	}
	if len(seen) != 13 {
		t.Fatalf("%d presets", len(seen))
	}
	if p, ok := PresetByID(PresetXAI); !ok || p.KeyEnv != "XAI_API_KEY" || p.Kind != KindOpenAI {
		t.Fatalf("xai %+v", p)
	}
}

func TestSupportedParams(t *testing.T) {
	a := SupportedParams(PresetAnthropic, "claude-sonnet-4-5")
	if a.Temperature.Supported || a.TopP.Supported || a.Temperature.Note == "" || !a.Think.Supported {
		t.Errorf("anthropic %+v", a)
	}
	o := SupportedParams(PresetOpenAI, "o3-mini")
	if o.Temperature.Supported || !o.ReasoningEffort.Supported || o.Think.Supported {
		t.Errorf("o3 %+v", o)
	}
	if g := SupportedParams(PresetOpenAI, "gpt-4o"); !g.Temperature.Supported || g.ContextLength.Supported {
		t.Errorf("gpt-4o %+v", g)
	}
	if l := SupportedParams(PresetOllama, ""); !l.ContextLength.Supported || !l.Temperature.Supported {
		t.Errorf("ollama %+v", l)
	}
	if d := SupportedParams(PresetDeepSeek, "deepseek-chat"); d.ReasoningEffort.Supported {
		t.Errorf("deepseek %+v", d)
	}
	if v := SupportedParams(PresetVLLM, "qwen3"); !v.Think.Supported {
		t.Errorf("vllm %+v", v)
	}
	if !IsOpenAIReasoningModel("openai/gpt-5-mini") || IsOpenAIReasoningModel("gpt-4o") {
		t.Error("IsOpenAIReasoningModel")
	}
}
