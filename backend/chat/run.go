package chat

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

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
	st                             *streamer
}

func (s *Service) runFor(messageID string) *run {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runs[messageID]
}

// RunningAnswer is an answer being generated, as far as the UI has been sent it.
type RunningAnswer struct {
	ChatID    string `json:"chatId"`
	MessageID string `json:"messageId"`
	Text      string `json:"text"`
	Thinking  string `json:"thinking"`
	// Seq is the last delta the text includes: the UI appends later ones.
	Seq int `json:"seq"`
}

// Running lists the answers being generated with their text so far, so that a
// reloaded UI shows the whole answer and not only what streams after the
// reload (the saved text lags by up to saveEvery).
func (s *Service) Running() []RunningAnswer {
	s.mu.Lock()
	runs := make([]*run, 0, len(s.runs))
	for _, r := range s.runs {
		runs = append(runs, r)
	}
	s.mu.Unlock()
	out := make([]RunningAnswer, 0, len(runs))
	for _, r := range runs {
		text, thinking, seq := r.st.sent()
		out = append(out, RunningAnswer{ChatID: r.chatID, MessageID: r.messageID, Text: text, Thinking: thinking, Seq: seq})
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

// StopWorkspace stops every answer being generated in a workspace (it was
// deleted); each keeps what was written. It returns how many it stopped.
func (s *Service) StopWorkspace(workspaceID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.runs {
		if r.workspaceID == workspaceID {
			r.cancel()
			n++
		}
	}
	return n
}

// start launches the goroutine that generates asst.
func (s *Service) start(t turn, asst Message, autoTitle bool) {
	ctx, cancel := context.WithCancel(s.base)
	st := newStreamer(coalesceInterval, func(ch chunk) {
		s.emit.Emit(events.ChatDelta, events.ChatDeltaPayload{ChatID: t.chat.ID, MessageID: asst.ID, Seq: ch.Seq, Text: ch.Text, Thinking: ch.Thinking})
	})
	r := &run{chatID: t.chat.ID, messageID: asst.ID, workspaceID: t.chat.WorkspaceID, cancel: cancel, done: make(chan struct{}), st: st}
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
		ok := s.generate(ctx, t, asst, st)
		if ok && autoTitle {
			s.generateTitle(t.chat.ID, t.chat.WorkspaceID, asst.ParentID, t.ref)
		}
	}()
}

// outcome is how a run ended.
type outcome struct {
	prompt
	result    llm.Result // the last call's, with the usage of every call
	rounds    int        // model calls made
	err       error
	stopped   bool
	start     time.Time
	rewrite   *string // the answer as a plugin rewrote it
	hookNotes []Note  // what plugins noted after the answer
}

// generate streams the answer into asst and saves it; it reports success.
func (s *Service) generate(ctx context.Context, t turn, asst Message, st *streamer) bool {
	out := outcome{start: time.Now()}
	saverDone := make(chan struct{})
	saverStop := make(chan struct{})
	go s.saveWhileStreaming(asst.ID, st, saverStop, saverDone)

	err := t.modelErr
	if err == nil {
		out.prompt, err = s.buildPrompt(ctx, t, asst)
	}
	if err == nil {
		s.showSources(t, asst, out.sources)
		err = s.callModel(ctx, t, asst, st, &out)
	}
	if err == nil && ctx.Err() == nil {
		text, _, _ := st.snapshot()
		out.rewrite, out.hookNotes = s.afterAnswer(ctx, t, out.question, text)
	}
	st.close()
	close(saverStop)
	<-saverDone
	if err != nil && errors.Is(err, context.Canceled) {
		out.stopped, err = true, nil
	}
	out.err = err
	return s.finish(t, asst, st, out)
}

// maxRounds bounds the model calls of one answer (a model that keeps asking
// for tools ends with an error instead of running forever).
const maxRounds = 8

// callModel calls the model until it answers. An answer is usually one call;
// a model that asks for tools gets their results and is called again
// (runTools), each call streaming into the same answer.
func (s *Service) callModel(ctx context.Context, t turn, asst Message, st *streamer, out *outcome) error {
	req := out.req
	var usage llm.Result
	retried := false
	for out.rounds = 1; ; out.rounds++ {
		if out.rounds > 1 && s.usage != nil {
			// Each round is a call: a hard budget the previous rounds
			// reached stops the answer here (beginTurn checked the first).
			if err := s.usage.Allow(ctx, t.chat.WorkspaceID, t.ref); err != nil {
				return err
			}
		}
		before, beforeThinking, _ := st.snapshot()
		began := time.Now()
		res, err := t.model.Client.Chat(ctx, req, st.add)
		s.recordCall(t, out, res, err, len(before), len(beforeThinking), st, time.Since(began))
		usage.InputTokens += res.InputTokens
		usage.OutputTokens += res.OutputTokens
		usage.UsageKnown = (out.rounds == 1 || usage.UsageKnown) && res.UsageKnown
		out.result = res
		out.result.InputTokens, out.result.OutputTokens, out.result.UsageKnown = usage.InputTokens, usage.OutputTokens, usage.UsageKnown
		var bad *llm.ToolCallError
		if errors.As(err, &bad) && len(out.tools) > 0 && !retried && out.rounds < maxRounds && ctx.Err() == nil {
			// A call BookBag cannot use (arguments that are not one JSON
			// object, often cut short or written by a small local model):
			// the model is told what was wrong and tries again, once,
			// rather than the whole answer failing. Nothing ran.
			retried = true
			after, _, _ := st.snapshot()
			req = retryAfterBadCall(req, after[len(before):], bad)
			if len(after) > len(before) {
				st.add(llm.Delta{Text: "\n\n"})
			}
			continue
		}
		if err != nil || len(res.ToolCalls) == 0 {
			return err
		}
		if out.rounds == maxRounds {
			return apperr.New(apperr.Invalid, "the model was still asking for tools after %d rounds; stopped", maxRounds)
		}
		after, _, _ := st.snapshot()
		if req, err = s.runTools(ctx, t, asst, out.tools, req, after[len(before):], res); err != nil {
			return err
		}
		// The next round's text follows this round's in the answer.
		if len(after) > len(before) {
			st.add(llm.Delta{Text: "\n\n"})
		}
	}
}

// recordCall records one round's model call for usage; the round's text
// gives the estimate when the provider reported no counts. A call that
// failed before it produced anything (refused, unreachable) is not one.
// A failure to record is logged: the answer goes on.
func (s *Service) recordCall(t turn, out *outcome, res llm.Result, callErr error, textFrom, thinkingFrom int, st *streamer, took time.Duration) {
	if s.usage == nil {
		return
	}
	text, thinking, _ := st.snapshot()
	if callErr != nil && !res.UsageKnown && len(text) == textFrom && len(thinking) == thinkingFrom {
		return
	}
	c := ModelCall{WorkspaceID: t.chat.WorkspaceID, ModelRef: t.ref, Kind: CallChat, InputTokens: res.InputTokens,
		OutputTokens: res.OutputTokens, CachedTokens: res.CachedTokens, Duration: took}
	if out.rounds > 1 {
		c.Kind = CallTool
	}
	if !res.UsageKnown {
		// An input count the provider gave before the stream broke
		// (Anthropic's message_start) is kept; the rest is estimated.
		c.Estimated, c.OutputTokens = true, estimateTokens(text[textFrom:]+thinking[thinkingFrom:])
		if c.InputTokens == 0 {
			c.InputTokens = out.promptLen
		}
	}
	// Its own deadline: a stopped run still records what it used.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.usage.Record(ctx, c); err != nil {
		s.log.Warn("record usage", "model", t.ref, "err", err)
	}
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

// showSources writes the sources retrieval found into the answer before the
// model is called, so its citation chips show while it is written (the
// final save marks which ones the answer cites). A failure only loses that.
func (s *Service) showSources(t turn, asst Message, sources []Source) {
	if len(sources) == 0 {
		return
	}
	cj, _ := json.Marshal(citations(sources, ""))
	err := s.db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.Update(context.Background(), "messages", asst.ID, store.Values{"citations": string(cj)})
	})
	if err != nil {
		s.log.Warn("save sources", "message", asst.ID, "err", err)
		return
	}
	s.changed(t.chat.WorkspaceID, "messages")
}

