package mcp

import (
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// sysProcAttr starts the server without a console window (a GUI app's
// child would otherwise flash one up) and passes a cmd.exe command line
// verbatim.
func sysProcAttr(l launch) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		CmdLine:       l.cmdLine,
		HideWindow:    true,
		CreationFlags: windows.CREATE_NO_WINDOW | windows.CREATE_NEW_PROCESS_GROUP,
	}
}

// procGroup is a job object holding the server and everything it starts;
// KILL_ON_JOB_CLOSE ends them all when the job is closed, even when the
// app itself dies. (A process the server starts in the instant before it
// is assigned escapes the job; node and python start theirs much later.)
type procGroup struct {
	job  windows.Handle
	proc *os.Process // the leader, for when no job could be made
}

func newProcGroup(p *os.Process) *procGroup {
	g := &procGroup{proc: p}
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return g
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{
		BasicLimitInformation: windows.JOBOBJECT_BASIC_LIMIT_INFORMATION{LimitFlags: windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE},
	}
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		windows.CloseHandle(job)
		return g
	}
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(p.Pid))
	if err != nil {
		windows.CloseHandle(job)
		return g
	}
	defer windows.CloseHandle(h)
	if err := windows.AssignProcessToJobObject(job, h); err != nil {
		windows.CloseHandle(job)
		return g
	}
	g.job = job
	return g
}

// terminate does nothing: a process without a console has no polite
// signal; closing its stdin was the polite request.
func (g *procGroup) terminate() {}

func (g *procGroup) kill() {
	if g.job != 0 {
		_ = windows.TerminateJobObject(g.job, 1)
		return
	}
	_ = g.proc.Kill() // after Wait this is a no-op, never another process with the same pid
}

func (g *procGroup) release() {
	if g.job != 0 {
		windows.CloseHandle(g.job)
		g.job = 0
	}
}

func signalText(*os.ProcessState) string { return "" }
