package chat

import (
	"context"
	"errors"
	"fmt"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/store"
)

// An import writes its chats in batches, each its own transaction, and lets
// the database's one writer go between them: a streaming answer saves its
// text (every saveEvery), a question is sent, a chat renamed, a sync push
// marks what it sent, each waiting at most one batch. A batch closes after
// defaultImportBatchTime of writing (what another write may wait) or
// defaultImportBatchChats chats (when chats are tiny, so a cancel rolls back
// little), whichever comes first, or sooner when the next chat is not read
// yet (the writer is never held while the file is read). A chat is never
// split between batches.
const (
	defaultImportBatchTime  = 250 * time.Millisecond
	defaultImportBatchChats = 100
)

// errReadStopped ends the reading of an import whose writing failed.
var errReadStopped = errors.New("import stopped")

// chatImport is one running import: its file, the chats it found when
// checking the file, and what its committed batches wrote.
type chatImport struct {
	svc    *Service
	ctx    context.Context
	ws     string
	name   string
	src    *exportSource
	now    int64
	images *importedFiles

	w     warnings
	res   ImportResult // what committed batches wrote
	total int          // chats in the file (each id once)
	kept  int          // of them, those in committed batches

	stage string // of the progress reports: "checking", then "importing"
	in    *progressReader
	last  time.Time
}

// check reads the whole file once, writing nothing: a file damaged
// anywhere is refused before any chat of it is stored, and the chats are
// counted for the progress reports and the messages.
func (imp *chatImport) check() error {
	imp.stage, imp.in = "checking", &progressReader{ctx: imp.ctx}
	imp.report(true)
	format, err := imp.readChats(&imp.w, func(importChat) error {
		imp.total++
		imp.report(false)
		return nil
	})
	if err != nil {
		return err
	}
	imp.res.Format = format
	if imp.total == 0 && format == FormatChatGPT {
		imp.w.add("the file has no conversations with messages")
	}
	return nil
}

// write reads the file again in a goroutine, a chat at a time, and writes
// the chats in batches as they come.
func (imp *chatImport) write() error {
	imp.stage, imp.in = "importing", &progressReader{ctx: imp.ctx}
	imp.report(true)
	chats := make(chan importChat)
	stop := make(chan struct{})
	var readErr error // set before chats is closed
	go func() {
		// The check noted the file's warnings already.
		_, readErr = imp.readChats(&warnings{}, func(c importChat) error {
			select {
			case chats <- c:
				return nil
			case <-stop:
				return errReadStopped
			}
		})
		close(chats)
	}()
	err := imp.writeBatches(chats, &readErr)
	close(stop)
	for range chats { // wait for the reader to finish
	}
	if err == nil {
		imp.report(true)
	}
	return err
}

// writeBatches writes the chats as they come, a batch per transaction,
// until the reader is done; readErr is the reader's error once chats is
// closed.
func (imp *chatImport) writeBatches(chats <-chan importChat, readErr *error) error {
	s, ctx := imp.svc, imp.ctx
	for {
		c, ok := <-chats // waited for outside any transaction
		if !ok {
			return *readErr
		}
		batch := ImportResult{ChatIDs: []string{}}
		n := 0
		err := s.db.Tx(ctx, func(tx *store.Tx) error {
			if err := s.liveWorkspace(ctx, tx, imp.ws); err != nil {
				return err
			}
			start := time.Now()
			for {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := s.writeImported(ctx, tx, imp.ws, c, imp.images, &batch, &imp.w); err != nil {
					return err
				}
				n++
				imp.report(false)
				if n >= s.importBatchChats || time.Since(start) >= s.importBatchTime {
					return nil
				}
				select {
				case c, ok = <-chats:
					if !ok {
						return *readErr // a failed read rolls its batch back
					}
				default:
					return nil // the next chat is still being read
				}
			}
		})
		if err != nil {
			imp.images.undo() // the batch's images; earlier batches keep theirs
			return err
		}
		imp.images.keep()
		imp.kept += n
		imp.res.ChatsAdded += batch.ChatsAdded
		imp.res.ChatsSkipped += batch.ChatsSkipped
		imp.res.MessagesAdded += batch.MessagesAdded
		imp.res.MessagesSkipped += batch.MessagesSkipped
		imp.res.ChatIDs = append(imp.res.ChatIDs, batch.ChatIDs...)
		imp.report(true) // Chats is now what a cancel would keep
	}
}

// readChats reads every part of the export in order, handing each chat
// (validated, each id once) to add; it returns the file's format.
func (imp *chatImport) readChats(w *warnings, add func(importChat) error) (string, error) {
	seen := map[string]bool{}
	format := ""
	for _, part := range imp.src.parts {
		partName := imp.name
		if part.name != "" {
			partName = imp.name + "/" + part.name
		}
		rc, err := part.open()
		if err != nil {
			return "", apperr.Wrap(err, apperr.Invalid, "%s could not be read: %v", partName, err)
		}
		imp.in.r = rc
		f, err := parseImport(imp.in, partName, imp.now, w, func(c importChat) error {
			if err := imp.ctx.Err(); err != nil {
				return err
			}
			if seen[c.chat.ID] {
				w.add("%q appears twice in the file; it was imported once", clip(c.chat.Title, 60))
				return nil
			}
			seen[c.chat.ID] = true
			if err := validateImport(&c, imp.now, w); err != nil {
				return apperr.Wrap(err, apperr.Invalid, "%s is damaged: %v", partName, err)
			}
			return add(c)
		})
		rc.Close()
		if err != nil {
			return "", err
		}
		format = f
	}
	return format, nil
}

// report emits the import's progress, at most every importEvery unless
// forced: the stage, bytes of the file read in it, and the chats of the
// file and how many of them are stored (committed) so far.
func (imp *chatImport) report(force bool) {
	if !force && time.Since(imp.last) < imp.svc.importEvery {
		return
	}
	imp.last = time.Now()
	imp.svc.emit.Emit(events.ChatImport, events.ChatImportPayload{WorkspaceID: imp.ws, Stage: imp.stage,
		Done: min(imp.in.n.Load(), imp.src.total), Total: imp.src.total, Chats: imp.kept, TotalChats: imp.total})
}

// stopped is the error of an import that stopped while writing: what the
// committed batches keep is said, and shown at once.
func (imp *chatImport) stopped(err error) error {
	canceled := imp.ctx.Err() != nil
	switch {
	case imp.kept == 0 && canceled:
		return apperr.New(apperr.Canceled, "import cancelled; nothing was added")
	case imp.kept == 0:
		return fmt.Errorf("import chats: %w", err)
	}
	imp.svc.changed(imp.ws, "chats", "messages")
	if canceled {
		return apperr.New(apperr.Canceled, "import cancelled after %d of %d chats: those %d are kept, and importing the file again adds the rest without duplicates",
			imp.kept, imp.total, imp.kept)
	}
	return apperr.Wrap(err, apperr.CodeOf(err), "%s; the import stopped after %d of %d chats: those %d are kept (importing the file again skips them)",
		apperr.MessageOf(err), imp.kept, imp.total, imp.kept)
}
