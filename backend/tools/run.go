package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"bookbag/backend/events"
)

// CallRequest is one call a model made in a turn.
type CallRequest struct {
	WorkspaceID string
	ChatID      string
	MessageID   string // the tool_call message that records it
	Tool        Offered
	Arguments   json.RawMessage
}

// Outcome is how a call ended, in the words the model and the card get.
type Outcome struct {
	Text      string          // the result, or why there is none
	IsError   bool            // the tool failed, or the call did not run
	Arguments json.RawMessage // what it was called with (the user may have edited them)
	Decision  string          // how it was allowed or refused
	Ran       bool            // the tool was called
	Truncated bool
}

// Run decides whether a call may run (a standing approval, the workspace's
// read-only policy, or the user's answer on a card), runs it, and records
// it. Only ctx ending (the answer stopped) makes it return early.
func (s *Service) Run(ctx context.Context, req CallRequest) Outcome {
	start := time.Now()
	out := Outcome{Arguments: req.Arguments}
	if len(bytes.TrimSpace(req.Arguments)) == 0 {
		req.Arguments = json.RawMessage(`{}`) // a call without arguments
	}
	if !isJSONObject(req.Arguments) {
		// Nobody is asked to approve what cannot run; the model reads why
		// and may call again.
		out.Decision = DecideInvalid
	} else {
		out.Decision = s.decide(ctx, &req)
	}
	switch out.Decision {
	case DecideInvalid:
		out.Text, out.IsError = "The arguments of this call of "+req.Tool.Name+" are not a JSON object, so it did not run: "+
			clip(string(req.Arguments), 200)+". Call it again with arguments that match its input schema.", true
	case DecideDeny:
		out.Text, out.IsError = "The user did not allow this call of "+req.Tool.Name+".", true
	case DecideTimeout:
		out.Text, out.IsError = fmt.Sprintf("Nobody allowed this call of %s within %s, so it did not run.", req.Tool.Name, s.timeout), true
	case DecideCanceled:
		out.Text, out.IsError = "The answer was stopped before this call ran.", true
	default:
		out.Arguments = req.Arguments
		res, err := s.rt.Call(ctx, req.Tool.Server, req.Tool.Name, req.Arguments)
		out.Ran = true
		switch {
		case errors.Is(err, context.Canceled) || ctx.Err() != nil:
			out.Text, out.IsError = "The answer was stopped while "+req.Tool.Name+" ran.", true
		case err != nil:
			out.Text, out.IsError = err.Error(), true
		default:
			out.Text, out.IsError, out.Truncated = res.Text, res.IsError, res.Truncated
			if out.Text == "" && len(res.Structured) > 0 {
				out.Text = string(res.Structured)
			}
		}
	}
	s.record(context.WithoutCancel(ctx), callRecord{workspaceID: req.WorkspaceID, chatID: req.ChatID, messageID: req.MessageID,
		server: req.Tool.Server, tool: req.Tool.Name, kind: "tool", arguments: out.Arguments, decision: out.Decision,
		outcome: outcomeOf(out, ctx), detail: detailOf(out), duration: time.Since(start)})
	return out
}

// decide finds how a call is allowed; it asks the user when nothing else
// allows it. The user may edit the arguments (req is updated).
func (s *Service) decide(ctx context.Context, req *CallRequest) string {
	if ok, err := s.standing(ctx, req.WorkspaceID, req.Tool); err != nil {
		s.log.Warn("read approvals", "err", err) // then ask
	} else if ok {
		return DecideStanding
	}
	if req.Tool.ReadOnly && !req.Tool.Destructive {
		if p, err := s.Policy(ctx, req.WorkspaceID); err == nil && p.AutoReadOnly {
			return DecideReadOnly
		}
	}
	decision, args := s.ask(ctx, events.ToolApprovalPayload{WorkspaceID: req.WorkspaceID, ChatID: req.ChatID,
		MessageID: req.MessageID, Server: req.Tool.Server, Tool: req.Tool.Name, Title: req.Tool.Title,
		Description: req.Tool.Description, Arguments: string(req.Arguments), ReadOnly: req.Tool.ReadOnly,
		Destructive: req.Tool.Destructive})
	req.Arguments = args
	return decision
}

func outcomeOf(o Outcome, ctx context.Context) string {
	switch {
	case !o.Ran && (o.Decision == DecideDeny || o.Decision == DecideTimeout):
		return "denied"
	case ctx.Err() != nil || o.Decision == DecideCanceled:
		return "canceled"
	case o.IsError:
		return "error"
	}
	return "ok"
}

func detailOf(o Outcome) string {
	if o.IsError {
		return clip(o.Text, 500)
	}
	return fmt.Sprintf("%d bytes", len(o.Text))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
