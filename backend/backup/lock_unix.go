//go:build !windows

package backup

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock without waiting; it ends with the file.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
