package openai

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
	"bookbag/backend/llm/internal/toolcall"
)

// maxLine bounds one SSE line; a server sending more without a newline is
// broken, and the bound keeps memory in check.
const maxLine = 8 << 20

// chunk is the part of a chat.completion.chunk this adapter reads. Both
// thinking fields are here: reasoning_content (DeepSeek, older vLLM) and
// reasoning (OpenRouter, newer vLLM, Ollama's /v1).
type chunk struct {
	Choices []struct {
		Delta struct {
			Content          string          `json:"content"`
			ReasoningContent string          `json:"reasoning_content"`
			Reasoning        string          `json:"reasoning"`
			ToolCalls        []toolCallChunk `json:"tool_calls"`
		} `json:"delta"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *usage `json:"usage"`
	// Groq reports usage here instead.
	XGroq *struct {
		Usage *usage `json:"usage"`
	} `json:"x_groq"`
	Error json.RawMessage `json:"error"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	Details          *struct {
		CachedTokens int `json:"cached_tokens"`
	} `json:"prompt_tokens_details"`
}

// readStream reads SSE lines until data: [DONE] and hands each delta to
// onDelta; the tool calls are checked and put in the result at the end. It
// never panics on input: every malformed piece is an error.
func readStream(body io.Reader, onDelta func(llm.Delta)) (llm.Result, error) {
	var asm toolcall.Assembler
	res, err := readEvents(body, &asm, onDelta)
	if err != nil {
		return res, err
	}
	return res, asm.Finish(&res)
}

func readEvents(body io.Reader, asm *toolcall.Assembler, onDelta func(llm.Delta)) (llm.Result, error) {
	var res llm.Result
	var ev sseEvent
	r := bufio.NewReaderSize(body, 16<<10)
	var long []byte // a line longer than the buffer, assembled
	for {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if len(long)+len(line) > maxLine {
				return res, llm.Malformed("a line longer than 8 MiB", nil)
			}
			long = append(long, line...)
			continue
		}
		if long != nil {
			line = append(long, line...)
			long = nil
		}
		if len(line) > 0 {
			done, perr := ev.handleLine(line, &res, asm, onDelta)
			if perr != nil {
				return res, perr
			}
			if done {
				return res, nil
			}
		}
		if err != nil && res.FinishReason != "" {
			// The finish reason says the answer is whole: some servers omit
			// [DONE], and a connection that breaks after it loses at most
			// the usage.
			return res, nil
		}
		if err == io.EOF {
			return res, llm.ErrStreamCut
		}
		if err != nil {
			return res, fmt.Errorf("%w: %w", llm.ErrStreamCut, err)
		}
	}
}

var (
	dataPrefix  = []byte("data:")
	eventPrefix = []byte("event:")
	errorPrefix = []byte("error:")
	doneMarker  = []byte("[DONE]")
)

// sseEvent is what the lines of the event being read said before its data:
// its name, which a blank line resets.
type sseEvent struct {
	name string
}

// handleLine processes one SSE line; done reports the end marker.
func (ev *sseEvent) handleLine(line []byte, res *llm.Result, asm *toolcall.Assembler, onDelta func(llm.Delta)) (done bool, err error) {
	line = bytes.TrimRight(line, "\r\n")
	if len(line) == 0 {
		ev.name = "" // event boundary
		return false, nil
	}
	if line[0] == ':' {
		return false, nil // a comment (OpenRouter's keep-alives)
	}
	if name, ok := bytes.CutPrefix(line, eventPrefix); ok {
		ev.name = string(bytes.TrimSpace(name))
		return false, nil
	}
	if body, ok := bytes.CutPrefix(line, errorPrefix); ok {
		// llama.cpp's server sends an error in the stream as a field of
		// its own, "error: {"code":500,"message":…}".
		return false, streamError(bytes.TrimSpace(body))
	}
	payload, ok := bytes.CutPrefix(line, dataPrefix)
	if !ok {
		if line[0] == '{' {
			// A bare JSON object: some servers send their error this way.
			se := httpx.ParseErrorBody(line)
			if se.Message != "" || se.Type != "" {
				return false, se
			}
			return false, llm.Malformed(string(line), nil)
		}
		return false, nil // id:, retry: and unknown fields are ignored, as SSE says
	}
	payload = bytes.TrimSpace(payload)
	if bytes.Equal(payload, doneMarker) {
		return true, nil
	}
	if len(payload) == 0 {
		return false, nil
	}
	if ev.name == "error" {
		// The event says what its data is, "error" key or not: read as a
		// chunk, a {"message":…} would pass as an empty one.
		return false, streamError(payload)
	}
	var ch chunk
	if err := json.Unmarshal(payload, &ch); err != nil {
		return false, llm.Malformed(string(payload), err)
	}
	if len(ch.Error) > 0 && string(ch.Error) != "null" {
		return false, streamError(payload)
	}
	// The usage chunk has empty choices; the guard is the loop itself.
	for i := range ch.Choices {
		c := &ch.Choices[i]
		thinking := c.Delta.ReasoningContent
		if thinking == "" {
			thinking = c.Delta.Reasoning
		}
		if thinking != "" || c.Delta.Content != "" {
			onDelta(llm.Delta{Text: c.Delta.Content, Thinking: thinking})
		}
		if err := addToolCalls(asm, c.Delta.ToolCalls, onDelta); err != nil {
			return false, err
		}
		if c.FinishReason == "error" {
			// OpenRouter's word for an answer the model could not finish;
			// the error object, when there is one, was read above.
			return false, &llm.StatusError{Message: "the model stopped with an error before the answer was complete"}
		}
		if c.FinishReason != "" {
			res.FinishReason = finishReason(c.FinishReason)
		}
	}
	u := ch.Usage
	if u == nil && ch.XGroq != nil {
		u = ch.XGroq.Usage
	}
	if u != nil {
		res.InputTokens, res.OutputTokens, res.UsageKnown = u.PromptTokens, u.CompletionTokens, true
		if u.Details != nil {
			res.CachedTokens = u.Details.CachedTokens
		}
	}
	return false, nil
}

func finishReason(s string) string {
	switch s {
	case "stop", "eos", "end_turn":
		return llm.FinishStop
	case "length", "max_tokens":
		return llm.FinishLength
	case "tool_calls", "function_call":
		return llm.FinishToolCalls
	}
	return s
}

// streamError decodes an error sent inside a 200 stream. Its "code", when
// it is an HTTP status (llama.cpp, vLLM, OpenRouter put one there), gives
// the error that status's meaning.
func streamError(b []byte) *llm.StatusError {
	se := httpx.ParseErrorBody(b)
	var v struct {
		Code  json.RawMessage `json:"code"`
		Error struct {
			Code json.RawMessage `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(b, &v) != nil {
		return se
	}
	code := v.Code
	if len(code) == 0 {
		code = v.Error.Code
	}
	var n int
	if json.Unmarshal(code, &n) == nil && n >= 400 && n <= 599 {
		se.Status = n
	}
	return se
}
