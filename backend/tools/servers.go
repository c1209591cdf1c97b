package tools

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// Server is a configured MCP server as Settings shows it. Its env and
// header values stay in the keychain: only their names leave the backend.
type Server struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Transport     string   `json:"transport"` // stdio | http | sse
	Command       string   `json:"command"`
	Args          []string `json:"args"`
	Dir           string   `json:"dir"`
	URL           string   `json:"url"`
	EnvNames      []string `json:"envNames"`
	HeaderNames   []string `json:"headerNames"`
	InitTimeoutMs int64    `json:"initTimeoutMs"` // 0: the default
	CallTimeoutMs int64    `json:"callTimeoutMs"`
	Enabled       bool     `json:"enabled"`
	// ModelPrefix is the server part of its tools' names to a model
	// ("web_search" for "web search"): the chat's tool card finds the
	// server's name by it.
	ModelPrefix string       `json:"modelPrefix"`
	Status      ServerStatus `json:"status"`
	CreatedAt   int64        `json:"createdAt"`
	UpdatedAt   int64        `json:"updatedAt"`
}

// ServerInput adds or changes a server. On a change, an env or header
// entry with an empty value keeps the value stored before.
type ServerInput struct {
	Name          string            `json:"name"`
	Transport     string            `json:"transport"`
	Command       string            `json:"command"`
	Args          []string          `json:"args"`
	Dir           string            `json:"dir"`
	URL           string            `json:"url"`
	Env           map[string]string `json:"env"`
	Headers       map[string]string `json:"headers"`
	InitTimeoutMs int64             `json:"initTimeoutMs"`
	CallTimeoutMs int64             `json:"callTimeoutMs"`
	Enabled       bool              `json:"enabled"`
}

// secrets are a server's env and header values, kept as one keychain item.
type serverSecrets struct {
	Env     map[string]string `json:"env,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
}

func secretAccount(serverID string) string { return "mcp/" + serverID }

// maxSecretBytes keeps a server's secrets within what every keychain takes
// (Windows' Credential Manager caps a secret at 2560 bytes).
const maxSecretBytes = 2400

var serverName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$`)

const serverCols = `id, name, transport, command, args, dir, url, env_names, header_names, init_timeout_ms, call_timeout_ms,
	enabled, created_at, updated_at`

func scanServer(row interface{ Scan(...any) error }) (Server, error) {
	var sv Server
	var args, envs, headers string
	var enabled int
	err := row.Scan(&sv.ID, &sv.Name, &sv.Transport, &sv.Command, &args, &sv.Dir, &sv.URL, &envs, &headers,
		&sv.InitTimeoutMs, &sv.CallTimeoutMs, &enabled, &sv.CreatedAt, &sv.UpdatedAt)
	if err != nil {
		return Server{}, err
	}
	sv.Enabled, sv.ModelPrefix = enabled == 1, modelPrefix(sv.Name)
	sv.Args, sv.EnvNames, sv.HeaderNames = []string{}, []string{}, []string{}
	_ = json.Unmarshal([]byte(args), &sv.Args)
	_ = json.Unmarshal([]byte(envs), &sv.EnvNames)
	_ = json.Unmarshal([]byte(headers), &sv.HeaderNames)
	return sv, nil
}

// ListServers returns the configured servers by name, with their status.
func (s *Service) ListServers(ctx context.Context) ([]Server, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+serverCols+` FROM mcp_servers ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("list tool servers: %w", err)
	}
	defer rows.Close()
	out := []Server{}
	for rows.Next() {
		sv, err := scanServer(rows)
		if err != nil {
			return nil, fmt.Errorf("list tool servers: %w", err)
		}
		sv.Status = s.statusOf(sv)
		out = append(out, sv)
	}
	return out, rows.Err()
}

// GetServer returns one configured server.
func (s *Service) GetServer(ctx context.Context, id string) (Server, error) {
	sv, err := scanServer(s.db.R.QueryRowContext(ctx, `SELECT `+serverCols+` FROM mcp_servers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Server{}, apperr.New(apperr.NotFound, "that tool server is not configured")
	}
	if err != nil {
		return Server{}, fmt.Errorf("get tool server: %w", err)
	}
	sv.Status = s.statusOf(sv)
	return sv, nil
}

