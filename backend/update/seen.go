package update

import (
	"context"
	"encoding/json"
	"fmt"

	"aead.dev/minisign"

	"bookbag/backend/apperr"
)

// keySeen holds the newest release seen per signing key and channel, so
// that an older signed manifest served later (a mirror replaying it) is
// told apart from "up to date".
const keySeen = "update.seen"

// seen is the newest release a channel was seen to offer.
type seen struct {
	Version    string `json:"version"`
	ReleasedAt string `json:"releasedAt"`
}

// noReplay refuses a release older than one this key's channel offered
// before and otherwise remembers the newest. Versions alone order them:
// they are signed and always grow, while a release time is free text. A
// failed write is logged only: the check itself is still right.
func (s *Service) noReplay(ctx context.Context, key minisign.PublicKey, channel string, rel Release, offered version) error {
	if s.d.Settings == nil {
		return nil
	}
	s.seenMu.Lock()
	defer s.seenMu.Unlock()
	all := map[string]seen{}
	v, ok, err := s.d.Settings.GetSetting(ctx, keySeen)
	if err != nil {
		return fmt.Errorf("read seen update manifests: %w", err)
	}
	if ok {
		json.Unmarshal([]byte(v), &all) // a damaged value reads as nothing seen
	}
	id := fmt.Sprintf("%016X/%s", key.ID(), channel)
	if prev, ok := all[id]; ok {
		if pv, ok := parseVersion(prev.Version); ok {
			switch compare(offered, pv) {
			case -1:
				when := ""
				if prev.ReleasedAt != "" {
					when = " of " + prev.ReleasedAt
				}
				return apperr.New(apperr.Invalid,
					"this update channel answered with an older manifest than one already seen (it offers %s; %s%s was seen before); nothing was changed",
					rel.Version, prev.Version, when)
			case 0:
				return nil
			}
		}
	}
	all[id] = seen{Version: rel.Version, ReleasedAt: rel.ReleasedAt}
	b, _ := json.Marshal(all)
	if err := s.d.Settings.SetSetting(ctx, keySeen, string(b)); err != nil {
		s.d.Log.Warn("could not remember the newest update manifest", "err", err)
	}
	return nil
}
