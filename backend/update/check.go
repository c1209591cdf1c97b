package update

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"aead.dev/minisign"

	"bookbag/backend/apperr"
)

// Limits on what is fetched before it is verified.
const (
	maxManifest  = 1 << 20
	maxSignature = 4 << 10
)

// refuse is the error of an update that will not be installed: nothing
// was changed.
func refuse(format string, args ...any) error {
	return apperr.New(apperr.Invalid, "the update was refused: "+format+"; nothing was changed", args...)
}

func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return apperr.New(apperr.Invalid, "%q is not an http(s) URL", raw)
	}
	return nil
}

func parseKey(s string) (minisign.PublicKey, error) {
	var pk minisign.PublicKey
	s = strings.TrimSpace(s)
	// Accept a whole .pub file: its last line is the key.
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[i+1:])
	}
	if err := pk.UnmarshalText([]byte(s)); err != nil {
		return pk, apperr.New(apperr.Invalid, "the update public key is not a minisign public key")
	}
	return pk, nil
}

// Check fetches the signed manifest and says whether the channel offers a
// newer version for this platform.
func (s *Service) Check(ctx context.Context) (Check, error) {
	c, _, err := s.check(ctx)
	return c, err
}

func (s *Service) check(ctx context.Context) (Check, Asset, error) {
	st, err := s.GetSettings(ctx)
	if err != nil {
		return Check{}, Asset{}, err
	}
	c := Check{Current: s.d.Version, Channel: st.Channel, CheckedAt: s.d.Now().UnixMilli()}
	src, keyText := s.source(st)
	if src == "" || keyText == "" {
		c.Message = "Updates are off: this build has no update channel (set one in Settings)."
		return c, Asset{}, nil
	}
	c.Enabled = true
	if err := checkURL(src); err != nil {
		return c, Asset{}, err
	}
	key, err := parseKey(keyText)
	if err != nil {
		return c, Asset{}, err
	}
	// Both are small: a server that takes the request and does not answer is
	// given up on soon, not after the download's limit of minutes.
	fctx, cancel := context.WithTimeout(ctx, s.d.CheckTimeout)
	defer cancel()
	body, err := s.fetch(fctx, src, maxManifest)
	if err != nil {
		return c, Asset{}, err
	}
	sig, err := s.fetch(fctx, src+".minisig", maxSignature)
	if err != nil {
		return c, Asset{}, err
	}
	if !minisign.Verify(key, body, sig) {
		return c, Asset{}, refuse("the update manifest's signature does not verify against the trusted key")
	}
	var m Manifest
	if err := json.Unmarshal(body, &m); err != nil {
		return c, Asset{}, refuse("the signed manifest is not valid JSON (%v)", err)
	}
	if m.Product != Product {
		return c, Asset{}, refuse("the signed manifest is for %q, not for %s", m.Product, Product)
	}
	rel, ok := m.Channels[st.Channel]
	if !ok || rel.Version == "" {
		c.Message = fmt.Sprintf("The %s channel offers no release.", st.Channel)
		return c, Asset{}, nil
	}
	c.Version, c.Notes, c.ReleasedAt = rel.Version, rel.Notes, rel.ReleasedAt
	offered, ok := parseVersion(rel.Version)
	if !ok {
		return c, Asset{}, refuse("the manifest's version %q is not a version number", rel.Version)
	}
	if err := s.noReplay(ctx, key, st.Channel, rel, offered); err != nil {
		return c, Asset{}, err
	}
	running, ok := parseVersion(s.d.Version)
	if !ok {
		c.Message = fmt.Sprintf("This is a development build (%s): updates are not installed over it.", s.d.Version)
		return c, Asset{}, nil
	}
	switch compare(offered, running) {
	case 0:
		c.Message = fmt.Sprintf("BookBag %s is the newest on the %s channel.", s.d.Version, st.Channel)
		return c, Asset{}, nil
	case -1:
		c.Message = fmt.Sprintf("The %s channel offers %s, older than this %s: a downgrade is not installed.", st.Channel, rel.Version, s.d.Version)
		return c, Asset{}, nil
	}
	exe, err := s.d.Executable()
	if err != nil {
		return c, Asset{}, fmt.Errorf("find the running program: %w", err)
	}
	inst := s.d.Install(exe)
	platform := s.d.GOOS + "-" + s.d.GOARCH
	name := platform
	if inst.Managed {
		c.PackageManaged = true
		name = platform + "." + inst.Format
		if inst.Format == "" {
			name = platform + "." + KindDeb
		}
	}
	asset, ok := rel.Assets[name]
	if !ok {
		c.Message = fmt.Sprintf("BookBag %s is out, but not for %s.", rel.Version, name)
		return c, Asset{}, nil
	}
	if err := checkAsset(asset, inst.Managed); err != nil {
		return c, Asset{}, err
	}
	c.Available, c.Kind, c.Size = true, asset.Kind, asset.Size
	if inst.Managed {
		c.PackageURL = asset.URL
		c.Message = fmt.Sprintf("BookBag %s is out. It was installed as a package: download the new package and install it with your package manager.", rel.Version)
	} else {
		c.Message = fmt.Sprintf("BookBag %s is out.", rel.Version)
	}
	return c, asset, nil
}

func checkAsset(a Asset, managed bool) error {
	if err := checkURL(a.URL); err != nil {
		return refuse("the manifest names a bad download URL")
	}
	if managed {
		return nil
	}
	if a.Kind != KindBinary && a.Kind != KindTarGz {
		return refuse("the manifest's download is a %q, which cannot be installed in place", a.Kind)
	}
	if len(a.SHA256) != 64 || a.Size <= 0 {
		return refuse("the manifest does not give the download's size and SHA-256")
	}
	return nil
}

// fetch GETs a URL, at most limit bytes.
func (s *Service) fetch(ctx context.Context, u string, limit int64) ([]byte, error) {
	resp, err := s.get(ctx, u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, apperr.Wrap(err, apperr.Unavailable, "the update server did not answer in time; nothing was changed")
		}
		return nil, apperr.Wrap(err, apperr.Unavailable, "could not read %s", u)
	}
	if int64(len(b)) > limit {
		return nil, refuse("%s is larger than expected", u)
	}
	return b, nil
}

func (s *Service) get(ctx context.Context, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Invalid, "bad URL %s", u)
	}
	req.Header.Set("User-Agent", "BookBag/"+s.d.Version)
	resp, err := s.d.HTTP.Do(req)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, apperr.Wrap(err, apperr.Canceled, "cancelled")
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, apperr.Wrap(err, apperr.Unavailable, "the update server did not answer in time; nothing was changed")
		}
		return nil, apperr.Wrap(err, apperr.Unavailable, "could not reach the update server")
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, apperr.New(apperr.Unavailable, "the update server answered %s for %s", resp.Status, u)
	}
	return resp, nil
}
