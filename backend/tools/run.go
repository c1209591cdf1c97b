package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

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
	Images    []Image // the result's images, for a model with vision (Text names them too)
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
		case ctx.Err() != nil:
			// Only the answer's own stop: a server stopped under the call
			// (switched off or changed in Settings) also ends it with
			// context.Canceled, and its error says so in words.
			out.Text, out.IsError = "The answer was stopped while "+req.Tool.Name+" ran.", true
		case err != nil:
			out.Text, out.IsError = err.Error(), true
		default:
			out.Text, out.Truncated = resultText(res)
			out.IsError, out.Images = res.IsError, res.Images
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

// MaxResultText caps what the model (and the chat) get of one result: a
// tool that returns megabytes would fill the model's context with one
// answer. The runtime cuts its text there too.
const MaxResultText = 256 << 10

// resultText is the text a model gets of a result: its text, or its
// structured content when it gave no text, cut to MaxResultText. A cut
// result ends with a note saying so, so the model does not take the part
// for the whole (and can ask for less).
func resultText(res Result) (string, bool) {
	text, size := res.Text, res.Bytes
	if text == "" && len(res.Structured) > 0 {
		text, size = string(res.Structured), len(res.Structured)
	}
	cut := res.Truncated
	if len(text) > MaxResultText {
		text, cut = CutUTF8(text, MaxResultText), true
	}
	if !cut {
		return text, false
	}
	size = max(size, len(text))
	return text + fmt.Sprintf("\n\n[The result was cut here: only its first %d of %d bytes were kept. Ask for less (a narrower query, a range, a page) to see the rest.]",
		len(text), size), true
}

// clip cuts s to at most n bytes, with "…" when it did.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return CutUTF8(s, n) + "…"
}

// CutUTF8 cuts s to at most n bytes without splitting a character (the
// record is TEXT, and the webview shows a split one as U+FFFD).
func CutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
