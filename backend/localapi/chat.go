package localapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// completion is one chat completion in progress: what was asked, what the
// model is, and what it has said.
type completion struct {
	req      chatRequest
	prepared Prepared
	tgt      target
	id       string
	created  int64
	start    time.Time
	ttft     time.Duration
	text     strings.Builder
	thinking strings.Builder
	sse      *sseWriter // when streaming
	stop     *stopper   // the client's stop sequences; nil: none
	stopped  bool       // one was found and the call cancelled there
}

func (s *Service) chatCompletions(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	cp := &completion{start: s.now(), id: "chatcmpl-" + strings.ReplaceAll(store.NewID(), "-", "")}
	cp.created = cp.start.Unix()
	rec := Request{ID: newRequestID(w), CreatedAt: cp.start.UnixMilli(), TokenID: c.tokenID, Endpoint: "chat"}
	status, res, aerr := s.complete(w, r, c, cp, &rec)
	if aerr != nil && (cp.sse == nil || !cp.sse.started) {
		writeError(w, aerr)
	}
	if rec.Model == "" {
		return // not a model request (unreadable body)
	}
	rec.Status = status
	if aerr != nil {
		rec.Status, rec.Error = aerr.Status, aerr.Message
	}
	rec.DurationMs = s.now().Sub(cp.start).Milliseconds()
	if cp.ttft > 0 {
		rec.TTFTMs = cp.ttft.Milliseconds()
	}
	rec.InputTokens, rec.OutputTokens, rec.Estimated = cp.usage(res)
	if rec.Status == http.StatusOK && rec.WorkspaceID != "" && len(res.ToolCalls) == 0 && s.config().RecordChats {
		// On its own deadline: the client may be gone and its context with it.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := s.wss.Record(ctx, rec.WorkspaceID, Turn{ModelRef: rec.ModelRef, Question: lastUserText(cp.prepared.Request.Messages),
			Answer: cp.text.String(), TokensIn: rec.InputTokens, TokensOut: rec.OutputTokens, Estimated: rec.Estimated,
			Sources: cp.prepared.Sources})
		cancel()
		if err != nil {
			s.log.Warn("record api answer as a chat", "err", err)
		} else {
			rec.Source = SourceChat
		}
	}
	// A call cut short (the client left, the provider failed mid-answer)
	// still used what it produced: it counts for usage and budgets, as a
	// stopped chat answer does.
	if rec.Status == http.StatusOK || res.UsageKnown || cp.text.Len()+cp.thinking.Len() > 0 {
		s.recordUsage(rec, res.CachedTokens)
	}
	s.record(rec)
}

// allow refuses a model call over the workspace's or the app's hard
// budget, as OpenAI answers a spent quota.
func (s *Service) allow(ctx context.Context, tgt target) *apiError {
	if s.usage == nil {
		return nil
	}
	ws := ""
	if tgt.workspace != nil {
		ws = tgt.workspace.ID
	}
	if err := s.usage.Allow(ctx, ws, tgt.model.Ref); err != nil {
		return &apiError{Status: 429, Type: "insufficient_quota", Code: "insufficient_quota", Message: apperr.MessageOf(err), NoRetry: true}
	}
	return nil
}

// SourceChat marks a request also kept as a chat: its tokens count there.
const SourceChat = "api-chat"

func lastUserText(msgs []llm.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == llm.RoleUser {
			return msgs[i].Content
		}
	}
	return ""
}

