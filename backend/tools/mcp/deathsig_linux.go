package mcp

import "syscall"

// setDeathSignal has Linux kill a server when the app dies without
// stopping it (a crash, kill -9): well-behaved servers exit when their
// stdin closes, this catches the rest. (The signal follows the thread that
// started the child; Go does not end the threads it runs goroutines on.)
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
