package main

import (
	"context"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"bookbag/backend/settings"
)

// The window: its geometry, remembered between runs, and a second launch
// on the same data dir bringing it to the front.

func (a *App) domReady(ctx context.Context) {
	a.log.Debug("dom ready", "since_start_ms", time.Since(processStart).Milliseconds())
}

// placeWindow puts the window where it was at the last quit. It runs from
// startup, before the page has loaded: Wails on Linux shows and centres the
// window first, and this move is queued on the GTK main loop after that
// centring, so the window lands in place within the first frames instead of
// jumping there at domReady (seconds later on a slow start, and after the
// user may already have moved it). Maximised windows start maximised
// (options.WindowStartState).
func (a *App) placeWindow(ctx context.Context) {
	if a.settings == nil || a.flags.Smoke {
		return
	}
	if w, ok, _ := a.settings.Window(ctx); ok && !w.Maximised && onScreen(ctx, w) {
		runtime.WindowSetPosition(ctx, w.X, w.Y)
	}
}

// onScreen keeps a window from being restored onto a monitor that is gone.
func onScreen(ctx context.Context, w settings.Window) bool {
	screens, err := runtime.ScreenGetAll(ctx)
	if err != nil || len(screens) == 0 {
		return true
	}
	for _, s := range screens {
		if w.X >= -w.Width/2 && w.Y >= 0 && w.X < s.Size.Width-50 && w.Y < s.Size.Height-50 {
			return true
		}
	}
	return false
}

func (a *App) beforeClose(ctx context.Context) bool {
	a.saveWindow(ctx)
	return false
}

func (a *App) saveWindow(ctx context.Context) {
	if a.settings == nil || a.flags.Smoke {
		return
	}
	w := settings.Window{Maximised: runtime.WindowIsMaximised(ctx)}
	if !w.Maximised {
		w.Width, w.Height = runtime.WindowGetSize(ctx)
		w.X, w.Y = runtime.WindowGetPosition(ctx)
	} else if old, ok, _ := a.settings.Window(ctx); ok {
		w.Width, w.Height, w.X, w.Y = old.Width, old.Height, old.X, old.Y
	} else {
		w.Width, w.Height = 1200, 800
	}
	if err := a.settings.SetWindow(context.WithoutCancel(ctx), w); err != nil {
		a.log.Warn("save window geometry", "err", err)
	}
}

// Quit remembers the window geometry and closes the app (Ctrl+Q).
func (a *App) Quit() {
	a.saveWindow(a.ctx)
	runtime.Quit(a.ctx)
}

func (a *App) secondInstance(data options.SecondInstanceData) {
	a.log.Info("second launch on the same data dir: focusing", "args", data.Args)
	runtime.WindowUnminimise(a.ctx)
	runtime.WindowShow(a.ctx)
	runtime.WindowSetAlwaysOnTop(a.ctx, true)
	runtime.WindowSetAlwaysOnTop(a.ctx, false)
}
