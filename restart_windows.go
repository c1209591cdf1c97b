//go:build windows

package main

import (
	"os"
	"os/exec"
)

// restartSelf starts a fresh copy; the caller quits this one.
func restartSelf() error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = os.Environ()
	return cmd.Start()
}
