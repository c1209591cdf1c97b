package localapi

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"

	"bookbag/backend/apperr"
)

// The configuration is one device-local setting (JSON), never synced: a
// port and a network choice belong to this machine.
const configKey = "localapi.config"

func (s *Service) loadConfig(ctx context.Context) (Config, error) {
	v, ok, err := s.db.GetSetting(ctx, configKey)
	if err != nil || !ok {
		return DefaultConfig(), err
	}
	cfg := DefaultConfig()
	if err := json.Unmarshal([]byte(v), &cfg); err != nil {
		s.log.Warn("local api settings unreadable, using the defaults", "err", err)
		return DefaultConfig(), nil
	}
	if cfg, err = cfg.normalise(); err != nil {
		return DefaultConfig(), nil
	}
	return cfg, nil
}

func (s *Service) saveConfig(ctx context.Context, cfg Config) error {
	b, _ := json.Marshal(cfg)
	return s.db.SetSetting(ctx, configKey, string(b))
}

// Config returns the saved configuration.
func (s *Service) Config() Config { return s.config() }

// normalise checks a configuration and puts origins in their canonical
// form (scheme://host[:port], no path), as browsers send them.
func (c Config) normalise() (Config, error) {
	if c.Port < 1 || c.Port > 65535 {
		return c, apperr.New(apperr.Invalid, "the port must be between 1 and 65535")
	}
	origins := []string{}
	seen := map[string]bool{}
	for _, o := range c.CORSOrigins {
		o = strings.TrimRight(strings.TrimSpace(o), "/")
		if o == "" {
			continue
		}
		if o != "*" {
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
				return c, apperr.New(apperr.Invalid, "%q is not an origin: write it as scheme://host[:port], e.g. http://localhost:3000", o)
			}
			o = strings.ToLower(u.Scheme + "://" + u.Host)
		}
		if !seen[o] {
			seen[o] = true
			origins = append(origins, o)
		}
	}
	c.CORSOrigins = origins
	return c, nil
}
