//go:build !linux

package extract

// residentBytes is not measured outside Linux: the timeout and the child's
// Go memory limit still bound the work.
func residentBytes(pid int) int64 { return 0 }

func limitAddressSpace(budget int64) {}
