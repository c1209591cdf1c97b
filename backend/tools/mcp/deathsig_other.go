//go:build unix && !linux

package mcp

import "syscall"

// setDeathSignal does nothing where there is no parent-death signal (macOS,
// BSDs): servers there end when their stdin closes.
func setDeathSignal(*syscall.SysProcAttr) {}
