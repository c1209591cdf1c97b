package main

import (
	"context"
	"sort"
	"sync"
	"time"

	"bookbag/backend/syncproto"
)

// Notification latency: per workspace, a second device listening by the
// event stream and another by long polls log every head they hear. After
// the run, each push is matched with the first head at or past its own
// that each listener heard; the latency runs from the push's start (the
// server assigns the head during it) to that moment.

// pushMark is a push that moved a workspace to head: its start and its
// answer's arrival.
type pushMark struct {
	head       int64
	start, end time.Time
}

// heard is a head a listener learned of, and when.
type heard struct {
	head int64
	at   time.Time
}

// notifyLog collects pushes and what the listeners heard.
type notifyLog struct {
	mu     sync.Mutex
	pushes map[string][]pushMark         // by workspace
	heard  map[string]map[string][]heard // by kind, then workspace
}

func newNotifyLog() *notifyLog {
	return &notifyLog{pushes: map[string][]pushMark{}, heard: map[string]map[string][]heard{}}
}

func (n *notifyLog) pushed(ws string, head int64, start time.Time) {
	end := time.Now()
	n.mu.Lock()
	n.pushes[ws] = append(n.pushes[ws], pushMark{head, start, end})
	n.mu.Unlock()
}

func (n *notifyLog) hear(kind, ws string, head int64) {
	at := time.Now()
	n.mu.Lock()
	if n.heard[kind] == nil {
		n.heard[kind] = map[string][]heard{}
	}
	n.heard[kind][ws] = append(n.heard[kind][ws], heard{head, at})
	n.mu.Unlock()
}

// listenSSE follows ws's event stream until ctx ends, reconnecting.
func listenSSE(ctx context.Context, api *syncproto.Client, ws string, log *notifyLog) {
	for ctx.Err() == nil {
		api.Events(ctx, ws, time.Minute, func(e syncproto.ChangeEvent) { log.hear("events (SSE)", ws, e.Head) })
	}
}

// listenWait long-polls ws until ctx ends, as the fallback does.
func listenWait(ctx context.Context, api *syncproto.Client, ws string, log *notifyLog) {
	var after int64
	for ctx.Err() == nil {
		h, err := api.Wait(ctx, ws, after, 25*time.Second)
		if err != nil {
			continue
		}
		if h > after {
			log.hear("long poll (/wait)", ws, h)
			after = h
		}
	}
}

// latencies matches each push with the first head each kind of listener
// heard at or past it, measured from the push's start and from its answer
// (0 when the listener heard first); pushes never heard (the run ended)
// are left out.
func (n *notifyLog) latencies() (fromStart, fromAnswer map[string][]time.Duration) {
	n.mu.Lock()
	defer n.mu.Unlock()
	fromStart, fromAnswer = map[string][]time.Duration{}, map[string][]time.Duration{}
	for kind, byWS := range n.heard {
		for ws, hs := range byWS {
			// Heads heard only grow for one listener; the first at or past
			// a push's head is found by binary search.
			sort.Slice(hs, func(i, j int) bool { return hs[i].at.Before(hs[j].at) })
			for _, p := range n.pushes[ws] {
				i := sort.Search(len(hs), func(i int) bool { return hs[i].head >= p.head })
				if i < len(hs) {
					fromStart[kind] = append(fromStart[kind], hs[i].at.Sub(p.start))
					fromAnswer[kind] = append(fromAnswer[kind], max(0, hs[i].at.Sub(p.end)))
				}
			}
		}
	}
	return fromStart, fromAnswer
}
