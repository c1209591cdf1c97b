// Package settings holds the device-local app settings (theme, window
// geometry, last workspace, the sidebar collapsed or not) in the settings table, and the bound service the
// Settings page uses. Nothing here is synced.
package settings

import (
	"context"
	"encoding/json"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// Theme is the UI theme: follow the OS, or force light or dark.
type Theme string

const (
	ThemeSystem Theme = "system"
	ThemeLight  Theme = "light"
	ThemeDark   Theme = "dark"
)

// Keys of the settings table.
const (
	keyTheme         = "theme"
	keyWindow        = "window"
	keyLastWorkspace = "last_workspace"
	keySidebar       = "sidebar_collapsed"
)

// Window is the remembered window geometry.
type Window struct {
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	Maximised bool `json:"maximised"`
}

// Store reads and writes local settings.
type Store struct{ db *store.DB }

// NewStore returns a settings store on db.
func NewStore(db *store.DB) *Store { return &Store{db: db} }

func (s *Store) get(ctx context.Context, key string) (string, bool, error) {
	return s.db.GetSetting(ctx, key)
}

func (s *Store) set(ctx context.Context, key, value string) error {
	return s.db.SetSetting(ctx, key, value)
}

// Theme returns the chosen theme (system by default).
func (s *Store) Theme(ctx context.Context) (Theme, error) {
	v, ok, err := s.get(ctx, keyTheme)
	if err != nil || !ok {
		return ThemeSystem, err
	}
	return Theme(v), nil
}

// SetTheme stores the theme after checking it.
func (s *Store) SetTheme(ctx context.Context, t Theme) error {
	switch t {
	case ThemeSystem, ThemeLight, ThemeDark:
	default:
		return apperr.New(apperr.Invalid, "unknown theme %q", t)
	}
	return s.set(ctx, keyTheme, string(t))
}

// Window returns the remembered geometry, ok=false when none was saved.
func (s *Store) Window(ctx context.Context) (Window, bool, error) {
	v, ok, err := s.get(ctx, keyWindow)
	if err != nil || !ok {
		return Window{}, false, err
	}
	var w Window
	if err := json.Unmarshal([]byte(v), &w); err != nil || w.Width < 200 || w.Height < 200 {
		return Window{}, false, nil // ignore a damaged or absurd value
	}
	return w, true, nil
}

// SetWindow remembers the window geometry.
func (s *Store) SetWindow(ctx context.Context, w Window) error {
	b, _ := json.Marshal(w)
	return s.set(ctx, keyWindow, string(b))
}

// LastWorkspace returns the workspace open when the app last ran.
func (s *Store) LastWorkspace(ctx context.Context) (string, error) {
	v, _, err := s.get(ctx, keyLastWorkspace)
	return v, err
}

// SetLastWorkspace remembers the open workspace.
func (s *Store) SetLastWorkspace(ctx context.Context, id string) error {
	return s.set(ctx, keyLastWorkspace, id)
}

// SidebarCollapsed reports whether the user collapsed the sidebar (open by default).
func (s *Store) SidebarCollapsed(ctx context.Context) (bool, error) {
	v, _, err := s.get(ctx, keySidebar)
	return v == "1", err
}

// SetSidebarCollapsed remembers the sidebar collapsed or open.
func (s *Store) SetSidebarCollapsed(ctx context.Context, collapsed bool) error {
	v := "0"
	if collapsed {
		v = "1"
	}
	return s.set(ctx, keySidebar, v)
}
