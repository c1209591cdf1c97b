package llm

import "strings"

// Support says whether a parameter applies and, when it does not, why; the
// UI shows the note next to a parameter it greys out rather than dropping
// the value silently.
type Support struct {
	Supported bool   `json:"supported"`
	Note      string `json:"note,omitempty"`
}

// ParamSupport describes which Params a preset (and model) takes.
type ParamSupport struct {
	Temperature     Support  `json:"temperature"`
	TopP            Support  `json:"topP"`
	MaxTokens       Support  `json:"maxTokens"`
	ContextLength   Support  `json:"contextLength"`
	ReasoningEffort Support  `json:"reasoningEffort"`
	Think           Support  `json:"think"`
	Efforts         []string `json:"efforts,omitempty"` // accepted ReasoningEffort values
}

var (
	yes = Support{Supported: true}
	// Shared reasons, worded for a person reading the parameter form.
	noCtx = Support{Note: "the context length is fixed by the server for this provider"}
)

func no(note string) Support { return Support{Note: note} }

// SupportedParams reports the parameters that a provider preset takes for
// model (model may be empty: then the answer is for the preset's typical
// model). Adapters leave unsupported parameters out of requests.
func SupportedParams(presetID, model string) ParamSupport {
	p := presetOf(presetID)
	switch p.Kind {
	case KindAnthropic:
		return ParamSupport{
			Temperature:     no("Anthropic's current API has no temperature setting"),
			TopP:            no("Anthropic's current API has no top_p setting"),
			MaxTokens:       yes,
			ContextLength:   noCtx,
			ReasoningEffort: yes,
			Think:           yes,
			Efforts:         []string{"low", "medium", "high", "xhigh", "max"},
		}
	case KindOllama:
		return ParamSupport{
			Temperature:     yes,
			TopP:            yes,
			MaxTokens:       yes,
			ContextLength:   yes,
			ReasoningEffort: Support{Supported: true, Note: "only models that take a thinking level (such as gpt-oss)"},
			Think:           Support{Supported: true, Note: "only models with the thinking capability"},
			Efforts:         []string{"low", "medium", "high"},
		}
	}
	ps := ParamSupport{
		Temperature:     yes,
		TopP:            yes,
		MaxTokens:       yes,
		ContextLength:   noCtx,
		ReasoningEffort: yes,
		Think:           no("this provider has no thinking switch; use reasoning effort"),
		Efforts:         []string{"low", "medium", "high"},
	}
	switch p.ID {
	case PresetVLLM:
		// vLLM passes chat_template_kwargs.enable_thinking to templates such as Qwen3's.
		ps.Think = Support{Supported: true, Note: "sent as enable_thinking to the model's chat template"}
	case PresetLlamaCpp:
		ps.Think = Support{Supported: true, Note: "sent as enable_thinking to the model's chat template"}
		ps.ReasoningEffort = no("llama.cpp server does not take a reasoning effort")
		ps.Efforts = nil
	case PresetMistral, PresetDeepSeek:
		ps.ReasoningEffort = no("this provider does not take a reasoning effort")
		ps.Efforts = nil
	case PresetOpenAI:
		ps.Efforts = []string{"minimal", "low", "medium", "high"}
	}
	if IsOpenAIReasoningModel(model) {
		ps.Temperature = no("reasoning models fix the temperature")
		ps.TopP = no("reasoning models fix top_p")
	}
	return ps
}

// IsOpenAIReasoningModel reports OpenAI's o-series and gpt-5 models, which
// take max_completion_tokens and reject temperature and top_p. Router
// prefixes such as "openai/" are ignored.
func IsOpenAIReasoningModel(model string) bool {
	return modelHasPrefix(model, "o1", "o3", "o4", "gpt-5")
}

// IsMistralModel reports whether model is one of Mistral's, whichever
// server runs it (OpenRouter's "mistralai/pixtral-large", a vLLM serving
// "Mistral-Small-3.1"): their chat format refuses a user message right
// after tool messages.
func IsMistralModel(model string) bool {
	return modelHasPrefix(model, "mistral", "mixtral", "codestral", "ministral", "devstral", "pixtral", "magistral", "open-mistral", "open-mixtral")
}

// modelHasPrefix reports whether the model's name, without a router
// prefix such as "openai/" and in lower case, starts with one of prefixes.
func modelHasPrefix(model string, prefixes ...string) bool {
	if i := strings.LastIndexByte(model, '/'); i >= 0 {
		model = model[i+1:]
	}
	model = strings.ToLower(model)
	for _, p := range prefixes {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

// presetOf is the preset of id, or a bare one of kind id for an unknown id.
func presetOf(id string) Preset {
	if p, ok := PresetByID(id); ok {
		return p
	}
	return Preset{ID: id, Kind: Kind(id)}
}

// ExtraSupport says which of the sampling hints only the local API sets
// (Params.Seed, the penalties, LogitBias) a preset and model take. They are
// not in ParamSupport because no form offers them. What a provider is
// known to reject is left out of the request, as OpenRouter drops what a
// model does not take; docs/DECISIONS.md (local API) says why.
type ExtraSupport struct {
	Seed      bool
	Penalties bool // presence_penalty and frequency_penalty
	LogitBias bool
}

// SupportedExtras reports the sampling hints presetID and model take.
func SupportedExtras(presetID, model string) ExtraSupport {
	p := presetOf(presetID)
	switch p.Kind {
	case KindAnthropic:
		return ExtraSupport{} // the Messages API has none of them
	case KindOllama:
		return ExtraSupport{Seed: true, Penalties: true} // options.seed…; no logit bias
	}
	es := ExtraSupport{Seed: true, Penalties: true, LogitBias: true}
	switch p.ID {
	case PresetGroq:
		es.LogitBias = false // Groq answers 400 to logit_bias
	case PresetMistral:
		es.LogitBias = false // Mistral rejects unknown fields (its seed is random_seed, see the adapter)
	case PresetGemini:
		es.LogitBias = false // Gemini has no logit bias
	}
	if IsOpenAIReasoningModel(model) {
		// OpenAI lists both as unsupported for its reasoning models (400).
		es.Penalties, es.LogitBias = false, false
	}
	if isXAIReasoningModel(model) {
		es.Penalties = false // xAI: "not supported by reasoning models", an error
	}
	return es
}

// isXAIReasoningModel reports xAI's reasoning models (grok-3-mini, grok-4…,
// grok-code-fast…), which reject the penalties.
func isXAIReasoningModel(model string) bool {
	return modelHasPrefix(model, "grok-3-mini", "grok-4", "grok-code-fast")
}
