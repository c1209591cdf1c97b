package rag

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/store"
)

// Copying a dropped folder in is a job of its own, before any document is
// read: thousands of files, or a few large ones, take a while. Each add is
// its own job with an id, so that two drops at once show two progresses
// and each has its own Stop. It reports documents:adding from its start
// (while its folders are listed) to its end, and CancelAdd stops it while
// listing, between files or in the middle of a large one; what was added
// by then stays (the queue's own Cancel all stops those).

// addJob is one AddPaths listing and copying files in.
type addJob struct {
	id       string
	ctx      context.Context
	ws, chat string
	listing  bool
	total    int
	emit     events.Emitter
	throttle events.Throttle
	lastDone int // the files copied when the last report was asked for
}

// addProgressEvery spaces the progress events of an add.
const addProgressEvery = 200 * time.Millisecond

// startAdd registers an add to ws (or its chat) that CancelAdd can stop,
// listing its files until listed says how many; done unregisters it and
// sends its last event.
func (s *Service) startAdd(ctx context.Context, ws, chat string) (*addJob, func()) {
	ctx, cancel := context.WithCancel(ctx)
	j := &addJob{id: store.NewID(), ctx: ctx, ws: ws, chat: chat, listing: true, emit: s.emit,
		throttle: events.Throttle{Every: addProgressEvery}}
	s.mu.Lock()
	s.adds[j] = cancel
	s.mu.Unlock()
	j.report(0, "", true)
	return j, func() {
		s.mu.Lock()
		delete(s.adds, j)
		s.mu.Unlock()
		cancel()
		j.emit.Emit(events.DocumentsAdding, j.payload(j.lastDone, "", true))
	}
}

// listed ends the job's listing: total files are to be copied.
func (j *addJob) listed(total int) {
	j.listing, j.total = false, total
	j.report(0, "", true)
}

// stopped says whether the user stopped the job (not the app's context).
func (j *addJob) stopped(ctx context.Context) bool {
	return j.ctx.Err() != nil && ctx.Err() == nil
}

// CancelAdd stops an add of files still listing or copying: the one with
// addID, or with addID empty every add to the workspace (its chats' too).
// The files added before stay added.
func (s *Service) CancelAdd(workspaceID, addID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for j, cancel := range s.adds {
		if j.ws == workspaceID && (addID == "" || j.id == addID) {
			cancel()
		}
	}
}

func (j *addJob) payload(done int, name string, end bool) events.DocumentsAddingPayload {
	return events.DocumentsAddingPayload{AddID: j.id, WorkspaceID: j.ws, ChatID: j.chat, Listing: j.listing && !end,
		Done: done, Total: j.total, Name: name, End: end}
}

func (j *addJob) report(done int, name string, force bool) {
	j.lastDone = done
	if !j.throttle.Due(force) {
		return
	}
	j.emit.Emit(events.DocumentsAdding, j.payload(done, name, false))
}

// addAll copies files in, in order, each its own document. A file that
// cannot be read is reported in out and costs itself only. Once the add is
// stopped the files not yet copied are counted in out.NotAdded; a file
// copied is always recorded, so nothing stored is left without its row.
func (s *Service) addAll(ctx context.Context, j *addJob, files []string, out *AddReport) error {
	j.listed(len(files))
	ws, chat := j.ws, j.chat
	stopped := func(i int) bool { // files[i:] are not added
		if !j.stopped(ctx) {
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
