package localapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"

	"bookbag/backend/llm/llmtest"
)

// Tests with the official openai-go client: what any OpenAI program sees.

func TestModelsListAndGet(t *testing.T) {
	h := newHarness(t, Limits{})
	ctx := context.Background()
	c := h.client(h.token)
	page, err := c.Models.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range page.Data {
		ids = append(ids, m.ID)
	}
	want := []string{"lmstudio:fake-chat", "lmstudio:fake-vision", "lmstudio:fake-embed@256",
		"workspace:personal", "workspace:research-notes", "workspace:private"}
	if !slices.Equal(ids, want) {
		t.Fatalf("models %v, want %v", ids, want)
	}
	m, err := c.Models.Get(ctx, "workspace:research-notes")
	if err != nil || m.ID != "workspace:research-notes" || m.OwnedBy != "bookbag-workspace" || m.Created != 2 {
		t.Fatalf("get workspace model: %+v %v", m, err)
	}
	// A workspace by its id too, and a ref with a colon and an @.
	if m, err := c.Models.Get(ctx, "workspace:0003-private"); err != nil || m.ID != "workspace:0003-private" {
		t.Fatalf("get by id: %+v %v", m, err)
	}
	if m, err := c.Models.Get(ctx, "lmstudio:fake-embed@256"); err != nil || m.OwnedBy != "LM Studio" {
		t.Fatalf("get model: %+v %v", m, err)
	}
	_, err = c.Models.Get(ctx, "openai:gpt-nope")
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Code != "model_not_found" || apiErr.Param != "model" {
		t.Fatalf("unknown model: %v", err)
	}
}

func TestSlugCollisionsFallBackToIDs(t *testing.T) {
	ids := workspaceIDs([]Workspace{{ID: "b", Name: "notes", CreatedAt: 2}, {ID: "a", Name: "Notes!", CreatedAt: 1}, {ID: "c", Name: "!!"}})
	if ids["workspace:notes"].ID != "a" || ids["workspace:b"].ID != "b" || ids["workspace:c"].ID != "c" {
		t.Fatalf("ids %v", ids)
	}
	if slug("Über Straße 2") != "über-straße-2" {
		t.Fatal(slug("Über Straße 2"))
	}
}

func TestChatCompletionNonStream(t *testing.T) {
	h := newHarness(t, Limits{})
	c := h.client(h.token)
	res, err := c.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:       "lmstudio:fake-chat",
		Messages:    []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Be brief."), openai.UserMessage("hello there")},
		Temperature: openai.Float(0),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Object != "chat.completion" || res.Model != "lmstudio:fake-chat" || !strings.HasPrefix(res.ID, "chatcmpl-") ||
		len(res.Choices) != 1 || res.Choices[0].Message.Content != `You asked: "hello there".` || res.Choices[0].FinishReason != "stop" {
		t.Fatalf("answer %+v", res)
	}
	if res.Usage.PromptTokens == 0 || res.Usage.CompletionTokens != 4 || res.Usage.TotalTokens != res.Usage.PromptTokens+4 {
		t.Fatalf("usage %+v", res.Usage)
	}
	// What reached the provider: the system text and the temperature 0.
	call, _ := h.fake.LastCall(llmtest.EndpointChat)
	if !strings.Contains(string(call.Body), "Be brief.") || !strings.Contains(string(call.BodyField("temperature")), "0") {
		t.Fatalf("upstream body %s", call.Body)
	}
}

