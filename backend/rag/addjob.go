package rag

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"bookbag/backend/blob"
	"bookbag/backend/events"
)

// Copying a dropped folder in is a job of its own, before any document is
// read: thousands of files, or a few large ones, take a while. It reports
// documents:adding as it goes, and CancelAdd stops it between files or in
// the middle of a large one; what was added by then stays (the queue's own
// Cancel all stops those).

// addJob is one AddPaths copying files in.
type addJob struct {
	ctx      context.Context
	ws, chat string
	total    int
	emit     events.Emitter
	throttle events.Throttle
	lastDone int // the files copied when the last report was asked for
}

// addProgressEvery spaces the progress events of an add.
const addProgressEvery = 200 * time.Millisecond

// startAdd registers an add of total files to ws (or its chat) that
// CancelAdd can stop; done unregisters it and sends its last event.
func (s *Service) startAdd(ctx context.Context, ws, chat string, total int) (*addJob, func()) {
	ctx, cancel := context.WithCancel(ctx)
	j := &addJob{ctx: ctx, ws: ws, chat: chat, total: total, emit: s.emit, throttle: events.Throttle{Every: addProgressEvery}}
	s.mu.Lock()
	s.adds[j] = cancel
	s.mu.Unlock()
	j.report(0, "", true)
	return j, func() {
		s.mu.Lock()
		delete(s.adds, j)
		s.mu.Unlock()
		cancel()
		j.emit.Emit(events.DocumentsAdding, events.DocumentsAddingPayload{
			WorkspaceID: ws, ChatID: chat, Done: j.lastDone, Total: total, End: true,
		})
	}
}

// CancelAdd stops the workspace's adds of files (its chats' too) that are
// still copying; the files added before stay added.
func (s *Service) CancelAdd(workspaceID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for j, cancel := range s.adds {
		if j.ws == workspaceID {
			cancel()
		}
	}
}

func (j *addJob) report(done int, name string, force bool) {
	j.lastDone = done
	if !j.throttle.Due(force) {
		return
	}
	j.emit.Emit(events.DocumentsAdding, events.DocumentsAddingPayload{
		WorkspaceID: j.ws, ChatID: j.chat, Done: done, Total: j.total, Name: name,
	})
}

// addAll copies files in, in order, each its own document. A file that
// cannot be read is reported in out and costs itself only. Once the add is
// stopped the files not yet copied are counted in out.NotAdded; a file
// copied is always recorded, so nothing stored is left without its row.
func (s *Service) addAll(ctx context.Context, ws, chat string, files []string, out *AddReport) error {
	j, done := s.startAdd(ctx, ws, chat, len(files))
	defer done()
	stopped := func(i int) bool { // files[i:] are not added
		if j.ctx.Err() == nil || ctx.Err() != nil {
			return false
		}
		out.NotAdded, out.Stopped, j.lastDone = len(files)-i, true, i
		return true
	}
	for i, p := range files {
		if stopped(i) {
			return nil
		}
		name := filepath.Base(p)
		j.report(i, name, false)
		fi, err := os.Stat(p)
		if err != nil {
			out.fail(p, err) // gone since it was chosen or listed
			continue
		}
		r, err := s.addFile(ctx, ws, chat, name, func() (blob.Ref, error) {
			return s.blobs.PutFile(j.ctx, p)
		}, fi.Size())
		if err != nil && stopped(i) {
			return nil // in the middle of this file's copy
		}
		if unreadable(err, p) {
			out.fail(p, err)
			continue
		}
		if err != nil {
			return err
		}
		out.Added = append(out.Added, r)
	}
	j.report(len(files), "", true)
	return nil
}
