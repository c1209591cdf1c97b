package main

import (
	"fmt"
	"os"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Ready (the frontend drew its first screen) and the --smoke run built on it.

// Ready is called by the frontend once it has drawn its first screen from
// data it fetched. Under --smoke it prints the startup time and quits.
func (a *App) Ready(screen string) {
	ms := time.Since(processStart).Milliseconds()
	a.log.Info("frontend ready", "screen", screen, "startup_ms", ms)
	if !a.flags.Smoke {
		return
	}
	a.smokeOnce.Do(func() {
		suffix := ""
		if screen != "main" {
			suffix = " screen=" + screen
		}
		fmt.Printf("smoke ok startup_ms=%d%s\n", ms, suffix)
		a.smokePassed.Store(true)
		go func() {
			time.Sleep(100 * time.Millisecond)
			runtime.Quit(a.ctx)
		}()
	})
}

// smokeOK reports whether the smoke run reached a screen.
func (a *App) smokeOK() bool { return a.smokePassed.Load() }

func (a *App) smokeWatchdog(limit time.Duration) {
	time.Sleep(limit)
	if !a.smokePassed.Load() {
		fmt.Printf("smoke failed: the frontend did not report a rendered screen within %s\n", limit)
		os.Exit(1)
	}
}
