package tools

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"bookbag/backend/apperr"
)

// Plugins are servers a workspace enables as plugins: their tools named
// for hook points run there. A hook answers with a JSON object:
//
//	bookbag_before_send   {"text": rewritten request} or {"refuse": reason} ({} leaves it)
//	bookbag_after_answer  {"text": rewritten answer} and/or {"note": a note shown under it}
//
// and message actions (bookbag_action_*) answer with text shown to the user.
// A hook that fails or is too slow is reported and skipped: it never loses
// the user's message. A plugin the workspace requires holds the message
// instead when its before-send hook fails: the send is refused with the
// reason, and the message stays in the chat to send again.

// HookTimeout bounds one plugin's hook: its start, if it is not running,
// and the call.
const HookTimeout = 10 * time.Second

// HookResult is one plugin's answer at a hook point.
type HookResult struct {
	Server string  `json:"server"`
	Text   *string `json:"text,omitempty"`   // the rewritten text, when it rewrote
	Refuse string  `json:"refuse,omitempty"` // why the request may not go out
	Note   string  `json:"note,omitempty"`
	Error  string  `json:"error,omitempty"` // the hook failed and was skipped
}

// RunHooks calls the hook point's tool of every plugin of the workspace, in
// server name order, each with the args the previous one left (a rewrite is
// passed on in "text").
func (s *Service) RunHooks(ctx context.Context, workspaceID, point string, args map[string]any) []HookResult {
	plugins, err := s.usedServers(ctx, workspaceID, true)
	if err != nil {
		s.log.Warn("list plugins", "err", err)
		return nil
	}
	var out []HookResult
	for _, p := range plugins {
		r, ok := s.runHook(ctx, workspaceID, p.Name, point, args)
		if !ok {
			continue
		}
		if r.Error != "" && p.Required && point == HookBeforeSend {
			r.Refuse = "it is required in this workspace and failed (" + r.Error + "), so the message was held"
			r.Error = ""
		}
		if r.Text != nil {
			args["text"] = *r.Text
		}
		out = append(out, r)
		if r.Refuse != "" {
			break
		}
	}
	return out
}

func (s *Service) hasTool(ctx context.Context, server, tool string) (bool, error) {
	ts, err := s.rt.Tools(ctx, server)
	if err != nil {
		return false, err
	}
	for _, t := range ts {
		if t.Name == tool {
			return true, nil
		}
	}
	return false, nil
}

// runHook runs one plugin's hook, if it has the hook point's tool. One
// bound covers the plugin's start (listing its tools) and the call: a
// plugin that never starts costs a send the bound, not its init timeout.
// Only the wait ends there; the start goes on in the runtime, so a server
// slow to start is not killed for its tools' sake.
func (s *Service) runHook(ctx context.Context, workspaceID, server, point string, args map[string]any) (HookResult, bool) {
	hctx, cancel := context.WithTimeout(ctx, s.hookTimeout)
	defer cancel()
	start := time.Now()
	has, err := s.hasTool(hctx, server, point)
	switch {
	case err == nil && !has:
		return HookResult{}, false
	case err == nil:
		return s.callHook(ctx, hctx, workspaceID, server, point, args), true
	}
	r := HookResult{Server: server, Error: err.Error()}
	if timedOut(ctx, hctx) {
		r.Error = "did not start within " + s.hookTimeout.String()
	}
	// In the record of calls too: the Tools page is where a user looks
	// for why a plugin did nothing.
	s.recordHook(ctx, workspaceID, point, args, r, time.Since(start))
	return r, true
}

// timedOut reports whether hctx ended at its own deadline, not with ctx
// (the answer's Stop).
func timedOut(ctx, hctx context.Context) bool {
	return hctx.Err() == context.DeadlineExceeded && ctx.Err() == nil
}

