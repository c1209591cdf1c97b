// Command fakellm serves fake OpenAI, Anthropic and Ollama APIs on one
// loopback port, for the app's end-to-end tests and for trying BookBag
// without a provider. It never makes a network request of its own and
// refuses to listen on anything but loopback.
//
//	go run ./cmd/fakellm -addr 127.0.0.1:0 [-key SECRET]
//
// prints exactly one line on stdout once it accepts connections:
//
//	fakellm listening on http://127.0.0.1:PORT
//
// and serves until SIGINT or SIGTERM. Base URLs:
//
//	OpenAI     http://127.0.0.1:PORT/openai/v1   (chat/completions, models, embeddings)
//	Anthropic  http://127.0.0.1:PORT/anthropic   (v1/messages, v1/models; a …/anthropic/v1 base also works)
//	Ollama     http://127.0.0.1:PORT/ollama      (api/chat, tags, show, pull, delete, embed, version)
//	Ollama /v1 http://127.0.0.1:PORT/ollama/v1   (OpenAI-compatible; thinking in "reasoning")
//
// With -key every endpoint demands that key (Bearer, or x-api-key for
// Anthropic) and answers 401 in the provider's format otherwise.
//
// # Models
//
//	fake-chat    chat, tools, context 8192
//	fake-vision  chat, vision, tools, context 8192
//	fake-think   chat, thinking, tools, context 32768
//	fake-embed   embeddings only, 256 dimensions, context 2048
//
// Unknown models answer 404, images to a model without vision 400, chat
// with fake-embed 400, and (Ollama, Anthropic) thinking requested from a
// model without it 400, as the real servers do. Ollama's pull accepts any
// name (eight progress steps, then "success") and adds it to the list;
// delete removes a model.
//
// # Chat
//
// The answer is deterministic and quotes the question:
//
//	You asked: "<last user message, directives removed>".
//
// followed by " According to the sources, see [1]." (and " and [2]") when
// the system prompt or any message has lines starting "[n]" (numbered
// sources of a context block), and by " I see 1 image (image/png, 68
// bytes)." when the question came with images. Each word is one delta and
// one output token; input tokens are the words of the prompt; usage is
// always reported. fake-think streams thinking ("Thinking about the
// question: …") before the answer when the request asks for thinking
// (Ollama think, Anthropic thinking, OpenAI reasoning_effort or
// chat_template_kwargs.enable_thinking). A max-tokens limit below the
// answer's length truncates it with finish reason length.
//
// Directives anywhere in the last user message:
//
//	[[slow]]      1 s before the first byte, then 50 ms between deltas
//	[[slow MS]]   the same with MS milliseconds between deltas
//	[[think]]     thinking deltas first, whatever the model
//	[[429]]       HTTP 429 with Retry-After: 2
//	[[500]]       HTTP 500
//	[[cut]]       the connection drops after half the deltas
//	[[long N]]    the answer is exactly N filler tokens (at most 100000)
//	[[tool NAME {json}]]
//	              call tool NAME with those arguments instead of answering
//
// # Tools
//
// Each [[tool NAME ARGS]] directive is one tool call, in order (several
// are parallel calls), answered whether or not the request offered NAME:
//
//	[[tool get_weather {"city":"Paris"}]]   arguments {"city":"Paris"}
//	[[tool get_time]]                       no arguments (adapters read {})
//	[[tool get_weather {"city": ]]          malformed arguments, sent verbatim
//	[[tool {"a":1}]]                        a call without a name
//
// The answer then has no text and finishes with tool_calls (Anthropic
// tool_use; Ollama says stop, as the real one does). OpenAI and Anthropic
// stream each call's arguments in 3 fragments, with ids call_NNN and
// toolu_NNN counted by the server; Ollama sends whole calls without ids.
// When the request ends with tool results (OpenAI or Ollama "tool"
// messages, an Anthropic user message of tool_result blocks) the answer is
//
//	Tool results: NAME returned "CONTENT"; NAME failed with "CONTENT".
//
// one clause per result, "failed with" for an Anthropic is_error result,
// CONTENT quoted as Go's %q does; the user message's directives are not
// applied again, except [[slow]], [[think]] and [[cut]]. Tool history is
// checked as the real APIs check it: OpenAI wants every call answered by a
// tool message with content, Anthropic all of a turn's tool_result blocks
// in the one user message after the calls; both answer 400 otherwise.
// Ollama refuses tools for fake-embed (no tools capability).
//
// # Embeddings
//
// fake-embed hashes the lower-cased words of each text into 256 signed
// buckets (FNV-1a) and L2-normalises the result (llmtest.HashEmbed): texts
// sharing words are similar, so hybrid retrieval can be tested end to end.
// A "dimensions" request field below 256 shortens the vector.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"bookbag/backend/llm/llmtest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
	key := flag.String("key", "", "API key every request must carry (default: none)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *key, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fakellm:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends; the "listening" line goes to out.
func run(ctx context.Context, addr, key string, out io.Writer) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("parse address: %w", err)
	}
	if !loopback(host) {
		return fmt.Errorf("refusing to listen on %q: fakellm serves loopback only", host)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	var opts []llmtest.Option
	if key != "" {
		opts = append(opts, llmtest.WithAPIKey(key))
	}
	srv := &http.Server{Handler: llmtest.New(opts...).Handler(), ReadHeaderTimeout: 10 * time.Second}
	if _, err := fmt.Fprintf(out, "fakellm listening on http://%s\n", ln.Addr()); err != nil {
		ln.Close()
		return fmt.Errorf("announce address: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close() // slow streams: drop them
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
