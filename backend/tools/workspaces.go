package tools

import (
	"context"
	"fmt"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// WorkspaceServer is one configured server as a workspace uses it.
type WorkspaceServer struct {
	ServerID string `json:"serverId"`
	Name     string `json:"name"`
	Enabled  bool   `json:"enabled"` // switched on in Settings (for every workspace)
	Tools    bool   `json:"tools"`   // its tools are offered to models in this workspace
	Plugin   bool   `json:"plugin"`  // its bookbag_* hooks run in this workspace
	// Required holds a message when the plugin's before-send hook fails or
	// its server is switched off, instead of sending it as written.
	Required bool `json:"required"`
}

// Policy is a workspace's default for calls no standing approval covers.
type Policy struct {
	WorkspaceID string `json:"workspaceId"`
	// AutoReadOnly runs tools their server marks read-only without asking.
	// Destructive tools always ask unless the user chose "always allow
	// this tool".
	AutoReadOnly bool `json:"autoReadOnly"`
}

// WorkspaceServers lists every configured server with its use in a workspace.
func (s *Service) WorkspaceServers(ctx context.Context, workspaceID string) ([]WorkspaceServer, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT m.id, m.name, m.enabled, COALESCE(w.tools, 0), COALESCE(w.plugin, 0),
		COALESCE(w.required, 0)
		FROM mcp_servers m LEFT JOIN workspace_tool_servers w ON w.server_id = m.id AND w.workspace_id = ?
		ORDER BY m.name COLLATE NOCASE`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("list workspace tool servers: %w", err)
	}
	defer rows.Close()
	out := []WorkspaceServer{}
	for rows.Next() {
		var ws WorkspaceServer
		var enabled, tools, plugin, required int
		if err := rows.Scan(&ws.ServerID, &ws.Name, &enabled, &tools, &plugin, &required); err != nil {
			return nil, fmt.Errorf("list workspace tool servers: %w", err)
		}
		ws.Enabled, ws.Tools, ws.Plugin, ws.Required = enabled == 1, tools == 1, plugin == 1, required == 1
		out = append(out, ws)
	}
	return out, rows.Err()
}

// SetWorkspaceServer sets whether a workspace offers a server's tools to
// models and runs its hooks as a plugin. A plugin switched off is no longer
// required.
func (s *Service) SetWorkspaceServer(ctx context.Context, workspaceID, serverID string, tools, plugin bool) ([]WorkspaceServer, error) {
	if _, err := s.GetServer(ctx, serverID); err != nil {
		return nil, err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if !tools && !plugin {
			_, err := tx.ExecContext(ctx, `DELETE FROM workspace_tool_servers WHERE workspace_id = ? AND server_id = ?`, workspaceID, serverID)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO workspace_tool_servers (workspace_id, server_id, tools, plugin) VALUES (?, ?, ?, ?)
			ON CONFLICT (workspace_id, server_id) DO UPDATE SET tools = excluded.tools, plugin = excluded.plugin,
				required = required * excluded.plugin`,
			workspaceID, serverID, boolInt(tools), boolInt(plugin))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("set workspace tool server: %w", err)
	}
	s.changed("workspace_tool_servers")
	return s.WorkspaceServers(ctx, workspaceID)
}

// SetPluginRequired sets whether a workspace holds its messages when a
// plugin's before-send hook fails (or its server is off). Only a plugin
// of the workspace can be required.
func (s *Service) SetPluginRequired(ctx context.Context, workspaceID, serverID string, required bool) ([]WorkspaceServer, error) {
	sv, err := s.GetServer(ctx, serverID)
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE workspace_tool_servers SET required = ? WHERE workspace_id = ? AND server_id = ? AND plugin = 1`,
			boolInt(required), workspaceID, serverID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 && required {
			return apperr.New(apperr.Invalid, "%s is not a plugin of this workspace: switch Plugin on first", sv.Name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("set required plugin: %w", err)
	}
	s.changed("workspace_tool_servers")
	return s.WorkspaceServers(ctx, workspaceID)
}

func policyKey(workspaceID string) string { return "tools.auto_read_only." + workspaceID }

// Policy returns a workspace's default for unapproved calls.
func (s *Service) Policy(ctx context.Context, workspaceID string) (Policy, error) {
	v, _, err := s.db.GetSetting(ctx, policyKey(workspaceID))
	return Policy{WorkspaceID: workspaceID, AutoReadOnly: v == "1"}, err
}

// SetPolicy changes a workspace's default for unapproved calls.
func (s *Service) SetPolicy(ctx context.Context, p Policy) (Policy, error) {
	v := "0"
	if p.AutoReadOnly {
		v = "1"
	}
	if err := s.db.SetSetting(ctx, policyKey(p.WorkspaceID), v); err != nil {
		return Policy{}, err
	}
	return s.Policy(ctx, p.WorkspaceID)
}

// usedServers are the enabled servers a workspace uses for tools (plugins
// false) or as plugins (plugins true): id by name. A required plugin is
// used even when its server is off, so its hook fails and holds the
// message rather than letting it out unseen.
func (s *Service) usedServers(ctx context.Context, workspaceID string, plugins bool) ([]WorkspaceServer, error) {
	all, err := s.WorkspaceServers(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	var out []WorkspaceServer
	for _, ws := range all {
		if plugins && ws.Plugin && (ws.Enabled || ws.Required) || !plugins && ws.Enabled && ws.Tools {
			out = append(out, ws)
		}
	}
	return out, nil
}
