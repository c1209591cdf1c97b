//go:build unix

package mcp

import (
	"fmt"
	"os"
	"syscall"
)

// sysProcAttr puts the server in a process group of its own, so stopping
// it reaches every process it started (npx -> node, uv -> python).
func sysProcAttr(launch) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(a)
	return a
}

// procGroup is the server's process group; its id is the leader's pid.
type procGroup struct{ pgid int }

func newProcGroup(p *os.Process) *procGroup { return &procGroup{pgid: p.Pid} }

func (g *procGroup) terminate() { _ = syscall.Kill(-g.pgid, syscall.SIGTERM) }
func (g *procGroup) kill()      { _ = syscall.Kill(-g.pgid, syscall.SIGKILL) }
func (g *procGroup) release()   {}

// signalText is "signal 9 (killed)" when a signal ended the process.
func signalText(s *os.ProcessState) string {
	if ws, ok := s.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return fmt.Sprintf("signal %d (%v)", int(ws.Signal()), ws.Signal())
	}
	return ""
}
