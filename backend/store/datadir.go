package store

import (
	"os"
	"path/filepath"
	"runtime"
)

// DataDir resolves the data dir: $BOOKBAG_DATA_DIR, else the OS convention
// (Linux $XDG_DATA_HOME/bookbag or ~/.local/share/bookbag, macOS
// ~/Library/Application Support/BookBag, Windows %AppData%\BookBag).
func DataDir(getenv func(string) string) string {
	if d := getenv("BOOKBAG_DATA_DIR"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		if d := getenv("AppData"); d != "" {
			return filepath.Join(d, "BookBag")
		}
		return filepath.Join(home, "AppData", "Roaming", "BookBag")
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "BookBag")
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "bookbag")
		}
		return filepath.Join(home, ".local", "share", "bookbag")
	}
}
