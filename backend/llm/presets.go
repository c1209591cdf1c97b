package llm

// Preset fills in what a person would otherwise look up: the protocol, the
// base URL and the conventional environment variable of a provider's key.
type Preset struct {
	ID          string `json:"id"` // the prefix of model refs: "openai:gpt-4o-mini"
	DisplayName string `json:"displayName"`
	Kind        Kind   `json:"kind"`
	BaseURL     string `json:"baseUrl"` // default; empty means the user must give one
	KeyEnv      string `json:"keyEnv"`  // default environment variable for the key
	KeyRequired bool   `json:"keyRequired"`
	Local       bool   `json:"local"`  // runs on this machine (errors say "is not running")
	KeyURL      string `json:"keyUrl"` // where to create a key, for the UI
}

// Preset ids.
const (
	PresetOpenAI     = "openai"
	PresetAnthropic  = "anthropic"
	PresetXAI        = "xai"
	PresetOpenRouter = "openrouter"
	PresetGroq       = "groq"
	PresetMistral    = "mistral"
	PresetDeepSeek   = "deepseek"
	PresetGemini     = "gemini"
	PresetLMStudio   = "lmstudio"
	PresetVLLM       = "vllm"
	PresetLlamaCpp   = "llamacpp"
	PresetCustom     = "custom"
	PresetOllama     = "ollama"
)

// Presets lists every known provider, in the order the UI offers them. It
// returns a fresh slice each call so callers may modify it.
func Presets() []Preset {
	return []Preset{
		{ID: PresetOpenAI, DisplayName: "OpenAI", Kind: KindOpenAI, BaseURL: "https://api.openai.com/v1", KeyEnv: "OPENAI_API_KEY", KeyRequired: true, KeyURL: "https://platform.openai.com/api-keys"},
		{ID: PresetAnthropic, DisplayName: "Anthropic", Kind: KindAnthropic, BaseURL: "https://api.anthropic.com", KeyEnv: "ANTHROPIC_API_KEY", KeyRequired: true, KeyURL: "https://console.anthropic.com/settings/keys"},
		{ID: PresetXAI, DisplayName: "xAI Grok", Kind: KindOpenAI, BaseURL: "https://api.x.ai/v1", KeyEnv: "XAI_API_KEY", KeyRequired: true, KeyURL: "https://console.x.ai"},
		{ID: PresetOpenRouter, DisplayName: "OpenRouter", Kind: KindOpenAI, BaseURL: "https://openrouter.ai/api/v1", KeyEnv: "OPENROUTER_API_KEY", KeyRequired: true, KeyURL: "https://openrouter.ai/keys"},
		{ID: PresetGroq, DisplayName: "Groq", Kind: KindOpenAI, BaseURL: "https://api.groq.com/openai/v1", KeyEnv: "GROQ_API_KEY", KeyRequired: true, KeyURL: "https://console.groq.com/keys"},
		{ID: PresetMistral, DisplayName: "Mistral", Kind: KindOpenAI, BaseURL: "https://api.mistral.ai/v1", KeyEnv: "MISTRAL_API_KEY", KeyRequired: true, KeyURL: "https://console.mistral.ai/api-keys"},
		{ID: PresetDeepSeek, DisplayName: "DeepSeek", Kind: KindOpenAI, BaseURL: "https://api.deepseek.com/v1", KeyEnv: "DEEPSEEK_API_KEY", KeyRequired: true, KeyURL: "https://platform.deepseek.com/api_keys"},
		{ID: PresetGemini, DisplayName: "Google Gemini", Kind: KindOpenAI, BaseURL: "https://generativelanguage.googleapis.com/v1beta/openai", KeyEnv: "GEMINI_API_KEY", KeyRequired: true, KeyURL: "https://aistudio.google.com/apikey"},
		{ID: PresetLMStudio, DisplayName: "LM Studio", Kind: KindOpenAI, BaseURL: "http://127.0.0.1:1234/v1", KeyEnv: "LMSTUDIO_API_KEY", Local: true},
		{ID: PresetVLLM, DisplayName: "vLLM", Kind: KindOpenAI, BaseURL: "http://127.0.0.1:8000/v1", KeyEnv: "VLLM_API_KEY", Local: true},
		{ID: PresetLlamaCpp, DisplayName: "llama.cpp server", Kind: KindOpenAI, BaseURL: "http://127.0.0.1:8080/v1", KeyEnv: "LLAMA_API_KEY", Local: true},
		{ID: PresetCustom, DisplayName: "Custom OpenAI-compatible", Kind: KindOpenAI, KeyEnv: "OPENAI_COMPATIBLE_API_KEY"},
		{ID: PresetOllama, DisplayName: "Ollama", Kind: KindOllama, BaseURL: "http://127.0.0.1:11434", KeyEnv: "OLLAMA_API_KEY", Local: true},
	}
}

// PresetByID returns the preset with id.
func PresetByID(id string) (Preset, bool) {
	for _, p := range Presets() {
		if p.ID == id {
			return p, true
		}
	}
	return Preset{}, false
}