// complete runs one request; a non-nil error not yet written is answered
// by the caller.
func (s *Service) complete(w http.ResponseWriter, r *http.Request, c caller, cp *completion, rec *Request) (int, llm.Result, *apiError) {
	if aerr := decode(r, &cp.req, s.limits.MaxBody); aerr != nil {
		return 0, llm.Result{}, aerr
	}
	req := cp.req
	if req.Model == "" {
		return 0, llm.Result{}, invalid("model", "you must provide a model parameter")
	}
	rec.Model, rec.Stream = req.Model, req.Stream
	if req.N != nil && *req.N != 1 {
		return 0, llm.Result{}, invalid("n", "only n = 1 is supported")
	}
	stops, aerr := parseStop(req.Stop)
	if aerr != nil {
		return 0, llm.Result{}, aerr
	}
	if len(stops) > 0 {
		cp.stop = &stopper{seqs: stops}
	}
	system, msgs, aerr := toLLM(req.Messages)
	if aerr != nil {
		return 0, llm.Result{}, aerr
	}
	tls, choice, aerr := tools(req.Tools, req.ToolChoice)
	if aerr != nil {
		return 0, llm.Result{}, aerr
	}
	x, aerr := readExtras(req)
	if aerr != nil {
		return 0, llm.Result{}, aerr
	}
	tgt, aerr := s.lookup(r.Context(), c, req.Model)
	if aerr != nil {
		return 0, llm.Result{}, aerr
	}
	if tgt.model.Embedding {
		return 0, llm.Result{}, invalid("model", "`%s` is an embedding model: use POST /v1/embeddings", req.Model)
	}
	if x.format != nil && tgt.workspace != nil && cp.wantsSources() {
		return 0, llm.Result{}, invalid("bookbag.sources_in_text", "a Sources list appended to the text would break a JSON answer: read the sources from message.annotations instead")
	}
	cp.tgt = tgt
	select {
	case s.streams <- struct{}{}:
		defer func() { <-s.streams }()
	default:
		return 0, llm.Result{}, &apiError{Status: 429, Type: typeRateLimit, Code: "rate_limit_exceeded", RetryAfter: 1,
			Message: "too many requests at once: at most " + strconv.Itoa(s.limits.MaxStreams) + " answers are generated together; try again in a moment"}
	}
	if aerr := s.allow(r.Context(), tgt); aerr != nil {
		return 0, llm.Result{}, aerr
	}
	var err error
	if tgt.workspace != nil {
		rec.WorkspaceID = tgt.workspace.ID
		cp.prepared, err = s.wss.Prepare(r.Context(), tgt.workspace.ID, system, msgs)
	} else {
		var res Resolved
		res, err = s.models.Resolve(r.Context(), tgt.model.Ref)
		cp.prepared = Prepared{Resolved: res, Request: llm.ChatRequest{Model: res.Name, System: system, Messages: msgs}}
	}
	if err != nil {
		return 0, llm.Result{}, fromError(err)
	}
	rec.ModelRef = cp.prepared.Ref
	p := &cp.prepared.Request.Params
	if req.Temperature != nil {
		p.Temperature = req.Temperature
	}
	if req.TopP != nil {
		p.TopP = req.TopP
	}
	if req.MaxCompletion != nil {
		p.MaxTokens = *req.MaxCompletion
	} else if req.MaxTokens != nil {
		p.MaxTokens = *req.MaxTokens
	}
	if req.Reasoning != "" {
		p.ReasoningEffort = req.Reasoning
	}
	if len(tls) > 0 && !cp.prepared.Tools {
		return 0, llm.Result{}, invalid("tools", "the model %s does not take tools", cp.prepared.Ref)
	}
	cp.prepared.Request.Tools, cp.prepared.Request.ToolChoice = tls, choice
	x.apply(&cp.prepared.Request)
	if req.Stream {
		return s.stream(w, r, cp)
	}
	return s.answer(w, r, cp)
}

