package chat

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"bookbag/backend/apperr"
)

// parseBookBag reads a BookBag chat file (exportformat.go). Unknown fields
// are ignored (a later version 1 writer may add some); a newer version is
// refused rather than half understood.
func parseBookBag(data []byte) (importChat, error) {
	var f chatFile
	if err := json.Unmarshal(data, &f); err != nil {
		return importChat{}, err
	}
	switch {
	case f.Version > FileVersion:
		return importChat{}, apperr.New(apperr.Invalid,
			"this chat file was made by a newer BookBag (format version %d); update BookBag to import it", f.Version)
	case f.Version < 1:
		return importChat{}, fmt.Errorf("format version %d is not valid", f.Version)
	}
	if f.Chat.ID == "" {
		return importChat{}, fmt.Errorf("the file has no chat")
	}
	if f.Chat.Source == "" {
		f.Chat.Source = FormatBookBag
	}
	return importChat{chat: f.Chat, messages: f.Messages, copyable: true}, nil
}

// copyFor is the chat with ids of its own for a workspace: a chat file is
// chosen by hand, so when its chat was deleted here since (a backup being
// restored) or lives in another workspace, the person wants it here; its
// rows cannot come back under their old ids (a deletion is synced as a
// tombstone, and a chat is in one workspace). The ids derive from the old
// ones and the workspace, so importing the file again adds nothing.
func (c importChat) copyFor(workspaceID string) importChat {
	ns := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://bookbag.app/import/copy/"+workspaceID))
	newID := func(id string) string {
		if id == "" {
			return ""
		}
		return uuid.NewSHA1(ns, []byte(id)).String()
	}
	out := importChat{chat: c.chat, messages: make([]fileMessage, len(c.messages))}
	out.chat.ID, out.chat.ActiveLeafID = newID(c.chat.ID), newID(c.chat.ActiveLeafID)
	for i, m := range c.messages {
		m.ID, m.ParentID = newID(m.ID), newID(m.ParentID)
		out.messages[i] = m
	}
	return out
}
