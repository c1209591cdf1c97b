package llm

import (
	"fmt"
	"strconv"
	"strings"

	"bookbag/backend/apperr"
)

// Ref is a portable model reference, "<preset>:<model>", with "@<dims>" on
// embedding refs ("ollama:nomic-embed-text@768"). Refs leave the machine
// (workspace defaults, a message's model), so they name a preset or kind,
// never a local row id; each device resolves them to a provider it has.
type Ref struct {
	Provider   string // preset id or kind: openai, anthropic, ollama, openrouter…
	Model      string // as the provider names it; may contain ':' and '/'
	Dimensions int    // embedding refs only; 0 otherwise
}

// String formats the ref; Dimensions > 0 adds "@dims".
func (r Ref) String() string {
	s := r.Provider + ":" + r.Model
	if r.Dimensions > 0 {
		s += "@" + strconv.Itoa(r.Dimensions)
	}
	return s
}

// FormatRef is Ref{provider, model, 0}.String().
func FormatRef(provider, model string) string { return Ref{Provider: provider, Model: model}.String() }

// FormatEmbeddingRef is Ref{provider, model, dims}.String().
func FormatEmbeddingRef(provider, model string, dims int) string {
	return Ref{Provider: provider, Model: model, Dimensions: dims}.String()
}

// ParseRef parses a chat model ref. Everything after the first ':' is the
// model name, so "ollama:llama3.2:3b" is provider ollama, model llama3.2:3b.
func ParseRef(s string) (Ref, error) {
	provider, model, ok := strings.Cut(s, ":")
	if !ok || model == "" || !validProvider(provider) {
		return Ref{}, apperr.New(apperr.Invalid, "%q is not a model reference (want provider:model)", s)
	}
	return Ref{Provider: provider, Model: model}, nil
}

// ParseEmbeddingRef parses an embedding model ref. A trailing "@<digits>" is
// the dimension count; it is optional so refs written before the dimensions
// were known still parse.
func ParseEmbeddingRef(s string) (Ref, error) {
	r, err := ParseRef(s)
	if err != nil {
		return Ref{}, err
	}
	if i := strings.LastIndexByte(r.Model, '@'); i > 0 {
		if d, err := strconv.Atoi(r.Model[i+1:]); err == nil && d > 0 {
			r.Model, r.Dimensions = r.Model[:i], d
		} else if r.Model[i+1:] != "" && allDigits(r.Model[i+1:]) {
			return Ref{}, apperr.New(apperr.Invalid, "%q has bad dimensions", s)
		}
	}
	return r, nil
}

func validProvider(p string) bool {
	if p == "" {
		return false
	}
	for _, c := range p {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// MustRef is for constants in tests and code: it panics on a bad ref.
func MustRef(s string) Ref {
	r, err := ParseRef(s)
	if err != nil {
		panic(fmt.Sprintf("llm.MustRef: %v", err))
	}
	return r
}
