package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/store"
)

// Decisions on a call. The first four are the user's answers on an
// approval card; the rest are how a call was allowed or refused otherwise.
const (
	DecideOnce     = "once"   // allow this call
	DecideTool     = "tool"   // always allow this tool (in this workspace)
	DecideServer   = "server" // always allow this server's tools, but destructive ones still ask
	DecideDeny     = "deny"
	DecideTimeout  = "timeout"   // nobody answered in time: a denial
	DecideCanceled = "canceled"  // the answer was stopped while waiting
	DecideStanding = "always"    // a standing approval allowed it
	DecideReadOnly = "read-only" // the workspace runs read-only tools without asking
	DecideInvalid  = "invalid"   // the model's arguments were not a JSON object: not run, not asked
)

// Approval is a standing "always allow" of a workspace, as Settings lists it.
type Approval struct {
	WorkspaceID string `json:"workspaceId"`
	ServerID    string `json:"serverId"`
	Server      string `json:"server"`
	Tool        string `json:"tool"` // "" for every tool of the server
	CreatedAt   int64  `json:"createdAt"`
}

// pendingApproval is an approval card waiting for an answer.
type pendingApproval struct {
	card   events.ToolApprovalPayload
	answer chan answer
}

type answer struct {
	decision string
	args     json.RawMessage
}

