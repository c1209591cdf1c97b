// Package syncproto holds what the desktop app and the office server share:
// the hybrid logical clock, the wire types of the sync API and its client.
package syncproto

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Stamp is a hybrid logical clock reading. Its String form is fixed-width so
// that comparing two stamps as text orders them like Compare does, which lets
// SQL compare the TEXT column directly.
type Stamp struct {
	Wall    int64  // Unix milliseconds
	Logical uint32 // counter within one millisecond
	Node    string // device id: the tie-breaker
}

const stampFormat = "%015d-%06d-%s"

func (s Stamp) String() string {
	if s.IsZero() {
		return ""
	}
	return fmt.Sprintf(stampFormat, s.Wall, s.Logical, s.Node)
}

// IsZero reports whether s is the zero stamp.
func (s Stamp) IsZero() bool { return s.Wall == 0 && s.Logical == 0 && s.Node == "" }

// Compare orders stamps by wall time, then counter, then node.
func (s Stamp) Compare(o Stamp) int {
	switch {
	case s.Wall != o.Wall:
		return cmpInt(s.Wall, o.Wall)
	case s.Logical != o.Logical:
		return cmpInt(int64(s.Logical), int64(o.Logical))
	default:
		return strings.Compare(s.Node, o.Node)
	}
}

func cmpInt(a, b int64) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// ParseStamp reads the String form of a stamp.
func ParseStamp(v string) (Stamp, error) {
	if v == "" {
		return Stamp{}, nil
	}
	parts := strings.SplitN(v, "-", 3)
	if len(parts) != 3 || len(parts[0]) != 15 || len(parts[1]) != 6 {
		return Stamp{}, fmt.Errorf("parse stamp %q: bad format", v)
	}
	wall, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return Stamp{}, fmt.Errorf("parse stamp %q: %w", v, err)
	}
	logical, err := strconv.ParseUint(parts[1], 10, 32)
	if err != nil {
		return Stamp{}, fmt.Errorf("parse stamp %q: %w", v, err)
	}
	return Stamp{Wall: wall, Logical: uint32(logical), Node: parts[2]}, nil
}

// Clock is a hybrid logical clock for one node. It is safe for concurrent use.
type Clock struct {
	mu   sync.Mutex
	node string
	now  func() time.Time
	last Stamp
}

// NewClock returns a clock for node reading wall time from now (time.Now when nil).
func NewClock(node string, now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{node: node, now: now}
}

// Node returns the clock's node id.
func (c *Clock) Node() string { return c.node }

// Now returns a stamp greater than every stamp this clock has issued or observed.
func (c *Clock) Now() Stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().UnixMilli()
	if wall > c.last.Wall {
		c.last = Stamp{Wall: wall, Node: c.node}
	} else {
		c.last = Stamp{Wall: c.last.Wall, Logical: c.last.Logical + 1, Node: c.node}
	}
	return c.last
}

// Observe moves the clock past a remote stamp so later local stamps order after it.
func (c *Clock) Observe(remote Stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if remote.Wall > c.last.Wall || (remote.Wall == c.last.Wall && remote.Logical > c.last.Logical) {
		c.last = Stamp{Wall: remote.Wall, Logical: remote.Logical, Node: c.node}
	}
}
