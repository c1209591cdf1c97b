package main

import (
	"net"
	"time"
)

// deadPeerTimeout is how long data the server sent may go unacknowledged
// before the kernel gives the connection up. Without it a client that
// vanished without closing (a laptop lid shut, Wi-Fi gone) keeps its event
// stream and its goroutine for ~15 minutes of TCP retransmissions: the
// heartbeats fit in the socket buffer, so no write fails sooner. Two
// minutes of silence is no live client.
const deadPeerTimeout = 2 * time.Minute

// deadPeerListener sets deadPeerTimeout on every connection it accepts
// (TCP_USER_TIMEOUT where the system has it: deadpeer_linux.go).
type deadPeerListener struct {
	net.Listener
	timeout time.Duration
}

func (l deadPeerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		// Best effort: a connection without it still works, only held longer.
		_ = setUserTimeout(tc, l.timeout)
	}
	return c, nil
}
