// Package llmtest holds fake model servers that speak each provider's wire
// protocol exactly, for testing the llm adapters and anything built on them:
//
//   - OpenAI chat completions: SSE chunks with a role chunk first, content
//     and reasoning_content / reasoning deltas, delta.tool_calls (index, id,
//     type and name first, then function.arguments fragments; parallel calls
//     may interleave by index), a finish chunk, the usage chunk with empty
//     choices (when stream_options.include_usage), and data: [DONE]; an
//     error in the stream as data: {"error":…} or, as llama.cpp's server
//     sends it, an SSE field error: {"code","message","type"};
//     /models (with OpenRouter's context_length and
//     architecture.input_modalities) and /embeddings (float or base64).
//   - Anthropic Messages: message_start, ping, content_block_start/delta/stop
//     for thinking (thinking_delta, signature_delta), text and tool_use
//     blocks (input {} at the start, then input_json_delta partial_json
//     fragments, the first one empty), message_delta with stop_reason (tool_use
//     after calls) and usage, message_stop; errors as {"type":"error",…} and
//     in-stream `event: error`; /v1/models paged.
//   - Ollama: NDJSON /api/chat (message.thinking, message.tool_calls with
//     whole calls whose arguments are an object, done with counts and
//     done_reason stop even after calls), /api/tags, /api/show
//     (capabilities, model_info), /api/pull progress, /api/delete,
//     /api/embed, /api/version; {"error":…} lines with 200.
//
// Requests are held to the real APIs' tool rules, answered with their
// error texts: OpenAI's tool messages must answer the calls of the
// assistant message before them, every call must be answered, arguments are
// a string, a tool message has content (a string or text parts), only user
// messages carry images, tool_choice needs tools;
// Anthropic's tool_result blocks must answer the tool_use blocks of the
// message right before, all of a turn's results in one user message, text
// blocks are never empty, a tool_result holds only text and image blocks
// (images recorded in ToolResult.Images), an image is base64 or a URL of
// PNG, JPEG, GIF or WebP, tool_use input is an object, input_schema is of
// type object, with thinking on the turn whose tool results end the request
// starts with its signed thinking blocks; Ollama refuses tools for a model
// without the capability. The answer's format and the sampling hints are
// recorded (Call.ResponseFormat, Seed, the penalties, LogitBias) and held to
// the APIs' rules too (extras.go): OpenAI's response_format types,
// json_schema's name and object schema, the word "json" in the messages for
// json_object, penalties in [-2, 2], logit_bias from token ids to
// [-100, 100]; Ollama's format "json" or a schema object; and Anthropic
// refuses any field it does not know ("Extra inputs are not permitted").
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
//	srv.PushChat(llmtest.Script{ToolCalls: []llmtest.ScriptToolCall{{Name: "get_weather", Arguments: `{"city":"Paris"}`}}, ArgumentPieces: 3})
//	… call the adapter with srv.OpenAIURL() …
//	call, _ := srv.LastCall(llmtest.EndpointChat) // what was sent: messages, images, temperature, tools…
//	call.BodyField("messages")                    // and the exact JSON of any field (compare with SameJSON)
//
// Unscripted chat requests go to the Responder, Echo by default: the
// deterministic model that cmd/fakellm serves (see Echo for its contract,
// including its [[tool NAME {json}]] directive and its answer to tool
// results). Embeddings come from HashEmbed. Replay turns a handler into a
// RoundTripper for benchmarks. Collect runs an llm.Provider's Chat and
// gathers what it streamed, tool-call pieces included.
package llmtest
