// Package logging writes the app's structured logs (slog, JSON lines) to
// logs/bookbag.log in the data dir, rotated by size so the folder stays bounded.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"gopkg.in/natefinch/lumberjack.v2"
)

// Options bound the log folder: MaxSizeMB per file, MaxBackups old files kept.
type Options struct {
	MaxSizeMB  int
	MaxBackups int
	Level      slog.Level
	Stderr     bool // also write text logs to stderr (dev, headless tools)
}

// Dir is where logs live inside a data dir.
func Dir(dataDir string) string { return filepath.Join(dataDir, "logs") }

// New opens the rotating log in dataDir/logs. Close the returned closer on exit.
func New(dataDir string, opts Options) (*slog.Logger, io.Closer, error) {
	if opts.MaxSizeMB <= 0 {
		opts.MaxSizeMB = 5
	}
	if opts.MaxBackups <= 0 {
		opts.MaxBackups = 3
	}
	dir := Dir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("create log folder: %w", err)
	}
	w := &lumberjack.Logger{
		Filename:   filepath.Join(dir, "bookbag.log"),
		MaxSize:    opts.MaxSizeMB,
		MaxBackups: opts.MaxBackups,
	}
	var h slog.Handler = slog.NewJSONHandler(w, &slog.HandlerOptions{Level: opts.Level})
	if opts.Stderr {
		h = fanout{h, slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: opts.Level})}
	}
	return slog.New(h), w, nil
}

// fanout sends each record to several handlers.
type fanout []slog.Handler

func (f fanout) Enabled(ctx context.Context, l slog.Level) bool {
	for _, h := range f {
		if h.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (f fanout) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range f {
		if h.Enabled(ctx, r.Level) {
			if err := h.Handle(ctx, r.Clone()); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f fanout) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithAttrs(as)
	}
	return out
}

func (f fanout) WithGroup(name string) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithGroup(name)
	}
	return out
}
