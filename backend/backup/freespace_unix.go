//go:build !windows

package backup

import "golang.org/x/sys/unix"

// freeSpace is how many bytes an unprivileged user can still write on the
// disk holding dir; ok is false when the OS does not say.
func freeSpace(dir string) (free uint64, ok bool) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}
