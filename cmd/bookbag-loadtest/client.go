package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"sync"
	"time"

	"bookbag/backend/syncproto"
)

// simClient behaves like a busy desktop: it writes chats and messages of
// its own and edits the workspace's shared templates (contended, so
// last-writer-wins is exercised), pushes batches and pulls what others did.
type simClient struct {
	id     int
	ws     string
	api    *syncproto.Client
	clock  *syncproto.Clock
	device string
	rng    *rand.Rand
	cursor int64
	chats  []string
	n      int

	mu       sync.Mutex
	accepted map[string]string // row key -> stamp of every change the server applied
}

func newSimClient(i int, ws string, api *syncproto.Client) *simClient {
	dev := fmt.Sprintf("dev%d", i)
	return &simClient{id: i, ws: ws, api: api, clock: syncproto.NewClock(dev, time.Now), device: dev,
		rng: rand.New(rand.NewSource(int64(i))), accepted: map[string]string{}}
}

func (c *simClient) change(table, id string, cols map[string]any) syncproto.Change {
	st := c.clock.Now()
	cols["id"], cols["workspace_id"], cols["hlc"], cols["device_id"] = id, c.ws, st.String(), c.device
	cols["created_at"], cols["updated_at"], cols["deleted_at"], cols["author_id"] = st.Wall, st.Wall, nil, "local"
	b, _ := json.Marshal(cols)
	return syncproto.Change{Table: table, RowID: id, WorkspaceID: c.ws, HLC: st.String(), DeviceID: c.device, Op: syncproto.OpUpdate, Snapshot: b}
}

func (c *simClient) batch(size int) []syncproto.Change {
	out := make([]syncproto.Change, 0, size)
	for len(out) < size {
		c.n++
		switch r := c.rng.Intn(10); {
		case len(c.chats) == 0 || r == 0:
			id := fmt.Sprintf("c%d-chat%d", c.id, c.n)
			c.chats = append(c.chats, id)
			out = append(out, c.change("chats", id, map[string]any{"title": "chat", "shared": c.rng.Intn(2)}))
		case r < 8:
			chat := c.chats[c.rng.Intn(len(c.chats))]
			out = append(out, c.change("messages", fmt.Sprintf("c%d-msg%d", c.id, c.n), map[string]any{
				"chat_id": chat, "role": "user", "status": "complete",
				"content": "a message of moderate length, like a question someone types into a chat box"}))
		default:
			out = append(out, c.change("prompt_templates", fmt.Sprintf("tpl%d", c.rng.Intn(20)),
				map[string]any{"name": fmt.Sprintf("by %d", c.id), "body": "template body"}))
		}
	}
	return out
}

func (c *simClient) loop(ctx context.Context, cfg config, rec *recorder, notes *notifyLog) {
	for ctx.Err() == nil {
		chs := c.batch(cfg.batch)
		t0 := time.Now()
		res, err := c.api.Push(ctx, c.ws, chs)
		if ctx.Err() != nil {
			return // the run ended mid-request: not an error, not counted
		}
		applied := 0
		if err == nil {
			c.mu.Lock()
			for _, r := range res.Results {
				if r.Status == syncproto.Applied {
					applied++
					c.accepted[r.Table+"/"+r.RowID] = r.HLC
				}
				if r.Status == syncproto.Rejected {
					err = fmt.Errorf("rejected %s: %s", r.RowID, r.Reason)
				}
			}
			c.mu.Unlock()
		}
		rec.add("push", time.Since(t0), applied, err)
		if err == nil && applied > 0 {
			notes.pushed(c.ws, res.Head, t0)
		}
		for ctx.Err() == nil {
			t0 := time.Now()
			p, err := c.api.Pull(ctx, c.ws, c.cursor, 500)
			if ctx.Err() != nil {
				return
			}
			rec.add("pull", time.Since(t0), len(p.Changes), err)
			if err != nil {
				break
			}
			for _, ch := range p.Changes {
				st, _ := syncproto.ParseStamp(ch.HLC)
				c.clock.Observe(st)
			}
			c.cursor = p.Next
			if !p.More {
				break
			}
		}
	}
}

// verify pulls every workspace from zero and checks that each change the
// server applied is there: messages and chats exactly, templates with a
// stamp at least as new as any applied one (last writer wins).
func verify(ctx context.Context, clients []*simClient) (lost, checked int, err error) {
	byWS := map[string][]*simClient{}
	for _, c := range clients {
		byWS[c.ws] = append(byWS[c.ws], c)
	}
	for ws, cs := range byWS {
		final := map[string]string{}
		var cursor int64
		for {
			p, err := cs[0].api.Pull(ctx, ws, cursor, 5000)
			if err != nil {
				return 0, 0, fmt.Errorf("verify pull: %w", err)
			}
			for _, ch := range p.Changes {
				key := ch.Table + "/" + ch.RowID
				if _, dup := final[key]; dup {
					return 0, 0, fmt.Errorf("verify: %s pulled twice in one pass", key)
				}
				final[key] = ch.HLC
			}
			cursor = p.Next
			if !p.More {
				break
			}
		}
		// Private chats of other users are invisible to cs[0]: check each
		// client's own rows against its own pull, the rest against cs[0]'s.
		for _, c := range cs {
			own := final
			if c != cs[0] {
				own, err = pullAll(ctx, c)
				if err != nil {
					return 0, 0, err
				}
			}
			for key, hlc := range c.accepted {
				checked++
				if got, ok := own[key]; !ok || got < hlc {
					lost++
				}
			}
		}
	}
	return lost, checked, nil
}

func pullAll(ctx context.Context, c *simClient) (map[string]string, error) {
	out := map[string]string{}
	var cursor int64
	for {
		p, err := c.api.Pull(ctx, c.ws, cursor, 5000)
		if err != nil {
			return nil, fmt.Errorf("verify pull: %w", err)
		}
		for _, ch := range p.Changes {
			out[ch.Table+"/"+ch.RowID] = ch.HLC
		}
		cursor = p.Next
		if !p.More {
			return out, nil
		}
	}
}
