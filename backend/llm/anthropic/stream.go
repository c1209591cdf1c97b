package anthropic

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"bookbag/backend/llm"
)

// maxEventLine bounds one line of the event stream (a long text delta is a
// few kilobytes; a tool's arguments come in fragments).
const maxEventLine = 4 << 20

// events reads a text/event-stream body and calls on with each event's
// decoded data, until on returns false or the body ends (io.EOF: the caller
// decides whether the stream was complete). Only data lines matter: every
// event's data names its own type.
func events(body io.Reader, on func(event) bool) error {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 64<<10), maxEventLine)
	var data []byte
	for sc.Scan() {
		line := sc.Bytes()
		if d, ok := bytes.CutPrefix(line, []byte("data:")); ok {
			if len(data) > 0 {
				data = append(data, '\n') // an event's data lines join with newlines
			}
			data = append(data, bytes.TrimPrefix(d, []byte(" "))...)
			continue
		}
		if len(line) > 0 || len(data) == 0 {
			continue // event:, id:, comments; or a blank line after nothing
		}
		var ev event // a blank line ends the event
		if err := json.Unmarshal(data, &ev); err != nil {
			return llm.Malformed("data: "+string(data), err)
		}
		data = data[:0]
		if !on(ev) {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return llm.Malformed("an event longer than 4 MB", err)
		}
		return err
	}
	return io.EOF // an unfinished last event is dropped, as the format says
}
