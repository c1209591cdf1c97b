package sync

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"bookbag/backend/syncproto"
)

// usageBatch is the most usage events one request carries (the server's limit).
const usageBatch = 1000

// usageTable names usage events in a Rejection (the usage package owns them).
const usageTable = "usage_calls"

// usageRefusal says in words why the server refused a usage event.
func usageRefusal(err error) string {
	const kept = "The server refused the usage record of one model call (it stays in this computer's Usage page)"
	var ae *syncproto.APIError
	if errors.As(err, &ae) && ae.Message != "" {
		return kept + ": " + ae.Message
	}
	return kept
}

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
			// rest for ever: send them one by one and pass over what is refused.
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
// batch. An event refused on its own is not offered again (it would hold
// back the rest), stays in this computer's usage, and is shown among the
// refused changes so the office's missing call is not a silent gap.
func (l *link) pushUsageOneByOne(ctx context.Context, evs []syncproto.UsageEvent) error {
	for _, e := range evs {
		_, err := l.client.PushUsage(ctx, l.ws, syncproto.UsagePushRequest{Events: []syncproto.UsageEvent{e}})
		if syncproto.IsStatus(err, http.StatusBadRequest) {
			l.s.log.Warn("usage event refused by the server; not sent again", "workspace", l.ws, "event", e.ID, "err", err)
			l.reject(Rejection{Table: usageTable, RowID: e.ID, Code: syncproto.CodeInvalid, Reason: usageRefusal(err), At: l.s.d.DB.Now()})
			continue
		}
		if err != nil {
			return fmt.Errorf("send usage: %w", err)
		}
	}
	return nil
}
