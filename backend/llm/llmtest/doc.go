// Package llmtest holds fake model servers that speak each provider's wire
// protocol exactly, for testing the llm adapters and anything built on them:
//
//   - OpenAI chat completions: SSE chunks with a role chunk first, content
//     and reasoning_content / reasoning deltas, a finish chunk, the usage
//     chunk with empty choices (when stream_options.include_usage), and
//     data: [DONE]; /models (with OpenRouter's context_length and
//     architecture.input_modalities) and /embeddings (float or base64).
//   - Anthropic Messages: message_start, ping, content_block_start/delta/stop
//     for thinking (thinking_delta, signature_delta) and text blocks,
//     message_delta with stop_reason and usage, message_stop; errors as
//     {"type":"error",…} and in-stream `event: error`; /v1/models paged.
//   - Ollama: NDJSON /api/chat (message.thinking, done with counts),
//     /api/tags, /api/show (capabilities, model_info), /api/pull progress,
//     /api/delete, /api/embed, /api/version; {"error":…} lines with 200.
//
// A Fake holds models, queued Scripts and recorded Calls; Handler mounts the
// protocols under /openai/v1, /anthropic, /ollama (and /ollama/v1). Start
// runs one on a loopback port for a test:
//
//	srv := llmtest.Start(t, llmtest.WithAPIKey("sk-test"))
//	srv.PushChat(llmtest.Script{Thinking: []string{"hm"}, Text: []string{"Hel", "lo"}})
//	srv.PushChat(llmtest.Script{Status: 429, RetryAfter: "20"})
//	srv.PushChat(llmtest.Script{Text: llmtest.Words("a b c d"), Fault: llmtest.FaultCut, FaultAfter: 2})
//	srv.FailNext(llmtest.EndpointModels, llmtest.Failure{Status: 500})
//	… call the adapter with srv.OpenAIURL() …
//	call, _ := srv.LastCall(llmtest.EndpointChat) // what was sent: messages, images, temperature…
//
// Unscripted chat requests go to the Responder, Echo by default: the
// deterministic model that cmd/fakellm serves (see Echo for its contract).
// Embeddings come from HashEmbed. Replay turns a handler into a RoundTripper
// for benchmarks.
package llmtest
