package settings

import (
	"context"

	"bookbag/backend/store"
)

// AppSettings is what the Settings page shows.
type AppSettings struct {
	Theme Theme `json:"theme"`
	// SidebarCollapsed: the main screen shows only the narrow rail.
	SidebarCollapsed bool   `json:"sidebarCollapsed"`
	DataDir          string `json:"dataDir"`
	DatabasePath     string `json:"databasePath"`
	LogDir           string `json:"logDir"`
	Version          string `json:"version"`
	SchemaVersion    int    `json:"schemaVersion"`
	DeviceID         string `json:"deviceId"`
	DisplayName      string `json:"displayName"`
	// Notices are the licence texts of third-party data built into the app.
	Notices []Notice `json:"notices"`
}

// Notice is a third-party licence the app must show with its copies.
type Notice struct {
	Name string `json:"name"` // what it covers
	Text string `json:"text"`
}

// Info is the fixed information about this run.
type Info struct {
	DataDir string
	LogDir  string
	Version string
	Notices []Notice
}

// Opener opens a folder in the OS file manager.
type Opener func(path string) error

// API is the bound SettingsService. Its methods take no context: Wails
// calls them; they use the app context given at construction.
type API struct {
	ctx  func() context.Context
	db   *store.DB
	st   *Store
	info Info
	open Opener
}

// NewAPI builds the bound settings service.
func NewAPI(ctx func() context.Context, db *store.DB, st *Store, info Info, open Opener) *API {
	return &API{ctx: ctx, db: db, st: st, info: info, open: open}
}

// Get returns the current settings.
func (s *API) Get() (AppSettings, error) {
	ctx := s.ctx()
	theme, err := s.st.Theme(ctx)
	if err != nil {
		return AppSettings{}, err
	}
	collapsed, err := s.st.SidebarCollapsed(ctx)
	if err != nil {
		return AppSettings{}, err
	}
	v, err := s.db.SchemaVersion(ctx)
	if err != nil {
		return AppSettings{}, err
	}
	id := s.db.Identity()
	return AppSettings{Theme: theme, SidebarCollapsed: collapsed, DataDir: s.info.DataDir, DatabasePath: s.db.Path, LogDir: s.info.LogDir,
		Version: s.info.Version, SchemaVersion: v, DeviceID: id.DeviceID, DisplayName: id.DisplayName,
		Notices: append([]Notice{}, s.info.Notices...)}, nil
}

// SetTheme stores the theme and returns the new settings.
func (s *API) SetTheme(theme Theme) (AppSettings, error) {
	if err := s.st.SetTheme(s.ctx(), theme); err != nil {
		return AppSettings{}, err
	}
	return s.Get()
}

// SetSidebarCollapsed remembers whether the sidebar is collapsed and returns the new settings.
func (s *API) SetSidebarCollapsed(collapsed bool) (AppSettings, error) {
	if err := s.st.SetSidebarCollapsed(s.ctx(), collapsed); err != nil {
		return AppSettings{}, err
	}
	return s.Get()
}

// SetDisplayName changes the local user's name, shown on what they write.
func (s *API) SetDisplayName(name string) (AppSettings, error) {
	if _, err := s.db.SetDisplayName(s.ctx(), name); err != nil {
		return AppSettings{}, err
	}
	return s.Get()
}

// OpenLogFolder shows the log folder in the file manager.
func (s *API) OpenLogFolder() error { return s.open(s.info.LogDir) }

// OpenDataFolder shows the data folder in the file manager.
func (s *API) OpenDataFolder() error { return s.open(s.info.DataDir) }
