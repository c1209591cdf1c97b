package server_test

import (
	"testing"
	"time"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// Two server processes on one database behind a load balancer run on
// clocks a little apart. An access token one signed is good on the other
// even when that one's clock is behind (the token's issue time is then in
// its future), within the leeway; a token from far in the future is not.
func TestAccessTokenFromAServerWhoseClockIsAhead(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		dbA, dbB := b.Pair(t)
		a, envB := servertest.Start(t, dbA), servertest.Start(t, dbB)
		a.User("alice@example.com", syncproto.RoleMember)
		// The request as it is, without the client's refresh-and-retry
		// (which hides a 401 only when the refresh reaches a server whose
		// clock is not ahead too).
		onB := func(skew time.Duration) int {
			a.Clock.Advance(skew)
			defer a.Clock.Advance(-skew)
			st, body := request(t, envB, a.Login("alice@example.com"), "GET", "/api/me", nil)
			t.Logf("%v ahead: %d %s", skew, st, body)
			return st
		}
		if st := onB(5 * time.Second); st != 200 {
			t.Fatalf("a token from a server 5 s ahead: %d, want 200", st)
		}
		if st := onB(10 * time.Minute); st != 401 {
			t.Fatalf("a token issued 10 minutes in the future: %d, want 401", st)
		}
	})
}
