package localapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"bookbag/backend/llm"
)

// sseWriter sends server-sent events with a deadline on every write: a
// client that stops reading fails the write instead of holding the model
// call (and its goroutine) forever, and any failed write cancels the call.
type sseWriter struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	cancel  context.CancelFunc
	started bool
	err     error
}

func (e *sseWriter) start() {
	if e.started {
		return
	}
	e.started = true
	h := e.w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	e.w.WriteHeader(http.StatusOK)
}

// send writes one `data:` event; false once the client is gone.
func (e *sseWriter) send(v any) bool {
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	return e.raw(b)
}

func (e *sseWriter) raw(data []byte) bool {
	if e.err != nil {
		return false
	}
	e.start()
	if err := e.rc.SetWriteDeadline(time.Now().Add(e.timeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		e.fail(err)
		return false
	}
	buf := make([]byte, 0, len(data)+8)
	buf = append(append(append(buf, "data: "...), data...), "\n\n"...)
	if _, err := e.w.Write(buf); err != nil {
		e.fail(err)
		return false
	}
	if err := e.rc.Flush(); err != nil {
		e.fail(err)
		return false
	}
	return true
}

func (e *sseWriter) fail(err error) {
	e.err = err
	e.cancel()
}

// stream calls the model and sends each piece as a chunk as it comes.
// Nothing is written before the first piece, so a request the provider
// refuses at once gets a plain HTTP error.
func (s *Service) stream(w http.ResponseWriter, r *http.Request, cp *completion) (int, llm.Result, *apiError) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	sw := &sseWriter{w: w, rc: http.NewResponseController(w), timeout: s.limits.WriteTimeout, cancel: cancel}
	cp.sse = sw
	defer sw.rc.SetWriteDeadline(time.Time{})
	withUsage := cp.req.StreamOptions != nil && cp.req.StreamOptions.IncludeUsage
	chunk := func(d chunkDelta, finish *string) chatChunk {
		return chatChunk{ID: cp.id, Object: "chat.completion.chunk", Created: cp.created, Model: cp.req.Model,
			Choices: []chunkChoice{{Delta: d, FinishReason: finish}}}
	}
	first := true
	speaker := func() bool { // the first chunk says who speaks
		first = false
		empty := ""
		return sw.send(chunk(chunkDelta{Role: llm.RoleAssistant, Content: &empty}, nil))
	}
	emit := func(d chunkDelta) bool {
		if first && !speaker() {
			return false
		}
		return sw.send(chunk(d, nil))
	}
	res, err := cp.prepared.Client.Chat(ctx, cp.prepared.Request, func(d llm.Delta) {
		if d.Text == "" && d.Thinking == "" {
			return // tool-call pieces: the complete calls are sent at the end
		}
		if cp.ttft == 0 {
			cp.ttft = s.now().Sub(cp.start)
		}
		if d = cp.take(d, cancel); d.Text == "" && d.Thinking == "" {
			return // held back, or past a stop sequence
		}
		cd := chunkDelta{ReasoningContent: d.Thinking}
		if d.Text != "" {
			cd.Content = &d.Text
		}
		emit(cd)
	})
	if sw.err != nil {
		return 499, res, &apiError{Status: 499, Type: typeServer, Message: "the client stopped reading: " + sw.err.Error()}
	}
	res, rest, err := cp.ended(res, err)
	if err != nil {
		aerr := fromError(err)
		if sw.started {
			var code any
			if aerr.Code != "" {
				code = aerr.Code
			}
			sw.send(map[string]any{"error": map[string]any{"message": aerr.Message, "type": aerr.Type, "param": nil, "code": code}})
		}
		return 0, res, aerr
	}
	if rest != "" {
		emit(chunkDelta{Content: &rest})
	}
	if len(res.ToolCalls) > 0 {
		emit(chunkDelta{ToolCalls: wireCalls(res.ToolCalls, true)})
	}
	answer := cp.text.String()
	if extra := cp.sourcesText(); extra != "" {
		emit(chunkDelta{Content: &extra})
	}
	if len(cp.prepared.Sources) > 0 {
		emit(chunkDelta{Annotations: annotations(cp.prepared.Sources, answer, answer+cp.sourcesText(), cp.wantsSources())})
	}
	if first { // an empty answer too
		speaker()
	}
	reason := finish(res)
	sw.send(chunk(chunkDelta{}, &reason))
	if withUsage {
		in, out, _ := cp.usage(res)
		sw.send(chatChunk{ID: cp.id, Object: "chat.completion.chunk", Created: cp.created, Model: cp.req.Model,
			Choices: []chunkChoice{}, Usage: &usage{PromptTokens: in, CompletionTokens: out, TotalTokens: in + out}})
	}
	sw.raw([]byte("[DONE]"))
	if sw.err != nil {
		return 499, res, &apiError{Status: 499, Type: typeServer, Message: "the client stopped reading: " + sw.err.Error()}
	}
	return 200, res, nil
}
