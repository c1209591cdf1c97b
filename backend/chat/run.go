package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// run is one answer being generated.
type run struct {
	chatID, messageID, workspaceID string
	cancel                         context.CancelFunc
	done                           chan struct{}
}

func (s *Service) runFor(messageID string) *run {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runs[messageID]
}

// Running lists the assistant messages being generated (the UI reattaches to
// them after a reload).
func (s *Service) Running() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.runs))
	for id := range s.runs {
		out = append(out, id)
	}
	return out
}

// Stop cancels a run; the answer keeps what was written so far.
func (s *Service) Stop(messageID string) error {
	r := s.runFor(messageID)
	if r == nil {
		return apperr.New(apperr.NotFound, "that answer is not being generated")
	}
	r.cancel()
	return nil
}

// chooseModel picks the model ref for a run: the chat's, the workspace's
// default, then the app's default; in a workspace that allows only some
// models, the choice must be one of them.
func (s *Service) chooseModel(ctx context.Context, c Chat, ws WorkspaceDefaults) (string, error) {
	allowed := func(ref string) bool {
		if len(ws.AllowedModelRefs) == 0 {
			return true
		}
		for _, a := range ws.AllowedModelRefs {
			if a == ref {
				return true
			}
		}
		return false
	}
	if c.ModelRef != "" {
		if !allowed(c.ModelRef) {
			return "", apperr.New(apperr.Invalid, "%s is not one of the models this workspace allows: choose another for this chat", c.ModelRef)
		}
		return c.ModelRef, nil
	}
	if ws.DefaultModelRef != "" && allowed(ws.DefaultModelRef) {
		return ws.DefaultModelRef, nil
	}
	ref, err := s.resolver.DefaultModelRef(ctx)
	if err != nil {
		return "", err
	}
	if ref != "" && allowed(ref) {
		return ref, nil
	}
	if len(ws.AllowedModelRefs) > 0 {
		return ws.AllowedModelRefs[0], nil
	}
	return "", apperr.New(apperr.Invalid, "choose a model for this chat first (add a provider on the Models page if there is none)")
}

