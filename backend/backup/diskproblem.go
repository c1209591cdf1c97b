package backup

import (
	"errors"
	"io/fs"
	"syscall"

	"bookbag/backend/apperr"
)

// diskProblem says in words why a file could not be written or read. The
// UI shows an apperr's message only, never its cause, so the reason (a full
// disk above all) has to be in the message.
func diskProblem(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full"
	case errors.Is(err, syscall.EFBIG):
		return "the file is larger than that disk takes (a FAT32 drive takes at most 4 GB per file)"
	case errors.Is(err, syscall.EROFS):
		return "the disk is read-only"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// writeFailed is the error of a file that could not be written to disk,
// or nil when err is not one (a read, a cancel, a damaged backup).
func writeFailed(err error, format string, args ...any) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "write" && pe.Op != "sync" && pe.Op != "close" {
		return nil
	}
	return apperr.Wrap(err, apperr.Unavailable, format+": %s", append(args, diskProblem(err))...)
}
