package chat

import "os"

// openFile is os.Open; a seam for reading dropped files.
func openFile(path string) (*os.File, error) { return os.Open(path) }
