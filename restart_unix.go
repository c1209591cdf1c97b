//go:build !windows

package main

import (
	"os"
	"syscall"
)

// restartSelf replaces this process with a fresh copy of itself; the
// single-instance lock goes with the old image.
func restartSelf() error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	return syscall.Exec(exe, os.Args, os.Environ())
}
