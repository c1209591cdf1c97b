package chat

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// Tools in a turn. The model is offered the workspace's tools (when it can
// call tools); when an answer asks for calls, each becomes a tool_call
// message, runs once allowed (tools.Run asks the user when it must), and
// its result becomes a tool_output message; the model is then called again
// with them, streaming into the same answer. In the chat's tree the calls
// and results sit between the question and the answer:
//
//	user → tool_call … → tool_output … → assistant (the answer)

// offerTools gives the request the workspace's tools, when the model can
// call tools. Servers that could not answer are noted on the answer.
func (s *Service) offerTools(ctx context.Context, t turn, p *prompt) error {
	if s.tools == nil || !t.model.Tools {
		return nil
	}
	specs, unavailable, err := s.tools.Offer(ctx, t.chat.WorkspaceID, t.chat.Params.ToolsOff)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		p.notes = append(p.notes, Note{Source: "tools", Text: "Tools are not available for this answer: " + apperr.MessageOf(err)})
		return nil
	}
	for _, name := range s.toTell(t.chat.ID, unavailable) {
		p.notes = append(p.notes, Note{Source: name, Text: fmt.Sprintf("The tool server %s is not available: %s", name, unavailable[name])})
	}
	p.tools = make(map[string]ToolSpec, len(specs))
	for _, sp := range specs {
		p.tools[sp.ModelName] = sp
		p.req.Tools = append(p.req.Tools, llm.Tool{Name: sp.ModelName, Description: toolDescription(sp), Parameters: sp.Schema})
	}
	return nil
}

// toolDescription is what the model reads of a tool: its description,
// with its title and server when they say more.
func toolDescription(sp ToolSpec) string {
	d := sp.Description
	if sp.Title != "" && sp.Title != sp.Tool {
		d = sp.Title + ". " + d
	}
	return d + " (from " + sp.Server + ")"
}

// beforeSend runs the plugins' before-send hook on the question: a rewrite
// replaces what the model gets (the chat keeps what the user wrote), a
// refusal fails the answer with the plugin's reason, a failing plugin is
// noted and skipped.
func (s *Service) beforeSend(ctx context.Context, t turn, p *prompt) error {
	if s.tools == nil || len(p.req.Messages) == 0 {
		return nil
	}
	last := &p.req.Messages[len(p.req.Messages)-1]
	if last.Role != llm.RoleUser {
		return nil
	}
	results := s.tools.Hooks(ctx, t.chat.WorkspaceID, HookBeforeSend,
		map[string]any{"text": last.Content, "chatId": t.chat.ID, "workspaceId": t.chat.WorkspaceID})
	for _, r := range results {
		switch {
		case r.Error != "":
			p.notes = append(p.notes, Note{Source: r.Server, Text: "The plugin " + r.Server + " failed and was skipped: " + r.Error})
		case r.Refuse != "":
			return apperr.New(apperr.Invalid, "The plugin %s did not let this message go out: %s", r.Server, r.Refuse)
		case r.Text != nil && *r.Text != last.Content:
			last.Content = *r.Text
			p.notes = append(p.notes, Note{Source: r.Server, Text: "The plugin " + r.Server + " changed the message before it was sent."})
		}
		if r.Note != "" {
			p.notes = append(p.notes, Note{Source: r.Server, Text: r.Note})
		}
	}
	return nil
}

// afterAnswer runs the plugins' after-answer hook on a finished answer: it
// may rewrite it (rewrite is then the text to keep) and add notes.
func (s *Service) afterAnswer(ctx context.Context, t turn, question, answer string) (rewrite *string, notes []Note) {
	if s.tools == nil {
		return nil, nil
	}
	results := s.tools.Hooks(ctx, t.chat.WorkspaceID, HookAfterAnswer,
		map[string]any{"text": answer, "question": question, "chatId": t.chat.ID, "workspaceId": t.chat.WorkspaceID})
	for _, r := range results {
		switch {
		case r.Error != "":
			notes = append(notes, Note{Source: r.Server, Text: "The plugin " + r.Server + " failed and was skipped: " + r.Error})
		case r.Text != nil:
			text := *r.Text
			rewrite = &text
		}
		if r.Note != "" {
			notes = append(notes, Note{Source: r.Server, Text: r.Note})
		}
	}
	return rewrite, notes
}