// standing reports whether a standing approval covers a call: the tool
// itself, or its whole server for a tool that is not destructive.
func (s *Service) standing(ctx context.Context, workspaceID string, o Offered) (bool, error) {
	var tool, server int
	err := s.db.R.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM tool_approvals WHERE workspace_id = ?1 AND server_id = ?2 AND tool = ?3),
		EXISTS (SELECT 1 FROM tool_approvals WHERE workspace_id = ?1 AND server_id = ?2 AND tool = '')`,
		workspaceID, o.ServerID, o.Name).Scan(&tool, &server)
	if err != nil {
		return false, fmt.Errorf("read approvals: %w", err)
	}
	return tool == 1 || server == 1 && !o.Destructive, nil
}

// ask shows an approval card and waits for the user's answer, until the
// timeout (a denial) or until ctx ends (the answer was stopped). It returns
// the decision and the arguments to call with (the user may edit them).
func (s *Service) ask(ctx context.Context, card events.ToolApprovalPayload) (string, json.RawMessage) {
	card.ID = store.NewID()
	card.ExpiresAt = time.Now().Add(s.timeout).UnixMilli()
	p := &pendingApproval{card: card, answer: make(chan answer, 1)}
	s.mu.Lock()
	s.pending[card.ID] = p
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.pending, card.ID)
		s.mu.Unlock()
	}()
	s.emit.Emit(events.ToolApproval, card)
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	var a answer
	select {
	case a = <-p.answer:
	case <-timer.C:
		a.decision = DecideTimeout
	case <-ctx.Done():
		a.decision = DecideCanceled
	}
	s.emit.Emit(events.ToolApprovalDone, events.ToolApprovalDonePayload{ID: card.ID, ChatID: card.ChatID, Decision: a.decision})
	if a.args == nil {
		a.args = json.RawMessage(card.Arguments)
	}
	return a.decision, a.args
}

// Answer gives the user's decision on an approval card (once, tool,
// server or deny), with the arguments as the user left them ("" keeps the
// model's). "tool" and "server" are remembered for the workspace.
func (s *Service) Answer(ctx context.Context, id, decision, arguments string) error {
	s.mu.Lock()
	p := s.pending[id]
	s.mu.Unlock()
	if p == nil {
		return apperr.New(apperr.NotFound, "that approval is no longer waiting (it was answered, timed out or stopped)")
	}
	var args json.RawMessage
	if arguments != "" {
		if !isJSONObject([]byte(arguments)) {
			return apperr.New(apperr.Invalid, "the arguments must be a JSON object")
		}
		args = json.RawMessage(arguments)
	}
	switch decision {
	case DecideOnce, DecideDeny:
	case DecideTool, DecideServer:
		serverID, err := s.serverID(ctx, p.card.Server)
		if err != nil {
			return err
		}
		tool := p.card.Tool
		if decision == DecideServer {
			tool = ""
		}
		if err := s.remember(ctx, p.card.WorkspaceID, serverID, tool); err != nil {
			return err
		}
		defer s.answerCovered(p, decision)
	default:
		return apperr.New(apperr.Invalid, "unknown decision %q (once, tool, server or deny)", decision)
	}
	select {
	case p.answer <- answer{decision: decision, args: args}:
	default: // answered twice at once: the first answer stands
	}
	return nil
}

// answerCovered lets the other waiting cards run that the standing
// approval just given covers, as standing() would have had they come a
// moment later: parallel calls of one tool each show a card, and "always
// allow" on one must not leave the rest asking. Only cards of the same
// workspace and server; for the server's approval, not destructive tools.
func (s *Service) answerCovered(p *pendingApproval, decision string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range s.pending {
		c := q.card
		if q == p || c.WorkspaceID != p.card.WorkspaceID || c.Server != p.card.Server {
			continue
		}
		if decision == DecideTool && c.Tool == p.card.Tool || decision == DecideServer && !c.Destructive {
			select {
			case q.answer <- answer{decision: DecideStanding}:
			default: // already answered
			}
		}
	}
}

// Pending lists the approval cards waiting in a chat ("" for all), for a
// window that opens while a call waits.
func (s *Service) Pending(chatID string) []events.ToolApprovalPayload {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []events.ToolApprovalPayload{}
	for _, p := range s.pending {
		if chatID == "" || p.card.ChatID == chatID {
			out = append(out, p.card)
		}
	}
	return out
}

func (s *Service) serverID(ctx context.Context, name string) (string, error) {
	var id string
	if err := s.db.R.QueryRowContext(ctx, `SELECT id FROM mcp_servers WHERE name = ?`, name).Scan(&id); err != nil {
		return "", apperr.Wrap(err, apperr.NotFound, "the server %s is no longer configured", name)
	}
	return id, nil
}

func (s *Service) remember(ctx context.Context, workspaceID, serverID, tool string) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tool_approvals (workspace_id, server_id, tool, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, workspaceID, serverID, tool, tx.Now())
		return err
	})
	if err != nil {
		return fmt.Errorf("remember approval: %w", err)
	}
	s.changed("tool_approvals")
	return nil
}

// Approvals lists a workspace's standing approvals.
func (s *Service) Approvals(ctx context.Context, workspaceID string) ([]Approval, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT a.workspace_id, a.server_id, m.name, a.tool, a.created_at
		FROM tool_approvals a JOIN mcp_servers m ON m.id = a.server_id WHERE a.workspace_id = ?
		ORDER BY m.name COLLATE NOCASE, a.tool`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("list approvals: %w", err)
	}
	defer rows.Close()
	out := []Approval{}
	for rows.Next() {
		var a Approval
		if err := rows.Scan(&a.WorkspaceID, &a.ServerID, &a.Server, &a.Tool, &a.CreatedAt); err != nil {
			return nil, fmt.Errorf("list approvals: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Revoke forgets a standing approval (tool "" for the whole server's).
func (s *Service) Revoke(ctx context.Context, workspaceID, serverID, tool string) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM tool_approvals WHERE workspace_id = ? AND server_id = ? AND tool = ?`,
			workspaceID, serverID, tool)
		return err
	})
	if err != nil {
		return fmt.Errorf("revoke approval: %w", err)
	}
	s.changed("tool_approvals")
	return nil
}

// isJSONObject reports whether b is one JSON object.
func isJSONObject(b []byte) bool {
	var v map[string]json.RawMessage
	return json.Unmarshal(b, &v) == nil && v != nil
}
