// Package dialogtest is a scripted dialog.Dialogs for tests of the bound
// APIs that ask the user for files.
package dialogtest

import (
	"sync"

	"bookbag/backend/dialog"
)

// Fake answers every dialog with its fields ("" and nil: cancelled) and
// records the titles and filters it was shown.
type Fake struct {
	File   string   // OpenFile's answer
	Files  []string // OpenFiles' answer
	Folder string   // OpenFolder's answer
	Save   string   // SaveFile's answer
	Err    error    // every dialog fails with it when set

	mu    sync.Mutex
	Shown []Shown
}

// Shown is one dialog the fake was asked to show.
type Shown struct {
	Kind, Title, DefaultName string
	Filters                  []dialog.Filter
}

func (f *Fake) show(kind, title, name string, fs []dialog.Filter) {
	f.mu.Lock()
	f.Shown = append(f.Shown, Shown{Kind: kind, Title: title, DefaultName: name, Filters: fs})
	f.mu.Unlock()
}

func (f *Fake) OpenFile(title string, fs ...dialog.Filter) (string, error) {
	f.show("open", title, "", fs)
	return f.File, f.Err
}

func (f *Fake) OpenFiles(title string, fs ...dialog.Filter) ([]string, error) {
	f.show("open-many", title, "", fs)
	return f.Files, f.Err
}

func (f *Fake) OpenFolder(title string) (string, error) {
	f.show("folder", title, "", nil)
	return f.Folder, f.Err
}

func (f *Fake) SaveFile(title, name string, fs ...dialog.Filter) (string, error) {
	f.show("save", title, name, fs)
	return f.Save, f.Err
}

// Last is the last dialog shown.
func (f *Fake) Last() Shown {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.Shown) == 0 {
		return Shown{}
	}
	return f.Shown[len(f.Shown)-1]
}