func TestChatCompletionStreamWithUsage(t *testing.T) {
	h := newHarness(t, Limits{})
	c := h.client(h.token)
	stream := c.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:         "lmstudio:fake-chat",
		Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("stream me please")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	acc := openai.ChatCompletionAccumulator{}
	chunks, usageChunks := 0, 0
	for stream.Next() {
		ch := stream.Current()
		acc.AddChunk(ch)
		chunks++
		if len(ch.Choices) == 0 {
			usageChunks++
			if ch.Usage.CompletionTokens != 5 {
				t.Fatalf("usage chunk %+v", ch.Usage)
			}
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if got := acc.Choices[0].Message.Content; got != `You asked: "stream me please".` {
		t.Fatalf("streamed %q", got)
	}
	// role chunk, 5 words, finish, usage
	if chunks != 8 || usageChunks != 1 || acc.Choices[0].FinishReason != "stop" || acc.Usage.TotalTokens == 0 {
		t.Fatalf("chunks %d usage chunks %d finish %q usage %+v", chunks, usageChunks, acc.Choices[0].FinishReason, acc.Usage)
	}
}

func TestStreamWireFormat(t *testing.T) {
	h := newHarness(t, Limits{})
	resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","stream":true,"messages":[{"role":"user","content":"hi"}]}`)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	events := strings.Split(strings.TrimSpace(body), "\n\n")
	if events[len(events)-1] != "data: [DONE]" {
		t.Fatalf("last event %q", events[len(events)-1])
	}
	for _, e := range events[:len(events)-1] {
		var ch map[string]any
		if !strings.HasPrefix(e, "data: ") || json.Unmarshal([]byte(strings.TrimPrefix(e, "data: ")), &ch) != nil ||
			ch["object"] != "chat.completion.chunk" {
			t.Fatalf("event %q", e)
		}
		if _, has := ch["usage"]; has {
			t.Fatalf("usage without include_usage: %q", e)
		}
	}
}

func TestWorkspaceAnswerCarriesCitations(t *testing.T) {
	h := newHarness(t, Limits{})
	c := h.client(h.token)
	res, err := c.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    "workspace:research-notes",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("what does the handbook say")},
	})
	if err != nil {
		t.Fatal(err)
	}
	msg := res.Choices[0].Message
	// Echo cites [1] and [2] when the prompt has numbered sources.
	if res.Model != "workspace:research-notes" || !strings.Contains(msg.Content, "[1]") || len(msg.Annotations) != 2 {
		t.Fatalf("answer %+v", msg)
	}
	a := msg.Annotations[0].URLCitation
	if msg.Annotations[0].Type != "url_citation" || a.URL != "bookbag://document/doc-a#chunk=11" || a.Title != "Handbook.pdf" ||
		msg.Content[a.StartIndex:a.EndIndex] != "[1]" {
		t.Fatalf("annotation %+v in %q", a, msg.Content)
	}
	if h.wss.prepared[0] != "0002-research" {
		t.Fatalf("prepared %v", h.wss.prepared)
	}

	// Sources in the text when asked (the bookbag extension).
	resp, body := h.do("POST", "/v1/chat/completions", h.token,
		`{"model":"workspace:personal","bookbag":{"sources_in_text":true},"messages":[{"role":"user","content":"q"}]}`)
	var cc chatCompletion
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &cc) != nil {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	text := *cc.Choices[0].Message.Content
	if !strings.HasSuffix(text, "\n\nSources:\n[1] Handbook.pdf, page 3 (bookbag://document/doc-a#chunk=11)\n[2] Notes.md (bookbag://document/doc-b#chunk=42)") {
		t.Fatalf("text %q", text)
	}

	// Streamed: the annotations come in a delta before the finish.
	_, body = h.do("POST", "/v1/chat/completions", h.token,
		`{"model":"workspace:personal","stream":true,"bookbag":{"sources_in_text":true},"messages":[{"role":"user","content":"q"}]}`)
	var streamed strings.Builder
	var anns []annotation
	for _, e := range strings.Split(strings.TrimSpace(body), "\n\n") {
		var ch chatChunk
		if json.Unmarshal([]byte(strings.TrimPrefix(e, "data: ")), &ch) != nil || len(ch.Choices) == 0 {
			continue
		}
		if d := ch.Choices[0].Delta; d.Content != nil {
			streamed.WriteString(*d.Content)
		}
		anns = append(anns, ch.Choices[0].Delta.Annotations...)
	}
	if streamed.String() != text || len(anns) != 2 || anns[1].URLCitation.URL != "bookbag://document/doc-b#chunk=42" {
		t.Fatalf("streamed %q annotations %+v", streamed.String(), anns)
	}
}