// runTools records the calls an answer asked for (round.ToolCalls), runs
// them (in parallel, each allowed first) and returns the request that gives
// the model their results, after the round's text and thinking blocks.
// roundText is what the model wrote before asking.
func (s *Service) runTools(ctx context.Context, t turn, asst Message, specs map[string]ToolSpec, req llm.ChatRequest,
	roundText string, round llm.Result) (llm.ChatRequest, error) {
	calls := round.ToolCalls
	// Writes use a context the Stop button does not end: a stopped round
	// still leaves a whole tree (each call with its result).
	wctx := context.WithoutCancel(ctx)
	callIDs := make([]string, len(calls))
	err := s.db.Tx(wctx, func(tx *store.Tx) error {
		parent, err := s.parentOf(wctx, tx, asst.ID)
		if err != nil {
			return err
		}
		for i, c := range calls {
			callIDs[i] = store.NewID()
			if err := tx.Insert(wctx, "messages", callIDs[i], t.chat.WorkspaceID, store.Values{"chat_id": t.chat.ID,
				"parent_id": parent, "role": "assistant", "kind": KindToolCall, "tool_name": c.Name, "tool_server": specs[c.Name].Server, "tool_call_id": c.ID,
				"content": string(c.Arguments), "model_ref": t.ref, "status": StatusStreaming}); err != nil {
				return err
			}
			parent = callIDs[i]
		}
		return tx.Update(wctx, "messages", asst.ID, store.Values{"parent_id": parent})
	})
	if err != nil {
		return req, fmt.Errorf("record tool calls: %w", err)
	}
	s.changed(t.chat.WorkspaceID, "messages")

	outs := make([]ToolOutcome, len(calls))
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sp, ok := specs[c.Name]
			if !ok {
				outs[i] = ToolOutcome{Text: fmt.Sprintf("There is no tool named %q here; use one of the tools offered.", c.Name),
					IsError: true, Arguments: c.Arguments, Decision: "unknown"}
				return
			}
			outs[i] = s.tools.Run(ctx, ToolRun{WorkspaceID: t.chat.WorkspaceID, ChatID: t.chat.ID, MessageID: callIDs[i],
				Spec: sp, Arguments: c.Arguments})
		}()
	}
	wg.Wait()
	ctxLen := t.model.ContextLength
	if req.Params.ContextLength > 0 {
		ctxLen = req.Params.ContextLength
	}
	withCalls := req
	withCalls.Messages = append(slices.Clip(req.Messages), llm.Message{Role: llm.RoleAssistant, Content: roundText, ToolCalls: calls})
	fitResults(withCalls, ctxLen, outs)
	atts := make([][]Attachment, len(calls))
	images := make([][]llm.Image, len(calls))
	for i, c := range calls {
		atts[i], images[i] = s.storeToolImages(wctx, c.Name, outs[i].Images)
		if !t.model.Vision {
			images[i] = nil // the result's text names them; the model could not see them
		}
	}

	next := req
	next.Messages = append(append([]llm.Message(nil), req.Messages...),
		llm.Message{Role: llm.RoleAssistant, Content: roundText, ThinkingBlocks: round.ThinkingBlocks})
	asked := len(next.Messages) - 1 // the answer that asked; its calls follow, then their results
	err = s.db.Tx(wctx, func(tx *store.Tx) error {
		parent := callIDs[len(callIDs)-1]
		for i, c := range calls {
			status := StatusComplete
			if outs[i].IsError {
				status = StatusError
			}
			args := outs[i].Arguments
			if len(args) == 0 {
				args = c.Arguments
			}
			if err := tx.Update(wctx, "messages", callIDs[i], store.Values{"content": string(args), "status": status}); err != nil {
				return err
			}
			id := store.NewID()
			if err := tx.Insert(wctx, "messages", id, t.chat.WorkspaceID, store.Values{"chat_id": t.chat.ID, "parent_id": parent,
				"role": "tool", "kind": KindToolOutput, "tool_name": c.Name, "tool_server": specs[c.Name].Server, "tool_call_id": c.ID, "content": outs[i].Text,
				"attachments": mustJSON(atts[i]), "status": status}); err != nil {
				return err
			}
			parent = id
			call := c
			call.Arguments = args
			next.Messages[asked].ToolCalls = append(next.Messages[asked].ToolCalls, call)
			next.Messages = append(next.Messages, llm.Message{Role: llm.RoleTool, ToolCallID: c.ID, ToolName: c.Name,
				Content: outs[i].Text, IsError: outs[i].IsError, Images: images[i]})
		}
		return tx.Update(wctx, "messages", asst.ID, store.Values{"parent_id": parent})
	})
	if err != nil {
		return req, fmt.Errorf("record tool results: %w", err)
	}
	s.changed(t.chat.WorkspaceID, "messages")
	return next, ctx.Err()
}

