//go:build windows

package backup

import "golang.org/x/sys/windows"

// freeSpace is how many bytes the user can still write on the disk holding
// dir; ok is false when the OS does not say.
func freeSpace(dir string) (free uint64, ok bool) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, false
	}
	if err := windows.GetDiskFreeSpaceEx(p, &free, nil, nil); err != nil {
		return 0, false
	}
	return free, true
}