// answer calls the model and sends the whole completion.
func (s *Service) answer(w http.ResponseWriter, r *http.Request, cp *completion) (int, llm.Result, *apiError) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	res, err := cp.prepared.Client.Chat(ctx, cp.prepared.Request, func(d llm.Delta) {
		if cp.ttft == 0 && (d.Text != "" || d.Thinking != "") {
			cp.ttft = s.now().Sub(cp.start)
		}
		cp.take(d, cancel)
	})
	res, _, err = cp.ended(res, err)
	if err != nil {
		return 0, res, fromError(err)
	}
	answer := cp.text.String()
	text := answer + cp.sourcesText()
	msg := responseMessage{Role: llm.RoleAssistant, ReasoningContent: cp.thinking.String(), ToolCalls: wireCalls(res.ToolCalls, false)}
	if text != "" || len(res.ToolCalls) == 0 {
		msg.Content = &text
	}
	if len(cp.prepared.Sources) > 0 {
		msg.Annotations = annotations(cp.prepared.Sources, answer, text, cp.wantsSources())
	}
	in, out, _ := cp.usage(res)
	writeJSON(w, 200, chatCompletion{ID: cp.id, Object: "chat.completion", Created: cp.created, Model: cp.req.Model,
		Choices: []choice{{Message: msg, FinishReason: finish(res)}},
		Usage:   usage{PromptTokens: in, CompletionTokens: out, TotalTokens: in + out}})
	return 200, res, nil
}

// take keeps a piece of the answer that passed the stop sequences and
// returns it; a sequence found cancels the call (ctx's cancel).
func (cp *completion) take(d llm.Delta, cancel context.CancelFunc) llm.Delta {
	if cp.stopped {
		return llm.Delta{}
	}
	d.Text = cp.stop.feed(d.Text)
	if cp.stop != nil && cp.stop.hit {
		cp.stopped = true
		cancel()
	}
	cp.text.WriteString(d.Text)
	cp.thinking.WriteString(d.Thinking)
	return d
}

// ended is the call's outcome: one cancelled at a stop sequence answered
// (finish stop, nothing after it, so no tool calls); one that ended on its
// own gets the text held back (rest, to send).
func (cp *completion) ended(res llm.Result, err error) (llm.Result, string, error) {
	if cp.stopped {
		if err != nil {
			res = llm.Result{}
		}
		res.FinishReason, res.ToolCalls = llm.FinishStop, nil
		return res, "", nil
	}
	if err != nil {
		return res, "", err
	}
	rest := cp.stop.flush()
	cp.text.WriteString(rest)
	return res, rest, nil
}

func (cp *completion) wantsSources() bool {
	return cp.req.BookBag != nil && cp.req.BookBag.SourcesInText
}

func (cp *completion) sourcesText() string {
	if !cp.wantsSources() {
		return ""
	}
	return sourcesText(cp.prepared.Sources)
}

// usage is the provider's count, else an estimate (about 4 characters a
// token), so the record and the client always get numbers.
func (cp *completion) usage(res llm.Result) (in, out int, estimated bool) {
	if res.UsageKnown {
		return res.InputTokens, res.OutputTokens, false
	}
	est := func(s string) int { return (utf8.RuneCountInString(s) + 3) / 4 }
	in = est(cp.prepared.Request.System)
	for _, m := range cp.prepared.Request.Messages {
		in += est(m.Content) + 4
	}
	out = est(cp.text.String()) + est(cp.thinking.String())
	for _, tc := range res.ToolCalls {
		out += est(tc.Name) + est(string(tc.Arguments))
	}
	return in, out, true
}

func finish(res llm.Result) string {
	if res.FinishReason == "" {
		if len(res.ToolCalls) > 0 {
			return llm.FinishToolCalls
		}
		return llm.FinishStop
	}
	return res.FinishReason
}

// wireCalls are the complete calls as OpenAI sends them (with their index
// in a stream delta).
func wireCalls(calls []llm.ToolCall, indexed bool) []toolCall {
	if len(calls) == 0 {
		return nil
	}
	out := make([]toolCall, len(calls))
	for i, c := range calls {
		out[i] = toolCall{ID: c.ID, Type: "function"}
		if c.ID == "" { // Ollama names no calls; OpenAI clients match results by id
			out[i].ID = "call_" + strconv.Itoa(i+1)
		}
		out[i].Function.Name, out[i].Function.Arguments = c.Name, string(c.Arguments)
		if indexed {
			out[i].Index = &i
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