// parentOf reads a message's parent in a transaction.
func (s *Service) parentOf(ctx context.Context, tx *store.Tx, id string) (any, error) {
	var parent *string
	if err := tx.QueryRowContext(ctx, `SELECT parent_id FROM messages WHERE id = ?`, id).Scan(&parent); err != nil {
		return nil, err
	}
	if parent == nil {
		return nil, nil
	}
	return *parent, nil
}

// ToolsInfo is what the composer shows of a chat's tools.
type ToolsInfo struct {
	// Available: the chat's model is offered tools; when not, Reason says why.
	Available     bool              `json:"available"`
	Reason        string            `json:"reason"`
	Tools         []ToolBrief       `json:"tools"`
	Tokens        int               `json:"tokens"`        // estimated cost of their definitions in the context
	ContextLength int               `json:"contextLength"` // the window it runs with, else the model's; 0 when unknown
	Unavailable   map[string]string `json:"unavailable"`   // servers that could not answer, with the reason
}

// ToolBrief is one tool in the composer's list.
type ToolBrief struct {
	Name        string `json:"name"` // "server/tool": what ToolsOff takes
	Server      string `json:"server"`
	Tool        string `json:"tool"`
	Title       string `json:"title"`
	ReadOnly    bool   `json:"readOnly"`
	Destructive bool   `json:"destructive"`
	Off         bool   `json:"off"` // switched off in this chat
}

// ToolsInfo tells which tools a chat's model would be offered, what their
// definitions cost, or why it gets none. It starts the workspace's servers.
func (s *Service) ToolsInfo(ctx context.Context, chatID string) (ToolsInfo, error) {
	t, err := s.beginTurn(ctx, chatID)
	if err != nil {
		return ToolsInfo{}, err
	}
	info := ToolsInfo{Tools: []ToolBrief{}, Unavailable: map[string]string{}}
	switch {
	case s.tools == nil:
		info.Reason = "Tools are not available in this build."
		return info, nil
	case t.modelErr != nil:
		info.Reason = apperr.MessageOf(t.modelErr)
		return info, nil
	}
	// The window the model is run with (an Ollama model's 8192, a
	// profile's), which the definitions take room from, not its trained length.
	info.ContextLength = t.model.ContextLength
	if params, _, err := s.settingsFor(ctx, t.chat, t.ws); err == nil {
		info.ContextLength = cmp.Or(window(t.model, params), t.model.ContextLength)
	}
	specs, unavailable, err := s.tools.Offer(ctx, t.chat.WorkspaceID, nil)
	if err != nil {
		return info, err
	}
	info.Unavailable = unavailable
	off := map[string]bool{}
	for _, o := range t.chat.Params.ToolsOff {
		off[o] = true
	}
	for _, sp := range specs {
		b := ToolBrief{Name: sp.Server + "/" + sp.Tool, Server: sp.Server, Tool: sp.Tool, Title: sp.Title, ReadOnly: sp.ReadOnly,
			Destructive: sp.Destructive, Off: off[sp.Server] || off[sp.Server+"/"+sp.Tool]}
		info.Tools = append(info.Tools, b)
		if !b.Off {
			info.Tokens += estimateTokens(sp.ModelName + toolDescription(sp) + string(sp.Schema))
		}
	}
	switch {
	case !t.model.Tools:
		info.Reason = t.model.Name + " cannot call tools (its model list says so), so it is offered none."
	case len(info.Tools) == 0:
		info.Reason = "No tools are enabled in this workspace (Settings → Tools)."
	default:
		info.Available = true
	}
	return info, nil
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
