package main

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

func TestWebviewGPUPolicyNeedsAnOpenableRenderNode(t *testing.T) {
	dir := t.TempDir()
	if got := webviewGPUPolicy(dir); got != linux.WebviewGpuPolicyNever {
		t.Fatalf("no render node: policy %d, want never", got)
	}
	node := filepath.Join(dir, "renderD128")
	if err := os.WriteFile(node, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := webviewGPUPolicy(dir); got != linux.WebviewGpuPolicyOnDemand {
		t.Fatalf("usable render node: policy %d, want on demand", got)
	}
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		return // permissions do not keep root (or Windows) from opening the file
	}
	if err := os.Chmod(node, 0); err != nil {
		t.Fatal(err)
	}
	if got := webviewGPUPolicy(dir); got != linux.WebviewGpuPolicyNever {
		t.Fatalf("render node not openable: policy %d, want never", got)
	}
}
