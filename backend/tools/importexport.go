package tools

import (
	"context"
	"time"

	"bookbag/backend/apperr"
)

// ImportReport tells what an import of {"mcpServers": …} did.
type ImportReport struct {
	Added   []string `json:"added"`   // names of the servers added
	Skipped []string `json:"skipped"` // names already configured here (kept as they are)
	Updated []string `json:"updated"` // names already configured here, changed to the file's settings
	// RevokedApprovals counts the standing approvals the updates removed
	// (a server whose command or URL changed is another program).
	RevokedApprovals int `json:"revokedApprovals"`
}

// ImportServers adds the servers of a configuration in the common
// {"mcpServers": {name: {command, args, env} | {url, headers, type}}}
// format (Claude Desktop, Cursor, LM Studio, AnythingLLM), pasted or read
// from a file. A name already configured is skipped, or with update
// changed to the file's settings as an edit would (see updateFrom). Each
// server is its own change: on an error, those before it stay imported
// and the error names the server.
func (s *Service) ImportServers(ctx context.Context, data []byte, update bool) (ImportReport, error) {
	cfgs, err := s.rt.ParseConfig(data)
	if err != nil {
		return ImportReport{}, apperr.Wrap(err, apperr.Invalid, "%s", err.Error())
	}
	have, err := s.ListServers(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	taken := map[string]Server{}
	for _, sv := range have {
		taken[sv.Name] = sv
	}
	rep := ImportReport{Added: []string{}, Skipped: []string{}, Updated: []string{}}
	for _, c := range cfgs {
		in := ServerInput{Name: c.Name, Transport: c.Transport, Command: c.Command, Args: c.Args, Dir: c.Dir, URL: c.URL,
			Env: c.Env, Headers: c.Headers, InitTimeoutMs: c.InitTimeout.Milliseconds(), CallTimeoutMs: c.CallTimeout.Milliseconds(),
			Enabled: !c.Disabled}
		old, exists := taken[c.Name]
		switch {
		case exists && !update:
			rep.Skipped = append(rep.Skipped, c.Name)
			continue
		case exists:
			up, err := s.UpdateServer(ctx, old.ID, updateFrom(old, in))
			if err != nil {
				return rep, apperr.Wrap(err, apperr.CodeOf(err), "server %q: %s", c.Name, apperr.MessageOf(err))
			}
			rep.Updated = append(rep.Updated, c.Name)
			rep.RevokedApprovals += up.RevokedApprovals
			continue
		}
		sv, err := s.AddServer(ctx, in)
		if err != nil {
			return rep, apperr.Wrap(err, apperr.CodeOf(err), "server %q: %s", c.Name, apperr.MessageOf(err))
		}
		rep.Added = append(rep.Added, c.Name)
		taken[c.Name] = sv
	}
	return rep, nil
}

// updateFrom is the edit an imported entry makes to a configured server.
// What the entry says replaces what is here: transport, command, args,
// URL, which env variables and headers there are. What such files mostly
// leave out is kept: an env or header value given empty (as exports
// write them), the working folder, timeouts, and a server switched off
// here stays off unless the entry is switched off itself.
func updateFrom(old Server, in ServerInput) ServerInput {
	if in.Dir == "" {
		in.Dir = old.Dir
	}
	if in.InitTimeoutMs == 0 {
		in.InitTimeoutMs = old.InitTimeoutMs
	}
	if in.CallTimeoutMs == 0 {
		in.CallTimeoutMs = old.CallTimeoutMs
	}
	in.Enabled = in.Enabled && old.Enabled
	return in
}

// ExportServers writes every configured server in the same format. Secret
// values (env values, header values) are not exported: their names are,
// with empty values, so the file shows what each server needs.
func (s *Service) ExportServers(ctx context.Context) ([]byte, error) {
	servers, err := s.ListServers(ctx)
	if err != nil {
		return nil, err
	}
	cfgs := make([]ServerConfig, 0, len(servers))
	for _, sv := range servers {
		c := ServerConfig{Name: sv.Name, Transport: sv.Transport, Command: sv.Command, Args: sv.Args, Dir: sv.Dir, URL: sv.URL,
			InitTimeout: time.Duration(sv.InitTimeoutMs) * time.Millisecond, CallTimeout: time.Duration(sv.CallTimeoutMs) * time.Millisecond,
			Disabled: !sv.Enabled}
		if len(sv.EnvNames) > 0 {
			c.Env = map[string]string{}
			for _, n := range sv.EnvNames {
				c.Env[n] = ""
			}
		}
		if len(sv.HeaderNames) > 0 {
			c.Headers = map[string]string{}
			for _, n := range sv.HeaderNames {
				c.Headers[n] = ""
			}
		}
		cfgs = append(cfgs, c)
	}
	return s.rt.ExportConfig(cfgs)
}
