package llm

import "time"

// Timeouts bound the phases of a provider request. Zero fields take the
// defaults. There is no overall deadline: a long answer may stream for
// minutes, so the guard is on silence, not on length.
type Timeouts struct {
	Connect   time.Duration // TCP (and TLS) connect
	FirstByte time.Duration // from sending the request to the first body byte
	Stall     time.Duration // longest silence between two reads of the body
}

// DefaultTimeouts are for cloud APIs: reasoning models may think silently
// for a while before the first byte.
func DefaultTimeouts() Timeouts {
	return Timeouts{Connect: 10 * time.Second, FirstByte: 120 * time.Second, Stall: 120 * time.Second}
}

// LocalTimeouts are for servers on this machine, which may load a model
// from disk before answering the first request.
func LocalTimeouts() Timeouts {
	return Timeouts{Connect: 3 * time.Second, FirstByte: 5 * time.Minute, Stall: 5 * time.Minute}
}

// WithDefaults fills zero fields from d.
func (t Timeouts) WithDefaults(d Timeouts) Timeouts {
	if t.Connect == 0 {
		t.Connect = d.Connect
	}
	if t.FirstByte == 0 {
		t.FirstByte = d.FirstByte
	}
	if t.Stall == 0 {
		t.Stall = d.Stall
	}
	return t
}
