package mcp

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"
)

// process is a running stdio server: its pipes, its process group (Unix)
// or job object (Windows), what it writes to stderr, and how it ended.
type process struct {
	cmd    *exec.Cmd
	stdin  *os.File // our end of its stdin
	stdout *os.File // our end of its stdout
	stderr *os.File // our end of its stderr
	group  *procGroup

	exited     chan struct{} // closed once the process has been reaped
	stderrDone chan struct{} // closed once its stderr reached EOF or was closed
	state      *os.ProcessState
	stopOnce   sync.Once
}

// startProcess runs l with the pipes made by hand: with *os.File for its
// stdout and stderr, exec.Cmd.Wait does not wait for grandchildren that
// inherited them (npx -> node), and we decide when our ends are closed.
func startProcess(l launch, env []string, dir string, stderr *lineRing, onStderr func(string)) (*process, error) {
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	pipe := func() (r, w *os.File, err error) {
		r, w, err = os.Pipe()
		if err == nil {
			files = append(files, r, w)
		}
		return r, w, err
	}
	inR, inW, err := pipe()
	if err != nil {
		return nil, fmt.Errorf("create pipe: %w", err)
	}
	outR, outW, err := pipe()
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("create pipe: %w", err)
	}
	errR, errW, err := pipe()
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("create pipe: %w", err)
	}
	cmd := exec.Command(l.path, l.args...)
	cmd.Env, cmd.Dir = env, dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	cmd.SysProcAttr = sysProcAttr(l)
	if err := cmd.Start(); err != nil {
		closeAll()
		return nil, err
	}
	// The child has its own copies; ours would keep its stdin open and its
	// stdout from ever reaching EOF.
	inR.Close()
	outW.Close()
	errW.Close()
	p := &process{
		cmd: cmd, stdin: inW, stdout: outR, stderr: errR,
		exited: make(chan struct{}), stderrDone: make(chan struct{}),
	}
	p.group = newProcGroup(cmd.Process)
	go func() {
		_ = cmd.Wait() // the exit status is in ProcessState
		p.state = cmd.ProcessState
		close(p.exited)
	}()
	go collectLines(errR, stderr, onStderr, p.stderrDone)
	return p, nil
}

// waitExit waits up to d for the process to end and tells whether it did.
func (p *process) waitExit(d time.Duration) bool {
	if d <= 0 {
		select {
		case <-p.exited:
			return true
		default:
			return false
		}
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.exited:
		return true
	case <-t.C:
		return false
	}
}

// exitText says how the process ended ("exited (code 1)", "was killed by
// signal 9 (killed)"), or "" while it runs.
func (p *process) exitText() string {
	select {
	case <-p.exited:
	default:
		return ""
	}
	if sig := signalText(p.state); sig != "" {
		return "was killed by " + sig
	}
	return fmt.Sprintf("exited (code %d)", p.state.ExitCode())
}

// stop ends the process the way the MCP spec asks (close its stdin, wait,
// SIGTERM, wait, SIGKILL), then kills what is left of its process group
// or job: a grandchild that outlived its parent would otherwise be an
// orphan holding files and ports after the app quit.
func (p *process) stop(stdinGrace, termGrace time.Duration) {
	p.stopOnce.Do(func() {
		p.stdin.Close()
		if !p.waitExit(stdinGrace) {
			p.group.terminate()
			if !p.waitExit(termGrace) {
				p.group.kill()
				p.waitExit(5 * time.Second) // SIGKILL is not refused; this bounds a process stuck in the kernel
			}
		}
		// The leader is reaped, but its group id cannot have been reused
		// yet: the rest of the group still holds it, or it is empty.
		p.group.kill()
		p.group.release()
		p.stdout.Close()
		p.stderr.Close() // ends collectLines even if an escaped grandchild holds the pipe
	})
}

// errExecNotFound tells a missing command from other start errors.
func isNotFound(err error) bool {
	var nf *notFoundError
	return errors.As(err, &nf) || errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist)
}