// statusOf is a server's runtime status, "disabled" when switched off.
func (s *Service) statusOf(sv Server) ServerStatus {
	st := ServerStatus{Name: sv.Name, State: StateStopped, Stderr: []string{}}
	for _, x := range s.rt.Status() {
		if x.Name == sv.Name {
			st = x
		}
	}
	if !sv.Enabled {
		st.State = StateDisabled
	}
	if st.Stderr == nil {
		st.Stderr = []string{}
	}
	return st
}

// checkInput validates a server's settings as the runtime will use them.
func (s *Service) checkInput(in ServerInput) (ServerInput, error) {
	in.Name = strings.TrimSpace(in.Name)
	if !serverName.MatchString(in.Name) {
		return in, apperr.New(apperr.Invalid, "a server's name is 1 to 64 letters, digits, spaces, '.', '_' or '-'")
	}
	in.Transport = strings.TrimSpace(in.Transport)
	if in.Transport == "" {
		in.Transport = "stdio"
		if in.URL != "" {
			in.Transport = "http"
		}
	}
	if in.InitTimeoutMs < 0 || in.CallTimeoutMs < 0 || in.InitTimeoutMs > 3_600_000 || in.CallTimeoutMs > 24*3_600_000 {
		return in, apperr.New(apperr.Invalid, "timeouts are 0 (the default) up to an hour to start and a day for a call")
	}
	for _, names := range []map[string]string{in.Env, in.Headers} {
		for k := range names {
			if strings.TrimSpace(k) == "" {
				return in, apperr.New(apperr.Invalid, "an environment variable or header needs a name")
			}
		}
	}
	if err := s.rt.Check(configOf(in, serverSecrets{Env: in.Env, Headers: in.Headers})); err != nil {
		return in, apperr.Wrap(err, apperr.Invalid, "%s", err.Error())
	}
	return in, nil
}

