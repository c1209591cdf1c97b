package main

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"bookbag/backend/dialog"
)

// wailsDialogs are the native file dialogs over the Wails runtime: the one
// place bound services meet Wails (through dialog.Dialogs).
type wailsDialogs struct{ ctx func() context.Context }

func filters(fs []dialog.Filter) []runtime.FileFilter {
	out := make([]runtime.FileFilter, len(fs))
	for i, f := range fs {
		out[i] = runtime.FileFilter{DisplayName: f.Name, Pattern: f.Pattern}
	}
	return out
}

func (d wailsDialogs) OpenFile(title string, fs ...dialog.Filter) (string, error) {
	return runtime.OpenFileDialog(d.ctx(), runtime.OpenDialogOptions{Title: title, Filters: filters(fs)})
}

func (d wailsDialogs) OpenFiles(title string, fs ...dialog.Filter) ([]string, error) {
	return runtime.OpenMultipleFilesDialog(d.ctx(), runtime.OpenDialogOptions{Title: title, Filters: filters(fs)})
}

func (d wailsDialogs) OpenFolder(title string) (string, error) {
	return runtime.OpenDirectoryDialog(d.ctx(), runtime.OpenDialogOptions{Title: title})
}

func (d wailsDialogs) SaveFile(title, defaultName string, fs ...dialog.Filter) (string, error) {
	return runtime.SaveFileDialog(d.ctx(), runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName,
		CanCreateDirectories: true, Filters: filters(fs)})
}