func TestToolsPassThrough(t *testing.T) {
	h := newHarness(t, Limits{})
	c := h.client(h.token)
	params := openai.ChatCompletionNewParams{
		Model:    "lmstudio:fake-chat",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("weather in Paris?")},
		Tools: []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
			Name: "get_weather", Description: openai.String("weather of a city"),
			Parameters: shared.FunctionParameters{"type": "object", "properties": map[string]any{"city": map[string]any{"type": "string"}}},
		})},
	}
	h.fake.PushChat(llmtest.Script{ToolCalls: []llmtest.ScriptToolCall{{Name: "get_weather", Arguments: `{"city":"Paris"}`}}, ArgumentPieces: 3})
	res, err := c.Chat.Completions.New(context.Background(), params)
	if err != nil {
		t.Fatal(err)
	}
	tc := res.Choices[0].Message.ToolCalls
	if res.Choices[0].FinishReason != "tool_calls" || len(tc) != 1 || tc[0].Function.Name != "get_weather" ||
		tc[0].Function.Arguments != `{"city":"Paris"}` || tc[0].ID == "" {
		t.Fatalf("answer %+v", res.Choices[0])
	}
	call, _ := h.fake.LastCall(llmtest.EndpointChat)
	if !strings.Contains(string(call.BodyField("tools")), "get_weather") {
		t.Fatalf("tools not passed on: %s", call.Body)
	}

	// The result goes back and the model answers; streamed this time.
	params.Messages = append(params.Messages, res.Choices[0].Message.ToParam(), openai.ToolMessage("18 °C, sunny", tc[0].ID))
	h.fake.PushChat(llmtest.Script{ToolCalls: []llmtest.ScriptToolCall{{Name: "get_weather", Arguments: `{"city":"Lyon"}`}}})
	stream := c.Chat.Completions.NewStreaming(context.Background(), params)
	acc := openai.ChatCompletionAccumulator{}
	for stream.Next() {
		acc.AddChunk(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if tc := acc.Choices[0].Message.ToolCalls; len(tc) != 1 || tc[0].Function.Arguments != `{"city":"Lyon"}` || acc.Choices[0].FinishReason != "tool_calls" {
		t.Fatalf("streamed calls %+v", acc.Choices[0])
	}
	call, _ = h.fake.LastCall(llmtest.EndpointChat)
	if !strings.Contains(string(call.Body), "18 °C, sunny") {
		t.Fatalf("tool result not passed on: %s", call.Body)
	}

	// A model that takes no tools says so.
	params.Model = "lmstudio:fake-vision"
	_, err = c.Chat.Completions.New(context.Background(), params)
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Param != "tools" {
		t.Fatalf("tools to a model without them: %v", err)
	}
}

func TestEmbeddings(t *testing.T) {
	h := newHarness(t, Limits{})
	c := h.client(h.token)
	res, err := c.Embeddings.New(context.Background(), openai.EmbeddingNewParams{Model: "lmstudio:fake-embed@256",
		Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"one", "two"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Data) != 2 || len(res.Data[0].Embedding) != 256 || res.Data[1].Index != 1 || res.Usage.PromptTokens == 0 {
		t.Fatalf("embeddings %+v", res)
	}
	want := llmtest.HashEmbed("two", 256)
	for i := range want {
		if float32(res.Data[1].Embedding[i]) != want[i] {
			t.Fatalf("vector differs at %d", i)
		}
	}
	// base64, as the Python client asks by default.
	b64, err := c.Embeddings.New(context.Background(), openai.EmbeddingNewParams{Model: "lmstudio:fake-embed@256",
		Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("two")}, EncodingFormat: openai.EmbeddingNewParamsEncodingFormatBase64})
	if err != nil || len(b64.Data) != 1 || b64.Data[0].Embedding[5] != res.Data[1].Embedding[5] {
		t.Fatalf("base64 embeddings: %v", err)
	}
	// Token ids (LangChain's default) are refused with the way out.
	resp, body := h.do("POST", "/v1/embeddings", h.token, `{"model":"lmstudio:fake-embed@256","input":[[9906,1917]]}`)
	if e := errorOf(t, body); resp.StatusCode != 400 || e["param"] != "input" || !strings.Contains(e["message"].(string), "check_embedding_ctx_length") {
		t.Fatalf("token ids: %d %s", resp.StatusCode, body)
	}
	_, err = c.Embeddings.New(context.Background(), openai.EmbeddingNewParams{Model: "lmstudio:fake-chat",
		Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("x")}})
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Fatalf("chat model for embeddings: %v", err)
	}
}
