package syncproto

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Events follows workspace ws's server-sent events: fn gets the head on
// connect and again whenever it moves. It returns nil when ctx ends, and an
// error when the stream cannot open or breaks, including when nothing (not
// even a heartbeat) arrives for idle (0: two minutes). An old server
// without the endpoint answers an *APIError for which NoEndpoint is true:
// long-poll with Wait instead.
func (c *Client) Events(ctx context.Context, ws string, idle time.Duration, fn func(ChangeEvent)) error {
	if idle <= 0 {
		idle = 2 * time.Minute
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The watchdog ends a stream that went silent: a dead proxy or a
	// sleeping laptop leaves a connection that never errors by itself.
	watchdog := time.AfterFunc(idle, cancel)
	defer watchdog.Stop()
	resp, err := c.send(sctx, request{method: http.MethodGet, path: wsPath(ws, "/events"), auth: true, stream: true})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		return fmt.Errorf("open event stream: answered %q, not an event stream", ct)
	}
	br := bufio.NewReaderSize(resp.Body, 4096)
	var event, data string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if sctx.Err() != nil {
				return errors.New("read event stream: nothing arrived in time")
			}
			return fmt.Errorf("read event stream: %w", err)
		}
		watchdog.Reset(idle)
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if event == "change" && data != "" {
				var ev ChangeEvent
				if err := json.Unmarshal([]byte(data), &ev); err != nil {
					return fmt.Errorf("read event stream: %w", err)
				}
				fn(ev)
			}
			event, data = "", ""
		case strings.HasPrefix(line, ":"): // heartbeat
		case strings.HasPrefix(line, "event:"):
			event = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
		case strings.HasPrefix(line, "data:"):
			data += strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " ")
		}
	}
}

// NoEndpoint reports whether err is a server's answer that the endpoint
// does not exist (404 with no workspace involved, 405, 501): a server
// older than the call.
func NoEndpoint(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.Status {
	case http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return true
	case http.StatusNotFound:
		return ae.Message != "workspace not found"
	}
	return false
}
