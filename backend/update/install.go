package update

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Install says how the running program was installed.
type Install struct {
	Managed bool   // a package manager owns the executable: never overwrite it
	Format  string // "deb" or "rpm" when known
}

// MarkerFile is written by the .deb and .rpm packages; its content is the
// package format.
const MarkerFile = "/usr/share/bookbag/package-format"

// DetectInstall decides whether exe belongs to a package manager: a
// build-time package kind wins; else, on Linux, an executable under /usr/
// is the package's (the marker file, dpkg -S or rpm -qf name the format).
// Under /usr/ with no answer it is still treated as managed: overwriting a
// file some package owns is worse than showing a link.
func DetectInstall(exe, buildKind string) Install {
	switch buildKind {
	case KindDeb, KindRPM:
		return Install{Managed: true, Format: buildKind}
	}
	if runtime.GOOS != "linux" {
		return Install{}
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	if !strings.HasPrefix(exe, "/usr/") {
		return Install{}
	}
	if b, err := os.ReadFile(MarkerFile); err == nil {
		if f := strings.TrimSpace(string(b)); f == KindDeb || f == KindRPM {
			return Install{Managed: true, Format: f}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if exec.CommandContext(ctx, "dpkg", "-S", exe).Run() == nil {
		return Install{Managed: true, Format: KindDeb}
	}
	if exec.CommandContext(ctx, "rpm", "-qf", exe).Run() == nil {
		return Install{Managed: true, Format: KindRPM}
	}
	return Install{Managed: true}
}
