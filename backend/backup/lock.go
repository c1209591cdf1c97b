package backup

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// lockName is the file in the data dir a running BookBag holds locked, so
// a second launch does not swap a restore in under it (on Linux and macOS
// a folder with open files can be renamed).
const lockName = "instance.lock"

// ErrDataDirInUse: another BookBag holds the data dir; a pending restore
// waits for a start when it does not.
var ErrDataDirInUse = errors.New("the data folder is in use by another BookBag")

// HoldDataDir locks the data dir for this process's lifetime; Close
// releases it. It fails with ErrDataDirInUse when another process holds it.
func HoldDataDir(dataDir string) (io.Closer, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("lock data dir: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dataDir, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock data dir: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, ErrDataDirInUse
	}
	return f, nil
}