// Send stores the user's message and an empty answer, returns both at once and
// generates the answer in the background.
func (s *Service) Send(ctx context.Context, in SendInput) (SendResult, error) {
	content := strings.TrimRightFunc(in.Content, unicode.IsSpace)
	if strings.TrimSpace(content) == "" && len(in.Attachments) == 0 {
		return SendResult{}, apperr.New(apperr.Invalid, "write a message first")
	}
	if len(content) > maxMessageChars {
		return SendResult{}, apperr.New(apperr.Invalid, "the message is too long (%d characters; at most %d)", len(content), maxMessageChars)
	}
	c, err := s.GetChat(ctx, in.ChatID)
	if err != nil {
		return SendResult{}, err
	}
	ws, err := s.resolver.Workspace(ctx, c.WorkspaceID)
	if err != nil {
		return SendResult{}, err
	}
	ref, err := s.chooseModel(ctx, c, ws)
	if err != nil {
		return SendResult{}, err
	}
	atts, err := s.storeAttachments(ctx, in.Attachments)
	if err != nil {
		return SendResult{}, err
	}
	if len(atts) > 0 {
		m, err := s.resolver.Model(ctx, ref)
		if err != nil {
			return SendResult{}, err
		}
		if !m.Vision {
			return SendResult{}, apperr.New(apperr.Invalid, "%s cannot see images: choose a model with vision, or remove the images", m.Name)
		}
	}
	var user, asst Message
	autoTitle := c.Title == ""
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		// Re-read the leaf inside the transaction: two quick sends must chain.
		var leaf string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(active_leaf_id, '') FROM chats WHERE id = ?`, c.ID).Scan(&leaf); err != nil {
			return err
		}
		user, asst, err = s.insertTurn(ctx, tx, c, leaf, content, atts, ref)
		if err != nil {
			return err
		}
		v := store.Values{"active_leaf_id": asst.ID}
		if autoTitle {
			v["title"] = fallbackTitle(content)
		}
		return tx.Update(ctx, "chats", c.ID, v)
	})
	if err != nil {
		return SendResult{}, fmt.Errorf("send message: %w", err)
	}
	s.changed(c.WorkspaceID, "chats")
	s.start(c, asst, ref, autoTitle)
	return SendResult{User: user, Assistant: asst}, nil
}

// insertTurn inserts a user message under parent and an empty, streaming
// assistant message under it.
func (s *Service) insertTurn(ctx context.Context, tx *store.Tx, c Chat, parent, content string, atts []Attachment, ref string) (Message, Message, error) {
	userID, asstID := store.NewID(), store.NewID()
	attJSON, _ := json.Marshal(atts)
	var parentVal any
	if parent != "" {
		parentVal = parent
	}
	if err := tx.Insert(ctx, "messages", userID, c.WorkspaceID, store.Values{"chat_id": c.ID, "parent_id": parentVal,
		"role": "user", "content": content, "attachments": string(attJSON), "status": StatusComplete}); err != nil {
		return Message{}, Message{}, err
	}
	if err := tx.Insert(ctx, "messages", asstID, c.WorkspaceID, store.Values{"chat_id": c.ID, "parent_id": userID,
		"role": "assistant", "model_ref": ref, "status": StatusStreaming}); err != nil {
		return Message{}, Message{}, err
	}
	user, err := s.getMessage(ctx, tx, userID)
	if err != nil {
		return Message{}, Message{}, err
	}
	asst, err := s.getMessage(ctx, tx, asstID)
	return user, asst, err
}

// Regenerate makes a new answer beside an existing one (the old one stays as
// an alternative) and generates it. Retry after an error is the same.
func (s *Service) Regenerate(ctx context.Context, assistantID string) (Message, error) {
	old, err := s.GetMessage(ctx, assistantID)
	if err != nil {
		return Message{}, err
	}
	if old.Role != "assistant" || old.ParentID == "" {
		return Message{}, apperr.New(apperr.Invalid, "only an answer can be regenerated")
	}
	if s.runFor(assistantID) != nil {
		return Message{}, apperr.New(apperr.Conflict, "that answer is still being generated")
	}
	c, err := s.GetChat(ctx, old.ChatID)
	if err != nil {
		return Message{}, err
	}
	ws, err := s.resolver.Workspace(ctx, c.WorkspaceID)
	if err != nil {
		return Message{}, err
	}
	ref, err := s.chooseModel(ctx, c, ws)
	if err != nil {
		return Message{}, err
	}
	var asst Message
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		id := store.NewID()
		if err := tx.Insert(ctx, "messages", id, c.WorkspaceID, store.Values{"chat_id": c.ID, "parent_id": old.ParentID,
			"role": "assistant", "model_ref": ref, "status": StatusStreaming}); err != nil {
			return err
		}
		if err := tx.Update(ctx, "chats", c.ID, store.Values{"active_leaf_id": id}); err != nil {
			return err
		}
		asst, err = s.getMessage(ctx, tx, id)
		return err
	})
	if err != nil {
		return Message{}, fmt.Errorf("regenerate: %w", err)
	}
	s.changed(c.WorkspaceID, "chats")
	s.start(c, asst, ref, false)
	return asst, nil
}

// EditAndResend makes an edited copy of a user message beside the original
// (a new branch) and answers it.
func (s *Service) EditAndResend(ctx context.Context, userMessageID, content string) (SendResult, error) {
	old, err := s.GetMessage(ctx, userMessageID)
	if err != nil {
		return SendResult{}, err
	}
	if old.Role != "user" {
		return SendResult{}, apperr.New(apperr.Invalid, "only your own messages can be edited")
	}
	content = strings.TrimRightFunc(content, unicode.IsSpace)
	if strings.TrimSpace(content) == "" && len(old.Attachments) == 0 {
		return SendResult{}, apperr.New(apperr.Invalid, "write a message first")
	}
	if len(content) > maxMessageChars {
		return SendResult{}, apperr.New(apperr.Invalid, "the message is too long")
	}
	c, err := s.GetChat(ctx, old.ChatID)
	if err != nil {
		return SendResult{}, err
	}
	ws, err := s.resolver.Workspace(ctx, c.WorkspaceID)
	if err != nil {
		return SendResult{}, err
	}
	ref, err := s.chooseModel(ctx, c, ws)
	if err != nil {
		return SendResult{}, err
	}
	var user, asst Message
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		user, asst, err = s.insertTurn(ctx, tx, c, old.ParentID, content, old.Attachments, ref)
		if err != nil {
			return err
		}
		return tx.Update(ctx, "chats", c.ID, store.Values{"active_leaf_id": asst.ID})
	})
	if err != nil {
		return SendResult{}, fmt.Errorf("edit message: %w", err)
	}
	s.changed(c.WorkspaceID, "chats")
	s.start(c, asst, ref, false)
	return SendResult{User: user, Assistant: asst}, nil
}

// start launches the goroutine that generates asst.
func (s *Service) start(c Chat, asst Message, ref string, autoTitle bool) {
	ctx, cancel := context.WithCancel(s.base)
	r := &run{chatID: c.ID, messageID: asst.ID, workspaceID: c.WorkspaceID, cancel: cancel, done: make(chan struct{})}
	s.mu.Lock()
	s.runs[asst.ID] = r
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(r.done)
		defer func() {
			s.mu.Lock()
			delete(s.runs, asst.ID)
			s.mu.Unlock()
			cancel()
		}()
		ok := s.generate(ctx, c, asst, ref)
		if ok && autoTitle {
			s.generateTitle(c.ID, asst.ParentID, ref)
		}
	}()
}

// outcome is how a run ended.
type outcome struct {
	result    llm.Result
	err       error
	stopped   bool
	start     time.Time
	trimmed   int
	promptLen int
	sources   []Source
}

// generate streams the answer into asst and saves it; it reports success.
func (s *Service) generate(ctx context.Context, c Chat, asst Message, ref string) bool {
	st := newStreamer(coalesceInterval, func(ch chunk) {
		s.emit.Emit(events.ChatDelta, events.ChatDeltaPayload{ChatID: c.ID, MessageID: asst.ID, Seq: ch.Seq, Text: ch.Text, Thinking: ch.Thinking})
	})
	out := outcome{start: time.Now()}
	saverDone := make(chan struct{})
	saverStop := make(chan struct{})
	go s.saveWhileStreaming(asst.ID, st, saverStop, saverDone)

	req, m, err := s.prepare(ctx, c, asst, ref, &out)
	if err == nil {
		out.result, err = m.Client.Chat(ctx, req, st.add)
	}
	st.close()
	close(saverStop)
	<-saverDone
	if err != nil && errors.Is(err, context.Canceled) {
		out.stopped, err = true, nil
	}
	out.err = err
	return s.finish(c, asst, ref, st, out)
}

// saveWhileStreaming writes the text so far every saveEvery, so a crash loses
// at most that much.
func (s *Service) saveWhileStreaming(id string, st *streamer, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(s.saveEvery)
	defer t.Stop()
	saved := 0
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			text, thinking, _ := st.snapshot()
			if len(text)+len(thinking) == saved {
				continue
			}
			saved = len(text) + len(thinking)
			err := s.db.Tx(context.Background(), func(tx *store.Tx) error {
				return tx.Update(context.Background(), "messages", id, store.Values{"content": text, "thinking": thinking})
			})
			if err != nil {
				s.log.Warn("save streaming message", "message", id, "err", err)
			}
		}
	}
}

// prepare builds the request: parameters, system prompt, sources and history.
func (s *Service) prepare(ctx context.Context, c Chat, asst Message, ref string, out *outcome) (llm.ChatRequest, Model, error) {
	ws, err := s.resolver.Workspace(ctx, c.WorkspaceID)
	if err != nil {
		return llm.ChatRequest{}, Model{}, err
	}
	m, err := s.resolver.Model(ctx, ref)
	if err != nil {
		return llm.ChatRequest{}, Model{}, err
	}
	params, system, err := s.settingsFor(ctx, c, ws)
	if err != nil {
		return llm.ChatRequest{}, Model{}, err
	}
	t, err := loadTree(ctx, s.db.R, c.ID)
	if err != nil {
		return llm.ChatRequest{}, Model{}, err
	}
	path, err := s.loadMessages(ctx, t.path(asst.ParentID))
	if err != nil {
		return llm.ChatRequest{}, Model{}, err
	}
	question := ""
	if len(path) > 0 {
		question = path[len(path)-1].Content
	}
	s.mu.Lock()
	retriever := s.retriever
	s.mu.Unlock()
	if retriever != nil && strings.TrimSpace(question) != "" {
		rctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		out.sources, err = retriever.Retrieve(rctx, c.WorkspaceID, c.ID, question, ws.UseDocuments)
		cancel()
		if err != nil {
			s.log.Warn("retrieve sources", "chat", c.ID, "err", err)
			out.sources = nil
		}
	}
	if len(out.sources) > 0 {
		system = strings.TrimSpace(system + "\n\n" + contextBlock(out.sources))
	}
	ctxLen := m.ContextLength
	if params.ContextLength > 0 {
		ctxLen = params.ContextLength
	}
	hist, trimmed := buildHistory(historyInput{Path: path, System: system, ContextLength: ctxLen, MaxOutput: params.MaxTokens,
		Images: func(a Attachment) (llm.Image, bool) { return s.loadImage(a) }})
	out.trimmed = trimmed
	for _, hm := range hist {
		out.promptLen += estimateTokens(hm.Content)
	}
	out.promptLen += estimateTokens(system)
	if !m.Thinking && params.Think != nil && *params.Think {
		params.Think = nil // the model has no thinking switch; do not make the provider refuse
	}
	return llm.ChatRequest{Model: m.Name, System: system, Messages: hist, Params: params}, m, nil
}

// settingsFor resolves parameters and the system prompt in the documented
// order: chat override, chat profile, workspace profile and prompt, model default.
func (s *Service) settingsFor(ctx context.Context, c Chat, ws WorkspaceDefaults) (llm.Params, string, error) {
	var params llm.Params
	system := ws.SystemPrompt
	if ws.DefaultProfileID != "" {
		p, err := s.resolver.Profile(ctx, ws.DefaultProfileID)
		if err == nil {
			params = mergeParams(params, p.Params)
			if p.SystemPrompt != "" {
				system = p.SystemPrompt
			}
		} else if !apperr.Is(err, apperr.NotFound) {
			return params, "", err
		}
	}
	if c.ProfileID != "" {
		p, err := s.resolver.Profile(ctx, c.ProfileID)
		if err == nil {
			params = mergeParams(params, p.Params)
			if p.SystemPrompt != "" {
				system = p.SystemPrompt
			}
		} else if !apperr.Is(err, apperr.NotFound) {
			return params, "", err
		}
	}
	o := c.Params
	over := llm.Params{Temperature: o.Temperature, TopP: o.TopP, Think: o.Think}
	if o.MaxTokens != nil {
		over.MaxTokens = *o.MaxTokens
	}
	if o.ContextLength != nil {
		over.ContextLength = *o.ContextLength
	}
	if o.ReasoningEffort != nil {
		over.ReasoningEffort = *o.ReasoningEffort
	}
	params = mergeParams(params, over)
	if strings.TrimSpace(c.SystemPrompt) != "" {
		system = c.SystemPrompt
	}
	return params, system, nil
}

// mergeParams lays the set values of top over base.
func mergeParams(base, top llm.Params) llm.Params {
	if top.Temperature != nil {
		base.Temperature = top.Temperature
	}
	if top.TopP != nil {
		base.TopP = top.TopP
	}
	if top.MaxTokens > 0 {
		base.MaxTokens = top.MaxTokens
	}
	if top.ContextLength > 0 {
		base.ContextLength = top.ContextLength
	}
	if top.ReasoningEffort != "" {
		base.ReasoningEffort = top.ReasoningEffort
	}
	if top.Think != nil {
		base.Think = top.Think
	}
	return base
}

// contextBlock numbers the sources for the model.
func contextBlock(sources []Source) string {
	var b strings.Builder
	b.WriteString("Answer using the numbered sources below when they are relevant, and cite them inline as [1], [2]. " +
		"If they do not contain the answer, say so.\n\nSources:\n")
	for i, src := range sources {
		fmt.Fprintf(&b, "\n[%d] %s", i+1, src.DocumentName)
		if src.Page > 0 {
			fmt.Fprintf(&b, ", page %d", src.Page)
		}
		b.WriteString("\n")
		b.WriteString(strings.TrimSpace(src.Text))
		b.WriteString("\n")
	}
	return b.String()
}

var citeMark = regexp.MustCompile(`\[(\d{1,2})\]`)

// citations turns the sources into citations, marking those the answer cites.
func citations(sources []Source, answer string) []Citation {
	cited := map[int]bool{}
	for _, m := range citeMark.FindAllStringSubmatch(answer, -1) {
		n, _ := strconv.Atoi(m[1])
		cited[n] = true
	}
	out := make([]Citation, 0, len(sources))
	for i, src := range sources {
		out = append(out, Citation{N: i + 1, DocumentID: src.DocumentID, DocumentName: src.DocumentName, Page: src.Page,
			ChunkID: src.ChunkID, Text: src.Text, Score: src.Score, Cited: cited[i+1]})
	}
	return out
}

// finish saves the final state of the answer and publishes exactly one of
// chat:done or chat:error, after the commit.
func (s *Service) finish(c Chat, asst Message, ref string, st *streamer, out outcome) bool {
	text, thinking, first := st.snapshot()
	end := time.Now()
	v := store.Values{"content": text, "thinking": thinking, "model_ref": ref, "trimmed": out.trimmed}
	cits := citations(out.sources, text)
	cj, _ := json.Marshal(cits)
	v["citations"] = string(cj)
	var ttft int64
	if !first.IsZero() {
		ttft = first.Sub(out.start).Milliseconds()
	}
	in, outTok, estimated := out.result.InputTokens, out.result.OutputTokens, !out.result.UsageKnown
	if estimated {
		in = out.promptLen
		if text != "" || thinking != "" {
			outTok = estimateTokens(text+thinking) - 4
		}
	}
	var tps float64
	if !first.IsZero() && end.Sub(first) > 50*time.Millisecond && outTok > 0 {
		tps = float64(outTok) / end.Sub(first).Seconds()
	}
	v["tokens_in"], v["tokens_out"], v["tokens_estimated"] = in, outTok, boolInt(estimated)
	v["ttft_ms"], v["tokens_per_sec"] = ttft, tps
	switch {
	case out.err != nil:
		v["status"], v["error"] = StatusError, apperr.MessageOf(out.err)
	case out.stopped:
		v["status"], v["finish_reason"] = StatusStopped, "stopped"
	default:
		v["status"], v["finish_reason"] = StatusComplete, out.result.FinishReason
	}
	// Saving must not depend on the run's context: a stopped run still saves.
	err := s.db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.Update(context.Background(), "messages", asst.ID, v)
	})
	if err != nil {
		s.log.Error("save answer", "message", asst.ID, "err", err)
	}
	// The run is over once saved: a regenerate right after the event must not
	// find it still running.
	s.mu.Lock()
	delete(s.runs, asst.ID)
	s.mu.Unlock()
	if out.err != nil {
		s.log.Warn("answer failed", "chat", c.ID, "model", ref, "err", out.err)
		s.emit.Emit(events.ChatError, events.ChatErrorPayload{ChatID: c.ID, MessageID: asst.ID,
			Code: string(apperr.CodeOf(out.err)), Message: apperr.MessageOf(out.err), RetryAfterMs: llm.RetryAfter(out.err).Milliseconds()})
		return false
	}
	finish := out.result.FinishReason
	if out.stopped {
		finish = "stopped"
	}
	s.emit.Emit(events.ChatDone, events.ChatDonePayload{ChatID: c.ID, MessageID: asst.ID,
		Usage: events.Usage{Input: in, Output: outTok, Estimated: estimated}, TTFTMs: ttft, TokensPerSec: tps, FinishReason: finish})
	s.changed(c.WorkspaceID, "messages")
	return !out.stopped
}
