package llm

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"bookbag/backend/apperr"
)

// Ref is a portable model reference, "<preset>:<model>", with "@<dims>" on
// embedding refs ("ollama:nomic-embed-text@768"). Refs leave the machine
// (workspace defaults, a message's model), so they name a preset or kind,
// never a local row id; each device resolves them to a provider it has.
//
// When two providers of one preset list the same model (a local Ollama and
// an office GPU box running Ollama), the ref of the second names it:
// "ollama@gpu-box:llama3.2:3b". Via is that provider's slug (ProviderSlug of
// its name when it was added); a device without such a provider resolves
// the ref as if it were plain.
type Ref struct {
	Provider   string // preset id or kind: openai, anthropic, ollama, openrouter…
	Via        string // the slug of one provider of that preset; "" for any
	Model      string // as the provider names it; may contain ':' and '/'
	Dimensions int    // embedding refs only; 0 otherwise
}

// String formats the ref; Via adds "@via" to the preset, Dimensions > 0
// adds "@dims" to the model.
func (r Ref) String() string {
	s := r.Provider
	if r.Via != "" {
		s += "@" + r.Via
	}
	s += ":" + r.Model
	if r.Dimensions > 0 {
		s += "@" + strconv.Itoa(r.Dimensions)
	}
	return s
}

// Plain is the ref without its provider qualifier: what prices, usage
// totals and the parameters a preset takes are keyed by.
func (r Ref) Plain() Ref {
	r.Via = ""
	return r
}

// FormatRef is Ref{provider, model, 0}.String().
func FormatRef(provider, model string) string { return Ref{Provider: provider, Model: model}.String() }

// FormatEmbeddingRef is Ref{provider, model, dims}.String().
func FormatEmbeddingRef(provider, model string, dims int) string {
	return Ref{Provider: provider, Model: model, Dimensions: dims}.String()
}

// ParseRef parses a chat model ref. Everything after the first ':' is the
// model name, so "ollama:llama3.2:3b" is provider ollama, model llama3.2:3b;
// an '@' before that colon starts the provider qualifier.
func ParseRef(s string) (Ref, error) {
	head, model, ok := strings.Cut(s, ":")
	provider, via, qualified := strings.Cut(head, "@")
	if !ok || model == "" || !validProvider(provider) || (qualified && !validProvider(via)) {
		return Ref{}, apperr.New(apperr.Invalid, "%q is not a model reference (want provider:model)", s)
	}
	return Ref{Provider: provider, Via: via, Model: model}, nil
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

// maxSlug keeps qualified refs (and the local API's model ids) short.
const maxSlug = 32

// ProviderSlug turns a provider's name into a ref qualifier: lower-case
// ASCII letters and digits, accents dropped ("Büro GPU" → "buro-gpu"), other
// runs of characters as one '-'. It is "" for a name with none of those.
func ProviderSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, c := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, c): // the accent of a decomposed letter
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		case c >= 'A' && c <= 'Z':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(c))
			dash = false
		default:
			dash = true
		}
		if b.Len() >= maxSlug {
			break
		}
	}
	return strings.TrimRight(b.String()[:min(b.Len(), maxSlug)], "-")
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