// callHook calls the hook within hctx, what is left of the hook's bound.
func (s *Service) callHook(ctx, hctx context.Context, workspaceID, server, point string, args map[string]any) HookResult {
	start := time.Now()
	r := HookResult{Server: server}
	b, _ := json.Marshal(args)
	res, err := s.rt.Call(hctx, server, point, b)
	switch {
	case err != nil && timedOut(ctx, hctx):
		r.Error = "did not answer within " + s.hookTimeout.String()
	case err != nil:
		r.Error = err.Error()
	case res.IsError:
		r.Error = clip(res.Text, 300)
	default:
		var v struct {
			Text   *string `json:"text"`
			Refuse string  `json:"refuse"`
			Note   string  `json:"note"`
		}
		raw := res.Structured
		if len(raw) == 0 {
			raw = json.RawMessage(strings.TrimSpace(res.Text))
		}
		if len(raw) > 0 && json.Unmarshal(raw, &v) != nil {
			r.Error = "answered with something that is not a JSON object"
		} else {
			r.Text, r.Refuse, r.Note = v.Text, v.Refuse, v.Note
		}
	}
	s.recordHook(ctx, workspaceID, point, args, r, time.Since(start))
	return r
}

// recordHook logs a failed hook and records the hook's call.
func (s *Service) recordHook(ctx context.Context, workspaceID, point string, args map[string]any, r HookResult, took time.Duration) {
	outcome := "ok"
	if r.Error != "" {
		outcome = "error"
		s.log.Warn("plugin hook failed", "server", r.Server, "hook", point, "err", r.Error)
	}
	b, _ := json.Marshal(args)
	s.record(context.WithoutCancel(ctx), callRecord{workspaceID: workspaceID, chatID: str(args["chatId"]), server: r.Server,
		tool: point, kind: "hook", arguments: b, decision: "plugin", outcome: outcome, detail: r.Error, duration: took})
}

// Action is a message action a plugin offers: a button on a message.
type Action struct {
	Server      string `json:"server"`
	Tool        string `json:"tool"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// Actions lists the message actions of a workspace's plugins.
func (s *Service) Actions(ctx context.Context, workspaceID string) ([]Action, error) {
	plugins, err := s.usedServers(ctx, workspaceID, true)
	if err != nil {
		return nil, err
	}
	out := []Action{}
	for _, p := range plugins {
		ts, err := s.rt.Tools(ctx, p.Name)
		if err != nil {
			continue // its status says why; the other plugins' actions still show
		}
		for _, t := range ts {
			if strings.HasPrefix(t.Name, ActionPrefix) {
				title := t.Title
				if title == "" {
					title = strings.ReplaceAll(strings.TrimPrefix(t.Name, ActionPrefix), "_", " ")
				}
				out = append(out, Action{Server: p.Name, Tool: t.Name, Title: title, Description: t.Description})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	return out, nil
}

// ActionInput is the message an action runs on.
type ActionInput struct {
	WorkspaceID string `json:"workspaceId"`
	ChatID      string `json:"chatId"`
	MessageID   string `json:"messageId"`
	Role        string `json:"role"`
	Text        string `json:"text"`
	Server      string `json:"server"`
	Tool        string `json:"tool"`
}

// ActionResult is what an action answered.
type ActionResult struct {
	Text    string `json:"text"`
	IsError bool   `json:"isError"`
}

// RunAction runs a plugin's message action on a message.
func (s *Service) RunAction(ctx context.Context, in ActionInput) (ActionResult, error) {
	if !strings.HasPrefix(in.Tool, ActionPrefix) {
		return ActionResult{}, apperr.New(apperr.Invalid, "%s is not a message action", in.Tool)
	}
	start := time.Now()
	b, _ := json.Marshal(map[string]string{"text": in.Text, "messageId": in.MessageID, "chatId": in.ChatID, "role": in.Role})
	hctx, cancel := context.WithTimeout(ctx, s.hookTimeout)
	defer cancel()
	res, err := s.rt.Call(hctx, in.Server, in.Tool, b)
	out := ActionResult{Text: res.Text, IsError: res.IsError}
	outcome := "ok"
	if err != nil {
		out = ActionResult{Text: err.Error(), IsError: true}
	}
	if out.IsError {
		outcome = "error"
	}
	s.record(context.WithoutCancel(ctx), callRecord{workspaceID: in.WorkspaceID, chatID: in.ChatID, messageID: in.MessageID,
		server: in.Server, tool: in.Tool, kind: "action", arguments: b, decision: "user", outcome: outcome,
		detail: detailOf(Outcome{Text: out.Text, IsError: out.IsError}), duration: time.Since(start)})
	return out, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