// saveAnswer writes an answer's final state. It does not depend on the run's
// context (a stopped run still saves) and tries once more after a moment,
// for a write that lost to something passing (a full disk being cleared,
// a lock held past the busy timeout).
func (s *Service) saveAnswer(id string, v store.Values) error {
	var err error
	for try := 0; try < 2; try++ {
		if try > 0 {
			time.Sleep(s.saveRetry)
		}
		err = s.db.Tx(context.Background(), func(tx *store.Tx) error {
			return tx.Update(context.Background(), "messages", id, v)
		})
		if err == nil {
			return nil
		}
		s.log.Error("save answer", "message", id, "try", try+1, "err", err)
	}
	return err
}

// finish saves the final state of the answer and publishes exactly one of
// chat:done or chat:error, after the commit.
func (s *Service) finish(t turn, asst Message, st *streamer, out outcome) bool {
	c, ref := t.chat, t.ref
	text, thinking, first := st.snapshot()
	end := time.Now()
	if out.rounds > 1 {
		text = strings.TrimRight(text, "\n") // the separator before a round that wrote nothing
	}
	if out.rewrite != nil {
		text = *out.rewrite
	}
	notes, _ := json.Marshal(nonNilNotes(append(out.notes, out.hookNotes...)))
	v := store.Values{"content": text, "thinking": thinking, "model_ref": ref, "trimmed": out.trimmed, "notes": string(notes)}
	cits := citations(out.sources, text)
	cj, _ := json.Marshal(cits)
	v["citations"] = string(cj)
	var ttft int64
	if !first.IsZero() {
		ttft = first.Sub(out.start).Milliseconds()
	}
	in, outTok, estimated := out.result.InputTokens, out.result.OutputTokens, !out.result.UsageKnown
	if estimated {
		if in == 0 {
			in = out.promptLen
		}
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
	if err := s.saveAnswer(asst.ID, v); err != nil && out.err == nil {
		// The answer on screen was never saved: saying it is done would show
		// it complete until the chat is opened again, and then lose it. The
		// error keeps the streamed text on screen (copyable) and says why;
		// the row, left streaming, is marked interrupted at the next start.
		out.err = apperr.Wrap(err, apperr.Internal, "the answer could not be saved (%v): copy it before you leave this chat", err)
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
