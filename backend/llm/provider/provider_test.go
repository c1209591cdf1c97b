package provider

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

func TestEveryPresetBuilds(t *testing.T) {
	for _, p := range llm.Presets() {
		cfg := Config{Preset: p.ID, APIKey: "k-0123456789"}
		if p.BaseURL == "" {
			cfg.BaseURL = "http://127.0.0.1:9/v1"
		}
		prov, err := New(cfg)
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		_, puller := prov.(llm.Puller)
		if puller != (p.Kind == llm.KindOllama) {
			t.Errorf("%s: Puller %v", p.ID, puller)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		cfg  Config
		code apperr.Code
		msg  string
	}{
		{Config{Preset: "nope"}, apperr.Invalid, `unknown provider preset "nope"`},
		{Config{Preset: llm.PresetCustom}, apperr.Invalid, "Custom OpenAI-compatible needs a base URL"},
		{Config{Preset: llm.PresetOpenAI}, apperr.Unauthorized, "OpenAI needs an API key (save one, or set OPENAI_API_KEY)"},
		{Config{Preset: llm.PresetXAI, Name: "Grok"}, apperr.Unauthorized, "Grok needs an API key (save one, or set XAI_API_KEY)"},
		{Config{Preset: llm.PresetOpenAI, APIKey: "k", BaseURL: "not a url"}, apperr.Invalid, "not a valid base URL"},
	}
	for _, tc := range cases {
		_, err := New(tc.cfg)
		if apperr.CodeOf(err) != tc.code || !strings.Contains(apperr.MessageOf(err), tc.msg) {
			t.Errorf("%+v: %v", tc.cfg, err)
		}
	}
	// Local servers need no key.
	if _, err := New(Config{Preset: llm.PresetOllama}); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{Preset: llm.PresetLMStudio}); err != nil {
		t.Fatal(err)
	}
}

// TestAgainstFake runs each kind end to end through the factory.
func TestAgainstFake(t *testing.T) {
	srv := llmtest.Start(t)
	cfgs := map[string]Config{
		"openai":    {Preset: llm.PresetOpenAI, BaseURL: srv.OpenAIURL(), APIKey: "k"},
		"custom":    {Preset: llm.PresetCustom, Name: "Box", BaseURL: srv.OllamaOpenAIURL()},
		"anthropic": {Preset: llm.PresetAnthropic, BaseURL: srv.AnthropicURL(), APIKey: "k"},
		"ollama":    {Preset: llm.PresetOllama, BaseURL: srv.OllamaURL()},
	}
	for name, cfg := range cfgs {
		t.Run(name, func(t *testing.T) {
			p, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := p.Models(context.Background())
			if err != nil || len(ms) < 3 {
				t.Fatalf("models %d err %v", len(ms), err)
			}
			var text strings.Builder
			res, err := p.Chat(context.Background(), llm.ChatRequest{Model: "fake-chat", Messages: []llm.Message{{Role: "user", Content: "Ping?"}}},
				func(d llm.Delta) { text.WriteString(d.Text) })
			if err != nil || text.String() != `You asked: "Ping?".` || !res.UsageKnown {
				t.Fatalf("text %q res %+v err %v", text.String(), res, err)
			}
		})
	}
}

func TestNotRunningWording(t *testing.T) {
	p, err := New(Config{Preset: llm.PresetCustom, Name: "My server", BaseURL: "http://127.0.0.1:1/v1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Models(context.Background())
	if apperr.MessageOf(err) != "My server is not running at 127.0.0.1:1" {
		t.Fatalf("err %v", err)
	}
}

// A reasoning model's thinking that a server sends inline, tags and all
// (Ollama when think is not asked for; llama.cpp, LM Studio, vLLM without a
// reasoning parser) is shown as thinking, not as the answer; a cut stream
// keeps what came.
func TestInlineThinkTagsBecomeThinking(t *testing.T) {
	srv := llmtest.Start(t)
	for _, cfg := range []Config{{Preset: llm.PresetLlamaCpp, BaseURL: srv.OpenAIURL()}, {Preset: llm.PresetOllama, BaseURL: srv.OllamaURL()}} {
		p, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		req := llm.ChatRequest{Model: "fake-chat", Messages: []llm.Message{{Role: llm.RoleUser, Content: "Hello?"}}}
		srv.PushChat(llmtest.Script{Text: []string{"<th", "ink>\nThe user", " says hello.</thi", "nk>\n\n", "Hello!"}})
		if c := llmtest.Collect(context.Background(), p, req); c.Err != nil || c.Thinking != "\nThe user says hello." || c.Text != "Hello!" {
			t.Fatalf("%s: thinking %q text %q err %v", cfg.Preset, c.Thinking, c.Text, c.Err)
		}
		srv.PushChat(llmtest.Script{Text: []string{"<think>", "Still ", "thinking"}, Fault: llmtest.FaultCut, FaultAfter: 3})
		if c := llmtest.Collect(context.Background(), p, req); c.Err == nil || c.Thinking != "Still thinking" || c.Text != "" {
			t.Fatalf("%s cut: thinking %q text %q err %v", cfg.Preset, c.Thinking, c.Text, c.Err)
		}
	}
}
