//go:build !linux

package main

import (
	"net"
	"time"
)

// Elsewhere the system's own retransmission limit ends a vanished client's
// connection (macOS and Windows have no per-socket TCP_USER_TIMEOUT).
func setUserTimeout(*net.TCPConn, time.Duration) error { return nil }

func userTimeout(*net.TCPConn) (time.Duration, error) { return 0, nil }
