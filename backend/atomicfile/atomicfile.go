// Package atomicfile writes a file whole or not at all: into a temporary
// file beside it, renamed over the path once complete, so an export that
// fails half-way never leaves a truncated file where the user looks.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write calls write with a temporary file in path's folder and renames it
// to path when write and the close succeed; otherwise the temporary file is
// removed and path is untouched.
func Write(path string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create file: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename file: %w", err)
	}
	return nil
}
