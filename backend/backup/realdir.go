package backup

import (
	"os"
	"path/filepath"
)

// realDir follows p while it is a symbolic link (a data dir moved to another
// disk and linked back), even to a target that is gone: after a crash
// between the swap's renames the link dangles, and the swap must still
// find the marker and the staged folder beside the target. Staging and
// swapping beside the target keep the data on that disk and the link a link.
func realDir(p string) string {
	for range 40 { // the OS's own limit on links followed
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return p
		}
		target, err := os.Readlink(p)
		if err != nil {
			return p
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = filepath.Clean(target)
	}
	return p
}
