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
}

// ImportServers adds the servers of a configuration in the common
// {"mcpServers": {name: {command, args, env} | {url, headers, type}}}
// format (Claude Desktop, Cursor, LM Studio, AnythingLLM), pasted or read
// from a file. A name already configured is skipped, not overwritten.
func (s *Service) ImportServers(ctx context.Context, data []byte) (ImportReport, error) {
	cfgs, err := s.rt.ParseConfig(data)
	if err != nil {
		return ImportReport{}, apperr.Wrap(err, apperr.Invalid, "%s", err.Error())
	}
	have, err := s.ListServers(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	taken := map[string]bool{}
	for _, sv := range have {
		taken[sv.Name] = true
	}
	rep := ImportReport{Added: []string{}, Skipped: []string{}}
	for _, c := range cfgs {
		if taken[c.Name] {
			rep.Skipped = append(rep.Skipped, c.Name)
			continue
		}
		in := ServerInput{Name: c.Name, Transport: c.Transport, Command: c.Command, Args: c.Args, Dir: c.Dir, URL: c.URL,
			Env: c.Env, Headers: c.Headers, InitTimeoutMs: c.InitTimeout.Milliseconds(), CallTimeoutMs: c.CallTimeout.Milliseconds(),
			Enabled: !c.Disabled}
		if _, err := s.AddServer(ctx, in); err != nil {
			return rep, apperr.Wrap(err, apperr.CodeOf(err), "server %q: %s", c.Name, apperr.MessageOf(err))
		}
		rep.Added = append(rep.Added, c.Name)
		taken[c.Name] = true
	}
	return rep, nil
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
