package llmtest

import "time"

// Fault breaks a stream on purpose after Script.FaultAfter deltas.
type Fault int

const (
	FaultNone Fault = iota
	// FaultCut aborts the connection mid-stream (no end marker, no
	// terminating chunk): the client reads an unexpected EOF.
	FaultCut
	// FaultEOF ends the response cleanly but without the protocol's end
	// marker ([DONE], message_stop, done:true).
	FaultEOF
	// FaultMalformed writes one line that is not valid JSON, then goes on.
	FaultMalformed
	// FaultStreamError reports an error inside the stream with status 200:
	// OpenAI `data: {"error":…}`, Anthropic `event: error`, Ollama
	// `{"error":…}`. ErrorMessage is its text.
	FaultStreamError
	// FaultCutAfterFinish sends the answer whole, its finish included (the
	// finish and usage chunks, message_stop, the done line), then aborts the
	// connection where the stream would end (before OpenAI's data: [DONE]):
	// the answer is complete, the connection is not. FaultAfter is unused.
	FaultCutAfterFinish
)

// Script says how the fake answers one chat request.
type Script struct {
	Thinking []string // thinking deltas, sent before the text
	Text     []string // text deltas

	// ToolCalls are sent after the text, in order (parallel calls). The
	// finish reason becomes tool_calls (Anthropic tool_use; Ollama, as the
	// real one, still says stop) unless FinishReason says otherwise.
	ToolCalls []ScriptToolCall
	// ArgumentPieces splits each call's arguments into up to this many
	// fragments (OpenAI function.arguments deltas, Anthropic
	// input_json_delta); 0 or 1 sends them whole. Ollama always sends whole
	// calls.
	ArgumentPieces int
	// InterleaveToolCalls sends the pieces of parallel calls round-robin by
	// index (call 0's first piece, call 1's first piece, call 0's second…).
	// Only OpenAI's protocol can; the others send calls one after another.
	InterleaveToolCalls bool

	// Usage; zero counts are computed (words in, deltas out). NoUsage
	// leaves usage out where the protocol allows it.
	InputTokens, OutputTokens int
	NoUsage                   bool
	// CachedTokens of InputTokens were read from the prompt cache (OpenAI
	// prompt_tokens_details.cached_tokens; Anthropic sends them as
	// cache_read_input_tokens beside the rest as input_tokens).
	CachedTokens int
	// FinishReason in OpenAI terms (stop, length); each protocol gets its
	// own word (end_turn, max_tokens). Default stop.
	FinishReason string
	// ReasoningField is the OpenAI delta field that carries thinking:
	// "reasoning_content" (DeepSeek, vLLM ≤0.8) or "reasoning" (OpenRouter,
	// Ollama's /v1, newer vLLM). Default depends on the mount.
	ReasoningField string

	// Status, when not 0 or 200, answers with this HTTP error instead of a
	// stream, in the protocol's error format.
	Status       int
	RetryAfter   string // Retry-After header value, e.g. "20"
	ErrorMessage string // error text for Status and FaultStreamError
	ErrorType    string // provider error type (Anthropic overloaded_error…)
	// ErrorField sends FaultStreamError on the OpenAI mount as llama.cpp's
	// server does: an SSE field named error holding {"code","message",
	// "type"}, not a data: line.
	ErrorField bool

	Fault      Fault
	FaultAfter int // deltas sent before the fault: thinking, text and tool-call pieces (see ScriptToolCall)

	FirstByteDelay time.Duration // before the status line
	DeltaDelay     time.Duration // between deltas
}

// ScriptToolCall is one tool call of a scripted answer. On the wire each
// call is a start (id and name) and then its argument pieces; each counts
// as one delta for FaultAfter and DeltaDelay.
type ScriptToolCall struct {
	// ID is sent as is; "" lets the fake number one (call_001 for OpenAI,
	// toolu_001 for Anthropic) while Ollama, like the real one, sends none.
	ID   string
	Name string // "" sends a call without a name
	// Arguments is the JSON text of the arguments, sent verbatim so a test
	// can send malformed JSON: inside OpenAI's arguments string, as
	// Anthropic's partial_json, and as Ollama's arguments object when it is
	// valid JSON (otherwise as a JSON string, as a broken proxy would). ""
	// sends no arguments (Ollama: {}).
	Arguments string
}

// Failure makes one request to a non-chat endpoint fail (or stall).
type Failure struct {
	Status     int
	RetryAfter string
	Message    string
	Delay      time.Duration // before the first byte
}

// PullScript shapes Ollama /api/pull answers.
type PullScript struct {
	Total     int64         // bytes of the one layer; default 1 MiB
	Steps     int           // progress lines while downloading; default 8
	StepDelay time.Duration // between progress lines
	// Error, when set, is reported in-band ({"error":…}, status 200) after
	// half the steps, like a registry failure.
	Error string
	// NotFound answers like a registry without the model.
	NotFound bool
}
