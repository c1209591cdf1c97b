package update

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"sync"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/onejob"
)

// KV is where the settings live: the store's device-local key-value table.
type KV interface {
	GetSetting(ctx context.Context, key string) (string, bool, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Deps is what the service needs.
type Deps struct {
	Settings   KV // nil: the build's defaults, not editable
	Version    string
	DefaultURL string // set at build time; "" = off unless Settings has one
	DefaultKey string // minisign public key (the base64 line of a .pub file)
	BuildKind  string // "deb"/"rpm" when the build is for a package
	HTTP       *http.Client
	// CheckTimeout bounds fetching the manifest and its signature (30 s
	// when 0); the download has the client's own, longer limit.
	CheckTimeout time.Duration
	// IdleTimeout gives up on a download that receives no bytes for this
	// long (60 s when 0).
	IdleTimeout time.Duration
	Events      events.Emitter         // update:progress while installing
	Executable  func() (string, error) // the file to replace; os.Executable when nil
	Install     func(exe string) Install
	GOOS        string // runtime.GOOS when ""
	GOARCH      string
	Now         func() time.Time
	Log         *slog.Logger
}

// Service checks for and applies updates; one apply at a time.
type Service struct {
	d      Deps
	job    onejob.Slot // the running install
	seenMu sync.Mutex  // the read-modify-write of the newest manifests seen
}

// NewService fills in the defaults.
func NewService(d Deps) *Service {
	if d.HTTP == nil {
		d.HTTP = &http.Client{Timeout: 10 * time.Minute}
	}
	if d.CheckTimeout <= 0 {
		d.CheckTimeout = 30 * time.Second
	}
	if d.IdleTimeout <= 0 {
		d.IdleTimeout = 60 * time.Second
	}
	if d.Events == nil {
		d.Events = events.Discard{}
	}
	if d.Executable == nil {
		d.Executable = os.Executable
	}
	if d.Install == nil {
		kind := d.BuildKind
		d.Install = func(exe string) Install { return DetectInstall(exe, kind) }
	}
	if d.GOOS == "" {
		d.GOOS, d.GOARCH = runtime.GOOS, runtime.GOARCH
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{d: d}
}

const keySettings = "update.settings"

// GetSettings returns the update settings; empty fields mean the build's.
func (s *Service) GetSettings(ctx context.Context) (Settings, error) {
	st := Settings{Channel: Stable}
	if s.d.Settings == nil {
		return st, nil
	}
	v, ok, err := s.d.Settings.GetSetting(ctx, keySettings)
	if err != nil || !ok {
		return st, err
	}
	json.Unmarshal([]byte(v), &st) // a damaged value reads as the default
	if st.Channel != Beta {
		st.Channel = Stable
	}
	return st, nil
}

// SetSettings checks and stores the update settings.
func (s *Service) SetSettings(ctx context.Context, st Settings) (Settings, error) {
	if s.d.Settings == nil {
		return Settings{}, apperr.New(apperr.Unavailable, "update settings cannot be stored")
	}
	if st.Channel != Stable && st.Channel != Beta {
		return Settings{}, apperr.New(apperr.Invalid, "unknown channel %q", st.Channel)
	}
	if st.URL != "" {
		if err := checkURL(st.URL); err != nil {
			return Settings{}, err
		}
	}
	if st.PublicKey != "" {
		if _, err := parseKey(st.PublicKey); err != nil {
			return Settings{}, err
		}
	}
	b, _ := json.Marshal(st)
	if err := s.d.Settings.SetSetting(ctx, keySettings, string(b)); err != nil {
		return Settings{}, err
	}
	return st, nil
}

// source is the URL and key in force.
func (s *Service) source(st Settings) (url, key string) {
	url, key = s.d.DefaultURL, s.d.DefaultKey
	if st.URL != "" {
		url = st.URL
	}
	if st.PublicKey != "" {
		key = st.PublicKey
	}
	return url, key
}
