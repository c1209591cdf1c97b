// BookBag Desktop: a local-first LLM workbench. main parses flags and runs
// Wails; everything else is wired in app.go.
package main

import (
	"embed"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/wailsapp/wails/v2"

	"bookbag/backend/rag/extract"
)

// processStart is as close to process start as Go lets us get; --smoke
// reports startup relative to it, like the empty-shell baseline does.
var processStart = time.Now()

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

//go:embed all:frontend/dist
var assets embed.FS

// Flags are the command-line options.
type Flags struct {
	Smoke   bool
	DataDir string
}

func parseFlags(args []string) (Flags, error) {
	var f Flags
	fs := flag.NewFlagSet("bookbag", flag.ContinueOnError)
	fs.BoolVar(&f.Smoke, "smoke", false, "start, wait for the main screen, print 'smoke ok startup_ms=N' and quit")
	fs.StringVar(&f.DataDir, "data-dir", "", "data folder (default $BOOKBAG_DATA_DIR or the OS default)")
	err := fs.Parse(args)
	return f, err
}

func main() {
	// PDFs are parsed in a child process: this executable, re-run in that mode.
	extract.RunChildIfRequested()
	flags, err := parseFlags(os.Args[1:])
	if err != nil {
		os.Exit(2)
	}
	app := NewApp(flags)
	defer app.close()
	if err := wails.Run(app.options(assets)); err != nil {
		fmt.Fprintln(os.Stderr, "bookbag:", err)
		os.Exit(1)
	}
	if flags.Smoke && !app.smokeOK() {
		os.Exit(1)
	}
}
