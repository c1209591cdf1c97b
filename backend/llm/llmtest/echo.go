package llmtest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Directive timings and limits, part of the fakellm contract.
const (
	SlowFirstByte  = time.Second           // [[slow]]: wait before the first byte
	SlowDeltaDelay = 50 * time.Millisecond // [[slow]]: between deltas, unless [[slow MS]]
	MaxLongTokens  = 100_000               // [[long N]] is capped here
	RateLimitAfter = "2"                   // [[429]]: the Retry-After header value, seconds
	ArgumentPieces = 3                     // [[tool …]]: fragments of each call's arguments, where the protocol streams them
)

var (
	directiveRe = regexp.MustCompile(`\[\[(slow|think|429|500|cut|long)(?:\s+(\d+))?\]\]`)
	sourceRe    = regexp.MustCompile(`(?m)^\s*\[(\d+)\]`)
	fillerWords = strings.Fields("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua")
)

// Echo is the deterministic model of cmd/fakellm. It answers
//
//	You asked: "<question>".
//
// where the question is the last user message with directives removed,
// followed by " According to the sources, see [1]." (and " and [2]" when
// there are two or more) when the system prompt or any message holds lines
// starting "[n]", and by " I see 1 image (image/png, 68 bytes)." when images
// came with the question. Each word (with its trailing space) is one delta
// and one output token; input tokens are the words of the whole prompt.
// Directives in the last user message change the behaviour:
//
//	[[slow]] or [[slow MS]]  SlowFirstByte before the first byte, then
//	                         SlowDeltaDelay (or MS milliseconds) between deltas
//	[[think]]                thinking deltas ("Thinking about …") before the answer;
//	                         also on for models with Thinking when the request asks
//	[[429]]                  HTTP 429, Retry-After: 2
//	[[500]]                  HTTP 500
//	[[cut]]                  the connection drops after half the deltas
//	[[long N]]               the answer is exactly N filler tokens
//
//	[[tool NAME {json}]]     answer with a call of tool NAME with those arguments
//	                         instead of text (see below)
//
// A MaxTokens in the request below the answer's length truncates it with
// finish reason "length".
//
// Tools: each [[tool NAME ARGS]] directive becomes one tool call, in order
// (several make parallel calls), whether or not the request offered NAME.
// ARGS is a JSON value (nested brackets are fine) or, when it is not valid
// JSON, the raw text up to the next "]]", sent verbatim so an adapter can be
// fed malformed arguments; no ARGS sends none (adapters read {}), and a
// directive without NAME ([[tool {"a":1}]]) a call without a name. The
// answer then has no text, finish reason tool_calls, ids call_NNN
// (OpenAI) or toolu_NNN (Anthropic) numbered by the server, none from
// Ollama, and each call's arguments in ArgumentPieces fragments where the
// protocol streams them.
//
// When the request ends with tool results (OpenAI or Ollama "tool"
// messages, or an Anthropic user message of tool_result blocks), Echo
// answers
//
//	Tool results: NAME returned "CONTENT"; NAME failed with "CONTENT".
//
// one clause per result in order, "failed with" for an Anthropic is_error
// result, NAME from the call the result answers (the call id when none
// matches), CONTENT quoted as Go's %q does, then " I see 1 image (…)." for
// the results' images (inside Anthropic tool_result blocks, or in a user
// message right after OpenAI or Ollama tool messages, which still ends
// with the results); the directives of the earlier user message are not
// applied again, except [[slow]], [[think]] and [[cut]].
func Echo(c *Call, m Model) Script {
	last := c.LastUser()
	if c.endsWithToolImages() {
		// The results' images: the directives are the question's.
		before := Call{Messages: c.Messages[:len(c.Messages)-1]}
		last = before.LastUser()
	}
	dirs := map[string]int{}
	for _, d := range directiveRe.FindAllStringSubmatch(last.Text, -1) {
		n, _ := strconv.Atoi(d[2])
		dirs[d[1]] = n
	}
	calls, question := toolDirectives(last.Text)
	q := strings.Join(strings.Fields(directiveRe.ReplaceAllString(question, " ")), " ")
	results := c.TrailingToolResults()
	var s Script
	if _, ok := dirs["429"]; ok && results == nil {
		return Script{Status: 429, RetryAfter: RateLimitAfter, ErrorMessage: "Rate limit reached for " + c.Model + " on requests per min. Please try again in 2s."}
	}
	if _, ok := dirs["500"]; ok && results == nil {
		return Script{Status: 500, ErrorMessage: "the fake model failed on purpose ([[500]])"}
	}
	if n, ok := dirs["slow"]; ok {
		s.FirstByteDelay, s.DeltaDelay = SlowFirstByte, SlowDeltaDelay
		if n > 0 {
			s.DeltaDelay = time.Duration(n) * time.Millisecond
		}
	}
	_, think := dirs["think"]
	if think || (m.Thinking && c.ThinkRequested()) {
		s.Thinking = Words("Thinking about the question: " + q)
	}
	n, long := dirs["long"]
	switch {
	case results != nil:
		s.Text = Words(toolReply(results) + seeImages(c.ToolImages()))
	case len(calls) > 0:
		s.ToolCalls, s.ArgumentPieces = calls, ArgumentPieces
	case long:
		n = min(max(n, 0), MaxLongTokens)
		s.Text = make([]string, n)
		for i := range s.Text {
			s.Text[i] = fillerWords[i%len(fillerWords)] + " "
		}
	default:
		s.Text = Words(reply(c, q, last))
	}
	if c.MaxTokens > 0 && len(s.Text) > c.MaxTokens {
		s.Text, s.FinishReason = s.Text[:c.MaxTokens], "length"
	}
	if _, ok := dirs["cut"]; ok {
		s.Fault, s.FaultAfter = FaultCut, max(1, deltas(s)/2)
	}
	return s
}

func reply(c *Call, q string, last Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "You asked: %q.", q)
	if n := sources(c); len(n) > 0 {
		b.WriteString(" According to the sources, see [" + strconv.Itoa(n[0]) + "]")
		if len(n) > 1 {
			b.WriteString(" and [" + strconv.Itoa(n[1]) + "]")
		}
		b.WriteString(".")
	}
	b.WriteString(seeImages(last.Images))
	return b.String()
}

// seeImages is " I see 1 image (image/png, 68 bytes)." for images, "" for none.
func seeImages(images []Image) string {
	if len(images) == 0 {
		return ""
	}
	parts := make([]string, len(images))
	for i, im := range images {
		parts[i] = fmt.Sprintf("%s, %d bytes", orDefault(im.MIME, "image"), len(im.Data))
	}
	noun := "image"
	if len(parts) > 1 {
		noun = "images"
	}
	return fmt.Sprintf(" I see %d %s (%s).", len(parts), noun, strings.Join(parts, "; "))
}

// sources returns the distinct source numbers found at line starts, sorted.
func sources(c *Call) []int {
	var out []int
	for _, m := range sourceRe.FindAllStringSubmatch(c.allText(), -1) {
		if n, err := strconv.Atoi(m[1]); err == nil && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// Words splits s into deltas: each word keeps its trailing space, so the
// deltas concatenate back to s (with runs of spaces collapsed).
func Words(s string) []string {
	f := strings.Fields(s)
	for i := range f {
		if i < len(f)-1 {
			f[i] += " "
		}
	}
	return f
}
