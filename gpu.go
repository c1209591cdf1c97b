package main

import (
	"os"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

// renderNodes is where Linux exposes GPUs to unprivileged programs.
const renderNodes = "/dev/dri"

// webviewGPUPolicy turns WebKitGTK's hardware acceleration on only where a GPU
// render node can be opened. Without one WebKit composites through Mesa's
// software GL (llvmpipe): slower than its plain software painting, and it
// held ~80 MB more in the web process at idle (docs/PERFORMANCE.md).
func webviewGPUPolicy(dir string) linux.WebviewGpuPolicy {
	nodes, _ := filepath.Glob(filepath.Join(dir, "renderD*"))
	for _, n := range nodes {
		if f, err := os.OpenFile(n, os.O_RDWR, 0); err == nil {
			f.Close()
			return linux.WebviewGpuPolicyOnDemand
		}
	}
	return linux.WebviewGpuPolicyNever
}
