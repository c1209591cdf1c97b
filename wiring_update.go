package main

import (
	"bookbag/backend/update"
)

// Set at build time with -ldflags "-X main.updateURL=… -X main.updateKey=…"
// (and -X main.packageKind=deb|rpm for a package's build). An empty URL or
// key leaves updates off unless Settings names a channel.
var (
	updateURL   = ""
	updateKey   = ""
	packageKind = ""
)

// newUpdater builds the update service; its settings live in the store
// when the database is open.
func (a *App) newUpdater() *update.Service {
	d := update.Deps{Version: version, DefaultURL: updateURL, DefaultKey: updateKey, BuildKind: packageKind, Events: a.events,
		Log: a.log.With("domain", "update")}
	if a.db != nil && a.openErr == nil {
		d.Settings = a.db
	}
	return update.NewService(d)
}
