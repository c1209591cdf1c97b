// Package dialog is the native file dialogs as bound services see them: one
// small interface, implemented over the Wails runtime in the app's
// dialogs.go (the only Wails code they meet) and by fakes in tests. An empty
// answer means the user cancelled.
package dialog

// Filter narrows a file dialog to a kind of file: Pattern is
// semicolon-separated globs ("*.pdf;*.docx").
type Filter struct {
	Name    string
	Pattern string
}

// AllFiles is the filter that shows every file.
func AllFiles() Filter { return Filter{Name: "All files", Pattern: "*"} }

// Dialogs asks the user for files and folders.
type Dialogs interface {
	// OpenFile asks for one existing file; "" when cancelled.
	OpenFile(title string, filters ...Filter) (string, error)
	// OpenFiles asks for existing files; none when cancelled.
	OpenFiles(title string, filters ...Filter) ([]string, error)
	// OpenFolder asks for a folder; "" when cancelled.
	OpenFolder(title string) (string, error)
	// SaveFile asks where to save a new file, suggesting a name; "" when
	// cancelled.
	SaveFile(title, defaultName string, filters ...Filter) (string, error)
}