func configOf(in ServerInput, sec serverSecrets) ServerConfig {
	return ServerConfig{Name: in.Name, Transport: in.Transport, Command: in.Command, Args: in.Args, Dir: in.Dir,
		URL: in.URL, Env: sec.Env, Headers: sec.Headers, InitTimeout: time.Duration(in.InitTimeoutMs) * time.Millisecond,
		CallTimeout: time.Duration(in.CallTimeoutMs) * time.Millisecond, Disabled: !in.Enabled}
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// AddServer configures a new server. Its secrets go to the keychain first:
// when the keychain refuses them, nothing is added.
func (s *Service) AddServer(ctx context.Context, in ServerInput) (Server, error) {
	in, err := s.checkInput(in)
	if err != nil {
		return Server{}, err
	}
	id := store.NewID()
	if err := s.saveSecrets(ctx, id, serverSecrets{Env: in.Env, Headers: in.Headers}); err != nil {
		return Server{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		args, _ := json.Marshal(nonNil(in.Args))
		envs, _ := json.Marshal(sortedKeys(in.Env))
		headers, _ := json.Marshal(sortedKeys(in.Headers))
		_, err := tx.ExecContext(ctx, `INSERT INTO mcp_servers (id, name, transport, command, args, dir, url, env_names,
			header_names, init_timeout_ms, call_timeout_ms, enabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, in.Name, in.Transport, in.Command, string(args), in.Dir,
			in.URL, string(envs), string(headers), in.InitTimeoutMs, in.CallTimeoutMs, boolInt(in.Enabled), tx.Now(), tx.Now())
		return err
	})
	if err != nil {
		s.deleteSecrets(ctx, id)
		if apperr.Is(err, apperr.Conflict) {
			return Server{}, apperr.New(apperr.Conflict, "a server named %q is already configured", in.Name)
		}
		return Server{}, fmt.Errorf("add tool server: %w", err)
	}
	s.afterChange(ctx)
	return s.GetServer(ctx, id)
}

// ServerUpdate is what an edit of a server did.
type ServerUpdate struct {
	Server Server `json:"server"`
	// RevokedApprovals counts the standing approvals removed, in every
	// workspace, because the edit made the server another program.
	RevokedApprovals int `json:"revokedApprovals"`
	// Changed names what made it another program ("command and
	// arguments", "URL"…); "" when it is the same program.
	Changed string `json:"changed"`
}

// UpdateServer changes a server's settings (the runtime restarts it). An
// edit of what runs (stdio: the command, its arguments or working folder;
// HTTP and SSE: the URL; or the transport) makes it another program:
// standing approvals given to the old one are removed in the same
// transaction. A new name, env or header values and timeouts keep them
// (env values are secrets that may rotate).
func (s *Service) UpdateServer(ctx context.Context, id string, in ServerInput) (ServerUpdate, error) {
	old, err := s.GetServer(ctx, id)
	if err != nil {
		return ServerUpdate{}, err
	}
	sec, err := s.loadSecrets(ctx, id)
	if err != nil {
		return ServerUpdate{}, err
	}
	in.Env, in.Headers = keepSecrets(in.Env, sec.Env), keepSecrets(in.Headers, sec.Headers)
	if in, err = s.checkInput(in); err != nil {
		return ServerUpdate{}, err
	}
	if err := s.saveSecrets(ctx, id, serverSecrets{Env: in.Env, Headers: in.Headers}); err != nil {
		return ServerUpdate{}, err
	}
	up := ServerUpdate{Changed: identityChange(inputOf(old), in)}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		args, _ := json.Marshal(nonNil(in.Args))
		envs, _ := json.Marshal(sortedKeys(in.Env))
		headers, _ := json.Marshal(sortedKeys(in.Headers))
		_, err := tx.ExecContext(ctx, `UPDATE mcp_servers SET name = ?, transport = ?, command = ?, args = ?, dir = ?, url = ?,
			env_names = ?, header_names = ?, init_timeout_ms = ?, call_timeout_ms = ?, enabled = ?, updated_at = ? WHERE id = ?`,
			in.Name, in.Transport, in.Command, string(args), in.Dir, in.URL, string(envs), string(headers),
			in.InitTimeoutMs, in.CallTimeoutMs, boolInt(in.Enabled), tx.Now(), id)
		if err != nil || up.Changed == "" {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM tool_approvals WHERE server_id = ?`, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		up.RevokedApprovals = int(n)
		return err
	})
	if err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return ServerUpdate{}, apperr.New(apperr.Conflict, "a server named %q is already configured", in.Name)
		}
		return ServerUpdate{}, fmt.Errorf("update tool server %s: %w", old.Name, err)
	}
	if up.RevokedApprovals > 0 {
		s.log.Info("standing approvals removed", "server", in.Name, "count", up.RevokedApprovals, "changed", up.Changed)
		s.changed("tool_approvals")
	}
	s.afterChange(ctx)
	if up.Server, err = s.GetServer(ctx, id); err != nil {
		return ServerUpdate{}, err
	}
	return up, nil
}

