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
			done, perr := handleLine(line, &res, asm, onDelta)
			if perr != nil {
				return res, perr
			}
			if done {
				return res, nil
			}
		}
		if err == io.EOF {
			if res.FinishReason != "" {
				return res, nil // some servers omit [DONE]; the finish reason is enough
			}
			return res, llm.ErrStreamCut
		}
		if err != nil {
			return res, fmt.Errorf("%w: %w", llm.ErrStreamCut, err)
		}
	}
}

var (
	dataPrefix = []byte("data:")
	doneMarker = []byte("[DONE]")
)

// handleLine processes one SSE line; done reports the end marker.
func handleLine(line []byte, res *llm.Result, asm *toolcall.Assembler, onDelta func(llm.Delta)) (done bool, err error) {
	line = bytes.TrimRight(line, "\r\n")
	if len(line) == 0 || line[0] == ':' {
		return false, nil // event boundary or comment (OpenRouter's keep-alives)
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
		return false, nil // event:, id:, retry: and unknown fields are ignored, as SSE says
	}
	payload = bytes.TrimSpace(payload)
	if bytes.Equal(payload, doneMarker) {
		return true, nil
	}
	if len(payload) == 0 {
		return false, nil
	}
	var ch chunk
	if err := json.Unmarshal(payload, &ch); err != nil {
		return false, llm.Malformed(string(payload), err)
	}
	if len(ch.Error) > 0 && string(ch.Error) != "null" {
		se := httpx.ParseErrorBody(payload)
		return false, se
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
