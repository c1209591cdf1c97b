package ollama

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/ollama/ollama/api"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

// maxLine bounds one NDJSON line, as ollama/api does.
const maxLine = 8 << 20

// chatLine is the part of an /api/chat line this adapter reads: ollama/api's
// ChatResponse with the tool calls' arguments kept raw (see the package
// doc), and the in-band error.
type chatLine struct {
	Message struct {
		Content   string         `json:"content"`
		Thinking  string         `json:"thinking"`
		ToolCalls []wireToolCall `json:"tool_calls"`
	} `json:"message"`
	Done            bool   `json:"done"`
	DoneReason      string `json:"done_reason"`
	PromptEvalCount int    `json:"prompt_eval_count"`
	EvalCount       int    `json:"eval_count"`
	Error           string `json:"error"`
}

type wireToolCall struct {
	ID       string `json:"id"`
	Function struct {
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	} `json:"function"`
}

// chatStream posts creq to /api/chat and calls fn for each line until the
// done line or the body's end. Its errors are llm's: a *llm.StatusError for an error status
// or an {"error":…} line (Ollama sends those with status 200), ErrMalformed
// for a line that is not a chat line, ErrStreamCut (with the cause) when
// the body breaks; transport errors as they come.
func (p *Provider) chatStream(ctx context.Context, creq *api.ChatRequest, fn func(*chatLine) error) error {
	body, err := json.Marshal(creq)
	if err != nil {
		return fmt.Errorf("encode chat request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.base.JoinPath("api", "chat").String(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("build chat request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/x-ndjson")
	resp, err := p.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= http.StatusBadRequest {
		return httpx.StatusError(resp)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for sc.Scan() {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var l chatLine
		if err := json.Unmarshal(b, &l); err != nil {
			return llm.Malformed(string(b), err)
		}
		if l.Error != "" {
			return &llm.StatusError{Message: l.Error}
		}
		if err := fn(&l); err != nil {
			return err
		}
		if l.Done {
			return nil // the answer is whole; the connection's end adds nothing
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return llm.Malformed("a line longer than 8 MiB", nil)
		}
		return fmt.Errorf("%w: %w", llm.ErrStreamCut, err)
	}
	return nil
}
