package chat

import (
	"context"
	"fmt"
	"strings"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/citemark"
	"bookbag/backend/llm"
)

// The prompt of a turn: parameters and system prompt in their documented
// order, the sources retrieval found (numbered in a context block the answer
// cites), and the branch's history trimmed to the model's context.

// prompt is a turn's first request to the model and what went into it.
type prompt struct {
	req       llm.ChatRequest
	sources   []Source
	trimmed   int // history messages left out to fit the context
	promptLen int // estimated input tokens, for when the provider reports none
	question  string
	tools     map[string]ToolSpec // offered to the model, by the name it sees
	notes     []Note              // shown under the answer (plugins, unavailable servers)
}

// buildPrompt assembles the request that answers asst's question.
func (s *Service) buildPrompt(ctx context.Context, t turn, asst Message) (prompt, error) {
	var p prompt
	params, system, err := s.settingsFor(ctx, t.chat, t.ws)
	if err != nil {
		return p, err
	}
	tree, err := loadTree(ctx, s.db.R, t.chat.ID)
	if err != nil {
		return p, err
	}
	path, err := s.loadMessages(ctx, tree.path(asst.ParentID))
	if err != nil {
		return p, err
	}
	question := ""
	if len(path) > 0 {
		question = path[len(path)-1].Content
	}
	var rr *Rerank
	p.sources, rr = s.retrieve(ctx, t, question, window(t.model, params))
	if err := ctx.Err(); err != nil {
		return p, err // stopped while retrieving (a re-ranking call can take seconds)
	}
	if rr != nil {
		p.notes = append(p.notes, rerankNote(*rr))
		s.recordRerank(t, *rr)
	}
	if len(p.sources) > 0 {
		system = strings.TrimSpace(system + "\n\n" + contextBlock(p.sources))
	}
	// The tools first: their definitions take room the history then has not.
	if err := s.offerTools(ctx, t, &p); err != nil {
		return p, err
	}
	tools := p.req.Tools
	ctxLen := t.model.ContextLength
	if w := window(t.model, params); w > 0 {
		params.ContextLength, ctxLen = w, w
	}
	hist, trimmed := buildHistory(historyInput{Path: path, System: system, ContextLength: ctxLen, MaxOutput: params.MaxTokens,
		Reserved: toolsCost(tools), Images: func(a Attachment) (llm.Image, bool) { return s.loadImage(a) }, Vision: t.model.Vision})
	p.trimmed = trimmed
	for _, hm := range hist {
		p.promptLen += estimateTokens(hm.Content)
	}
	p.promptLen += estimateTokens(system) + toolsCost(tools)
	if !t.model.Thinking {
		// Set for another model of the chat perhaps: a model without
		// thinking refuses both (OpenAI answers reasoning_effort with 400).
		if params.Think != nil && *params.Think {
			params.Think = nil
		}
		params.ReasoningEffort = ""
	}
	p.req = llm.ChatRequest{Model: t.model.Name, System: system, Messages: hist, Params: params, Tools: tools}
	p.question = question
	if err := s.beforeSend(ctx, t, &p); err != nil {
		return p, err
	}
	return p, nil
}

// window is the context an answer asks for and is trimmed to: the
// profile's or chat's, else for an Ollama model llm.OllamaContext (or its
// own length when smaller), since Ollama runs a model with the window it
// is given, not the trained length it reports, and drops the start of a
// longer prompt. 0: the model's own length, nothing sent. A title and a
// re-ranking call of the same answer ask for the same window, so Ollama
// does not load the model again between them.
func window(m Model, params llm.Params) int {
	switch {
	case params.ContextLength > 0:
		return params.ContextLength
	case m.Preset == llm.PresetOllama:
		return llm.OllamaWindow(m.ContextLength)
	}
	return 0
}

// retrieve finds sources for the question in the workspace's documents (if
// it uses them) and the chat's own, re-ranked by the turn's model when the
// workspace allows it; a failure is logged and answered without sources.
func (s *Service) retrieve(ctx context.Context, t turn, question string, window int) ([]Source, *Rerank) {
	if s.retriever == nil || strings.TrimSpace(question) == "" {
		return nil, nil
	}
	// Room for the search and a re-ranking call (which has its own 20 s).
	rctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	res, err := s.retriever.Retrieve(rctx, RetrieveRequest{WorkspaceID: t.chat.WorkspaceID, ChatID: t.chat.ID,
		Query: question, WorkspaceDocs: t.ws.UseDocuments, Model: t.model, Window: window})
	if err != nil {
		s.log.Warn("retrieve sources", "chat", t.chat.ID, "err", err)
		return nil, nil
	}
	return res.Sources, res.Rerank
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

// citations turns the sources into citations, marking those the answer cites.
func citations(sources []Source, answer string) []Citation {
	cited := citemark.Cited(answer, len(sources))
	out := make([]Citation, 0, len(sources))
	for i, src := range sources {
		out = append(out, Citation{N: i + 1, DocumentID: src.DocumentID, DocumentName: src.DocumentName, Page: src.Page,
			ChunkID: src.ChunkID, Text: src.Text, Score: src.Score, Cited: cited[i+1]})
	}
	return out
}
