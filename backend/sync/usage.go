package sync

import (
	"context"
	"fmt"
	"net/http"

	"bookbag/backend/syncproto"
)

// usageBatch is the most usage events one request carries (the server's limit).
const usageBatch = 1000

// pushUsage sends the workspace's usage events not sent yet, in batches,
// marking each batch sent only after the server answered it.
func (l *link) pushUsage(ctx context.Context) error {
	u := l.s.d.Usage
	if u == nil {
		return nil
	}
	for {
		evs, err := u.PendingUsage(ctx, l.ws, usageBatch)
		if err != nil {
			return fmt.Errorf("read usage to send: %w", err)
		}
		if len(evs) == 0 {
			return nil
		}
		_, err = l.client.PushUsage(ctx, l.ws, syncproto.UsagePushRequest{Events: evs})
		switch {
		case syncproto.NoEndpoint(err):
			return nil // a server older than usage: kept for a newer one
		case syncproto.IsStatus(err, http.StatusBadRequest):
			// One bad event (a clock far off, say) must not hold back the
			// rest for ever: send them one by one and drop what is refused.
			if err := l.pushUsageOneByOne(ctx, evs); err != nil {
				return err
			}
			err = nil
		case err != nil:
			return fmt.Errorf("send usage: %w", err)
		}
		ids := make([]string, len(evs))
		for i, e := range evs {
			ids[i] = e.ID
		}
		if err := u.MarkUsageSent(ctx, ids); err != nil {
			return fmt.Errorf("mark usage sent: %w", err)
		}
		if len(evs) < usageBatch {
			return nil
		}
	}
}

// pushUsageOneByOne sends events singly after the server refused their
// batch; an event refused on its own is logged and counted as sent.
func (l *link) pushUsageOneByOne(ctx context.Context, evs []syncproto.UsageEvent) error {
	for _, e := range evs {
		_, err := l.client.PushUsage(ctx, l.ws, syncproto.UsagePushRequest{Events: []syncproto.UsageEvent{e}})
		if syncproto.IsStatus(err, http.StatusBadRequest) {
			l.s.log.Warn("usage event refused by the server; dropped", "workspace", l.ws, "event", e.ID, "err", err)
			continue
		}
		if err != nil {
			return fmt.Errorf("send usage: %w", err)
		}
	}
	return nil
}
