package sync

import (
	"context"
	"fmt"

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
		if _, err := l.client.PushUsage(ctx, l.ws, syncproto.UsagePushRequest{Events: evs}); err != nil {
			if syncproto.NoEndpoint(err) {
				return nil // a server older than usage: kept for a newer one
			}
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
