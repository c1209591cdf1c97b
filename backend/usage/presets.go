package usage

// PresetsWritten is the day the preset prices were copied from the
// providers' price pages. Prices change: the page's note tells the user to
// check them.
const PresetsWritten = "2026-12-06"

const presetNote = "preset of " + PresetsWritten + ": check the provider's price page"

// presetsFrom is the date presets apply from: early enough to price every
// call this app recorded.
const presetsFrom = "2024-01-01"

// usd is dollars per million tokens in micro-USD.
func usd(dollars float64) int64 { return int64(dollars*1_000_000 + 0.5) }

// Presets are the list prices of well-known cloud models (standard tier,
// per million tokens: input, output, cached input).
func Presets() []Price {
	p := func(model string, in, out, cached float64) Price {
		return Price{Model: model, InputMicros: usd(in), OutputMicros: usd(out), CachedMicros: usd(cached),
			EffectiveFrom: presetsFrom, Preset: true, Note: presetNote}
	}
	return []Price{
		// OpenAI
		p("gpt-4o", 2.50, 10.00, 1.25),
		p("gpt-4o-mini", 0.15, 0.60, 0.075),
		p("gpt-4.1", 2.00, 8.00, 0.50),
		p("gpt-4.1-mini", 0.40, 1.60, 0.10),
		p("gpt-4.1-nano", 0.10, 0.40, 0.025),
		p("o3", 2.00, 8.00, 0.50),
		p("o4-mini", 1.10, 4.40, 0.275),
		p("text-embedding-3-small", 0.02, 0, 0),
		p("text-embedding-3-large", 0.13, 0, 0),
		// Anthropic (cached: cache reads)
		p("claude-opus-4", 15.00, 75.00, 1.50),
		p("claude-opus-4-1", 15.00, 75.00, 1.50),
		p("claude-opus-4-5", 5.00, 25.00, 0.50),
		p("claude-sonnet-4", 3.00, 15.00, 0.30),
		p("claude-sonnet-4-5", 3.00, 15.00, 0.30),
		p("claude-haiku-4-5", 1.00, 5.00, 0.10),
		p("claude-3-5-sonnet", 3.00, 15.00, 0.30),
		p("claude-3-5-haiku", 0.80, 4.00, 0.08),
		// xAI
		p("grok-3", 3.00, 15.00, 0.75),
		p("grok-3-mini", 0.30, 0.50, 0.075),
		p("grok-4", 3.00, 15.00, 0.75),
	}
}
