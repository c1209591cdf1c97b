//go:build unix

package mcp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Markers around the environment the login shell prints: rc files may
// print banners, fortunes or escape codes before and after.
const (
	envStart = "__BOOKBAG_ENV_START__"
	envEnd   = "__BOOKBAG_ENV_END__"
)

// loginShellPath asks the person's login shell for its PATH, the way a
// terminal would see it (nvm, pyenv, Homebrew and ~/.local/bin are added by
// rc files a GUI app never reads). It runs `$SHELL -ilc` with stdin from
// /dev/null, in its own process group that is killed at the deadline: an
// interactive rc file may wait for input or start background jobs.
// `env` is printed rather than $PATH so fish (which keeps PATH as a list)
// answers the same way as sh, bash and zsh.
func loginShellPath(ctx context.Context, shell string, env []string, timeout time.Duration) (string, error) {
	if shell == "" {
		return "", errors.New("SHELL is not set")
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, shell, "-ilc", "echo "+envStart+"; env; echo "+envEnd)
	cmd.Env = append(slices.Clone(env), "DISABLE_AUTO_UPDATE=true") // oh-my-zsh would ask whether to update
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second // a background job holding stdout must not hold us
	out, err := cmd.Output()
	if ctx.Err() != nil {
		return "", fmt.Errorf("ask %s for PATH: no answer within %s", shell, words(timeout))
	}
	path, ok := pathFromEnvDump(out)
	if !ok {
		if err != nil {
			return "", fmt.Errorf("ask %s for PATH: %w", shell, err)
		}
		return "", fmt.Errorf("ask %s for PATH: no PATH in its answer", shell)
	}
	return path, nil
}

// pathFromEnvDump finds PATH=… between the markers.
func pathFromEnvDump(out []byte) (string, bool) {
	_, rest, ok := bytes.Cut(out, []byte(envStart+"\n"))
	if !ok {
		return "", false
	}
	body, _, ok := bytes.Cut(rest, []byte(envEnd))
	if !ok {
		return "", false
	}
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "PATH="); ok && v != "" {
			return strings.TrimRight(v, "\r"), true
		}
	}
	return "", false
}
