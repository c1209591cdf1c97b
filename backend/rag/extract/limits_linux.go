//go:build linux

package extract

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// residentBytes reads a process's resident set size from /proc.
func residentBytes(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(string(f[1]), 10, 64)
	return pages * int64(os.Getpagesize())
}

// limitAddressSpace caps the child's virtual memory at what it has mapped
// now plus a margin, so one enormous allocation fails at once instead of
// racing the parent's RSS watchdog. Go reserves address space generously,
// hence the margin of several times the RSS budget.
func limitAddressSpace(budget int64) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return
	}
	f := bytes.Fields(b)
	if len(f) < 1 {
		return
	}
	pages, _ := strconv.ParseInt(string(f[0]), 10, 64)
	limit := uint64(pages*int64(os.Getpagesize()) + 4*budget)
	syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: limit, Max: limit})
}
