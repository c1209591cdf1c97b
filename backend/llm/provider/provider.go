// Package provider builds an llm.Provider from a configuration (preset,
// base URL, key), so the services that use models never import an adapter.
package provider

import (
	"net"
	"net/http"
	"net/url"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/anthropic"
	"bookbag/backend/llm/ollama"
	"bookbag/backend/llm/openai"
)

// Config describes one configured provider. The key is read from the
// keychain by the caller just before New and is not kept anywhere else.
type Config struct {
	Preset     string       // llm preset id (openai, ollama, custom…)
	Kind       llm.Kind     // overrides the preset's kind; needed only without a known preset
	Name       string       // shown in messages; default the preset's display name
	BaseURL    string       // default the preset's
	APIKey     string       // may be empty for local servers
	HTTPClient *http.Client // base client (tests); nil builds one
	Timeouts   llm.Timeouts // zero fields take defaults (longer for local servers)
}

// New builds the provider; it does no I/O, so a bad key or an unreachable
// server shows on the first call (ModelService's "test connection").
func New(cfg Config) (llm.Provider, error) {
	p, known := llm.PresetByID(cfg.Preset)
	kind := cfg.Kind
	if kind == "" {
		if !known {
			return nil, apperr.New(apperr.Invalid, "unknown provider preset %q", cfg.Preset)
		}
		kind = p.Kind
	}
	if !known {
		p = llm.Preset{ID: cfg.Preset, DisplayName: string(kind), Kind: kind}
	}
	name := cfg.Name
	if name == "" {
		name = p.DisplayName
	}
	base := cfg.BaseURL
	if base == "" {
		base = p.BaseURL
	}
	if base == "" {
		return nil, apperr.New(apperr.Invalid, "%s needs a base URL", name)
	}
	if p.KeyRequired && cfg.APIKey == "" {
		msg := name + " needs an API key"
		if p.KeyEnv != "" {
			msg += " (save one, or set " + p.KeyEnv + ")"
		}
		return nil, apperr.New(apperr.Unauthorized, "%s", msg)
	}
	local := p.Local || loopback(base)
	t := cfg.Timeouts.WithDefaults(llm.DefaultTimeouts())
	if local {
		t = cfg.Timeouts.WithDefaults(llm.LocalTimeouts())
	}
	switch kind {
	case llm.KindOpenAI:
		var headers map[string]string
		if p.ID == llm.PresetOpenRouter {
			headers = map[string]string{"X-Title": "BookBag Desktop"} // OpenRouter's app attribution
		}
		return openai.New(openai.Options{Name: name, Preset: p.ID, BaseURL: base, APIKey: cfg.APIKey, Local: local,
			Headers: headers, HTTPClient: cfg.HTTPClient, Timeouts: t})
	case llm.KindAnthropic:
		return anthropic.New(anthropic.Options{Name: name, BaseURL: base, APIKey: cfg.APIKey, HTTPClient: cfg.HTTPClient, Timeouts: t})
	case llm.KindOllama:
		return ollama.New(ollama.Options{Name: name, BaseURL: base, APIKey: cfg.APIKey, HTTPClient: cfg.HTTPClient, Timeouts: t})
	}
	return nil, apperr.New(apperr.Invalid, "unknown provider kind %q", kind)
}

// loopback reports a base URL on this machine (a custom server on
// localhost gets local error wording and timeouts).
func loopback(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
