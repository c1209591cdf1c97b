package chat

import (
	"encoding/json"
	"fmt"

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
	return importChat{chat: f.Chat, messages: f.Messages}, nil
}
