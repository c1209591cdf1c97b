package chat

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"

	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// fallbackTitle is the first words of the question: shown at once and kept
// when the model cannot make a title.
func fallbackTitle(question string) string {
	words := strings.Fields(question)
	if len(words) == 0 {
		return "Image"
	}
	var b strings.Builder
	for _, w := range words {
		if b.Len()+len(w) > 48 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	if b.Len() == 0 {
		r := []rune(words[0])
		return string(r[:min(len(r), 48)])
	}
	return b.String()
}

// cleanTitle tidies a model's title: one line, no quotes or trailing dot, short.
func cleanTitle(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(s, "Title:")
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`"'“”‘’*#.`, r) })
	r := []rune(s)
	if len(r) > 60 {
		s = strings.TrimSpace(string(r[:60])) + "…"
	}
	return s
}

// generateTitle asks the chat's model for a short title after the first
// exchange, off the critical path; the fallback stays if anything fails.
func (s *Service) generateTitle(chatID, workspaceID, userMessageID, ref string) {
	ctx, cancel := context.WithTimeout(s.base, 30*time.Second)
	defer cancel()
	user, err := s.GetMessage(ctx, userMessageID)
	if err != nil {
		return
	}
	if s.usage != nil && s.usage.Allow(ctx, workspaceID, ref) != nil {
		return // the answer reached a hard budget: the fallback title stays
	}
	m, err := s.resolver.Model(ctx, ref)
	if err != nil {
		return
	}
	q := user.Content
	if r := []rune(q); len(r) > 2000 {
		q = string(r[:2000])
	}
	var b strings.Builder
	began := time.Now()
	res, err := m.Client.Chat(ctx, llm.ChatRequest{Model: m.Name,
		System:   "You write titles for conversations. Reply with a title of at most six words and nothing else.",
		Messages: []llm.Message{{Role: "user", Content: "Title for a conversation that starts with:\n\n" + q}},
		Params:   titleParams(m)}, func(d llm.Delta) { b.WriteString(d.Text) })
	s.recordTitle(ctx, workspaceID, ref, res, q, b.String(), time.Since(began))
	title := cleanTitle(b.String())
	if err != nil || title == "" {
		return
	}
	// Checked in the write itself: a rename the user made while the title
	// was being asked for (or a moment before this write) is kept.
	renamed := errors.New("renamed")
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var now string
		if err := tx.QueryRowContext(ctx, `SELECT title, workspace_id FROM chats WHERE id = ?`, chatID).Scan(&now, &workspaceID); err != nil {
			return err
		}
		if now != fallbackTitle(user.Content) {
			return renamed
		}
		return tx.Update(ctx, "chats", chatID, store.Values{"title": title})
	})
	if err == nil {
		s.changed(workspaceID, "chats")
	}
}

// titleParams bound a title's answer. A thinking model would spend those
// few tokens thinking and write no title: it is asked not to think where
// that can be switched off (the adapters send the switch only where the
// model takes it), and OpenAI's reasoning models, whose reasoning counts
// in the bound, get little effort and room for it. An Ollama model gets
// the window an answer without a profile asks for, not Ollama's default:
// either would make it load the model again.
func titleParams(m Model) llm.Params {
	p := llm.Params{MaxTokens: 24, ContextLength: window(m, llm.Params{})}
	if m.Thinking {
		off := false
		p.Think = &off
	}
	if llm.IsOpenAIReasoningModel(m.Name) {
		p.ReasoningEffort, p.MaxTokens = "low", 1024
	}
	return p
}

// recordTitle records the title's model call for usage (estimated from the
// question and the title when the provider gave no counts).
func (s *Service) recordTitle(ctx context.Context, workspaceID, ref string, res llm.Result, question, title string, took time.Duration) {
	if s.usage == nil {
		return
	}
	c := ModelCall{WorkspaceID: workspaceID, ModelRef: ref, Kind: CallTitle, InputTokens: res.InputTokens,
		OutputTokens: res.OutputTokens, CachedTokens: res.CachedTokens, Duration: took}
	if !res.UsageKnown {
		c.Estimated, c.InputTokens, c.OutputTokens = true, estimateTokens(question)+30, estimateTokens(title)
	}
	if err := s.usage.Record(ctx, c); err != nil {
		s.log.Warn("record usage", "model", ref, "err", err)
	}
}