// identityChange names what of a server's transport identity (what runs,
// or where it is reached) differs between a and b, or "".
func identityChange(a, b ServerInput) string {
	if a.Transport != b.Transport {
		return "transport"
	}
	var parts []string
	if b.Transport == "stdio" {
		if a.Command != b.Command {
			parts = append(parts, "command")
		}
		if !slices.Equal(a.Args, b.Args) {
			parts = append(parts, "arguments")
		}
		if a.Dir != b.Dir {
			parts = append(parts, "working folder")
		}
	} else if a.URL != b.URL {
		parts = append(parts, "URL")
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// keepSecrets keeps a stored value where the input left it empty.
func keepSecrets(in, stored map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range in {
		if v == "" {
			v = stored[k]
		}
		out[k] = v
	}
	return out
}

// SetServerEnabled switches a server on or off for every workspace.
func (s *Service) SetServerEnabled(ctx context.Context, id string, enabled bool) (Server, error) {
	if _, err := s.GetServer(ctx, id); err != nil {
		return Server{}, err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE mcp_servers SET enabled = ?, updated_at = ? WHERE id = ?`, boolInt(enabled), tx.Now(), id)
		return err
	})
	if err != nil {
		return Server{}, fmt.Errorf("switch tool server: %w", err)
	}
	s.afterChange(ctx)
	return s.GetServer(ctx, id)
}

// RemoveServer deletes a server's settings, its secrets, the workspaces'
// use of it and its standing approvals (the record of past calls stays).
func (s *Service) RemoveServer(ctx context.Context, id string) error {
	if _, err := s.GetServer(ctx, id); err != nil {
		return err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM mcp_servers WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove tool server: %w", err)
	}
	s.deleteSecrets(ctx, id)
	s.afterChange(ctx)
	return nil
}

// afterChange hands the runtime the new set and tells the UI.
func (s *Service) afterChange(ctx context.Context) {
	if err := s.reconfigure(ctx); err != nil {
		s.log.Warn("configure tool servers", "err", err)
	}
	s.changed("mcp_servers")
}

// reconfigure gives the runtime every configured server with its secrets.
// A server whose secrets cannot be read is configured without them (its
// start then fails with the server's own message).
func (s *Service) reconfigure(ctx context.Context) error {
	servers, err := s.ListServers(ctx)
	if err != nil {
		return err
	}
	cfgs := make([]ServerConfig, 0, len(servers))
	for _, sv := range servers {
		sec, err := s.loadSecrets(ctx, sv.ID)
		if err != nil {
			s.log.Warn("read tool server secrets", "server", sv.Name, "err", err)
		}
		cfgs = append(cfgs, configOf(inputOf(sv), sec))
	}
	s.rt.Configure(cfgs)
	return nil
}

func inputOf(sv Server) ServerInput {
	return ServerInput{Name: sv.Name, Transport: sv.Transport, Command: sv.Command, Args: sv.Args, Dir: sv.Dir, URL: sv.URL,
		InitTimeoutMs: sv.InitTimeoutMs, CallTimeoutMs: sv.CallTimeoutMs, Enabled: sv.Enabled}
}

// keyDeadline bounds a keychain call: an unlock prompt has no timeout.
const keyDeadline = 5 * time.Second

func (s *Service) saveSecrets(ctx context.Context, id string, sec serverSecrets) error {
	if len(sec.Env) == 0 && len(sec.Headers) == 0 {
		s.deleteSecrets(ctx, id)
		return nil
	}
	if s.keys == nil {
		return apperr.New(apperr.Unavailable, "the system keychain is not available, so this server's environment values and headers cannot be kept")
	}
	b, _ := json.Marshal(sec)
	if len(b) > maxSecretBytes {
		return apperr.New(apperr.Invalid, "this server's environment values and headers are too long to keep in the keychain (%d bytes; at most %d)", len(b), maxSecretBytes)
	}
	kctx, cancel := context.WithTimeout(ctx, keyDeadline)
	defer cancel()
	if err := s.keys.Set(kctx, secretAccount(id), string(b)); err != nil {
		return apperr.Wrap(err, apperr.Unavailable, "the system keychain did not accept this server's environment values and headers")
	}
	return nil
}

func (s *Service) loadSecrets(ctx context.Context, id string) (serverSecrets, error) {
	var sec serverSecrets
	if s.keys == nil {
		return sec, nil
	}
	kctx, cancel := context.WithTimeout(ctx, keyDeadline)
	defer cancel()
	v, found, err := s.keys.Get(kctx, secretAccount(id))
	if err != nil || !found {
		return sec, err
	}
	if err := json.Unmarshal([]byte(v), &sec); err != nil {
		return serverSecrets{}, fmt.Errorf("read tool server secrets: %w", err)
	}
	return sec, nil
}

func (s *Service) deleteSecrets(ctx context.Context, id string) {
	if s.keys == nil {
		return
	}
	kctx, cancel := context.WithTimeout(ctx, keyDeadline)
	defer cancel()
	if err := s.keys.Delete(kctx, secretAccount(id)); err != nil {
		s.log.Warn("delete tool server secrets", "err", err)
	}
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// RestartServer stops a server and clears its failure: its next use starts
// it at once.
func (s *Service) RestartServer(ctx context.Context, id string) (Server, error) {
	sv, err := s.GetServer(ctx, id)
	if err != nil {
		return Server{}, err
	}
	s.rt.Restart(sv.Name)
	s.changed("mcp_servers")
	return s.GetServer(ctx, id)
}

// ServerTools starts a server if needed and lists its tools.
func (s *Service) ServerTools(ctx context.Context, id string) ([]Tool, error) {
	sv, err := s.GetServer(ctx, id)
	if err != nil {
		return nil, err
	}
	ts, err := s.rt.Tools(ctx, sv.Name)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Unavailable, "%s", err.Error())
	}
	if ts == nil {
		ts = []Tool{}
	}
	return ts, nil
}
