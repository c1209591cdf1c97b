package main

import (
	"net"
	"runtime"
	"testing"
)

// Every connection the server accepts is given up after deadPeerTimeout
// without acknowledgements, not after the system's ~15 minutes.
func TestAcceptedConnectionsGiveUpOnADeadPeer(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("TCP_USER_TIMEOUT is Linux's")
	}
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := deadPeerListener{tcp, deadPeerTimeout}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	c, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got, err := userTimeout(c.(*net.TCPConn))
	if err != nil || got != deadPeerTimeout {
		t.Fatalf("accepted connection's user timeout %v (%v), want %v", got, err, deadPeerTimeout)
	}
	// The client's own end, not accepted through the listener, has none.
	if d, _ := userTimeout(client.(*net.TCPConn)); d != 0 {
		t.Fatalf("the dialled end has %v", d)
	}
}
