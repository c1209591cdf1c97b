package server_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// Whoever loses access to a workspace (removed, signed out, disabled) loses
// its event stream and long poll at once, not at the next heartbeat (an
// hour here) or the poll's timeout: on the server that made the change and,
// on PostgreSQL, on another server process sharing the database. A long
// poll answers why, as every other request would (404 removed, 401 signed
// out).
func TestLostAccessEndsStreamsAndWaitsAtOnce(t *testing.T) {
	slow := func(c *server.Config) { c.EventsHeartbeat, c.AccessTTL = time.Hour, 10000*time.Hour }
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b, slow)
		lostAccessEnds(t, o, o.env)
	})
	t.Run("two postgres servers", func(t *testing.T) {
		url := servertest.PostgresURL(t) // skips without BOOKBAG_PG_URL
		o := &office{env: pgServer(t, url, slow)}
		o.admin, _ = o.env.User("admin@example.com", syncproto.RoleAdmin)
		var u syncproto.User
		o.alice, u = o.env.User("alice@example.com", syncproto.RoleMember)
		o.aliceID = u.ID
		o.bob, u = o.env.User("bob@example.com", syncproto.RoleMember)
		o.bobID = u.ID
		o.env.Workspace("ws", o.admin, map[*syncproto.Client]string{o.alice: syncproto.RoleMember, o.bob: syncproto.RoleMember})
		lostAccessEnds(t, o, pgServer(t, url, slow))
	})
}

// lostAccessEnds changes access through o.env and listens on other (the
// same server, or another one on the same database).
func lostAccessEnds(t *testing.T, o *office, other *servertest.Env) {
	ctx := context.Background()
	on := func(email string) *syncproto.Client { return other.Login(email) }
	type ended struct {
		what string
		err  error
	}
	listen := func(c *syncproto.Client) (stream, wait chan ended) {
		t.Helper()
		stream, wait = make(chan ended, 1), make(chan ended, 1)
		opened := make(chan struct{})
		go func() {
			err := c.Events(ctx, "ws", time.Hour, func(syncproto.ChangeEvent) {
				select {
				case opened <- struct{}{}:
				default:
				}
			})
			stream <- ended{"stream", err}
		}()
		<-opened
		go func() {
			_, err := c.Wait(ctx, "ws", 1<<40, 50*time.Second)
			wait <- ended{"wait", err}
		}()
		time.Sleep(200 * time.Millisecond) // the long poll is waiting
		return stream, wait
	}
	wantEnd := func(who string, ch chan ended, status int) {
		t.Helper()
		select {
		case e := <-ch:
			// errors.As: the client's failed refresh wraps the 401.
			var ae *syncproto.APIError
			if e.err == nil || (status != 0 && !(errors.As(e.err, &ae) && ae.Status == status)) {
				t.Fatalf("%s's %s ended with %v, want an error (status %d)", who, e.what, e.err, status)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still open 5 s after losing access (status %d wanted)", who, status)
		}
	}

	// Removed by a workspace admin.
	stream, wait := listen(on("bob@example.com"))
	if err := o.admin.RemoveMember(ctx, "ws", o.bobID); err != nil {
		t.Fatal(err)
	}
	wantEnd("a removed member", stream, 0)
	wantEnd("a removed member", wait, 404)

	// Signed out (this session only).
	alice := on("alice@example.com")
	stream, wait = listen(alice)
	if err := o.env.Login("alice@example.com").LogoutAll(ctx); err != nil {
		t.Fatal(err)
	}
	wantEnd("a signed-out session", stream, 0)
	wantEnd("a signed-out session", wait, 401)

	// Disabled by a server admin.
	stream, wait = listen(on("alice@example.com"))
	disabled := true
	if _, err := o.admin.UpdateUser(ctx, o.aliceID, syncproto.UpdateUserRequest{Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	wantEnd("a disabled account", stream, 0)
	wantEnd("a disabled account", wait, 401)

	// A member who keeps access keeps listening: the wake-ups above did not
	// end everyone's.
	admin := on("admin@example.com")
	stream, wait = listen(admin)
	if err := o.env.Login("admin@example.com").Logout(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-stream:
		t.Fatalf("another session's sign-out ended this one's stream: %v", e.err)
	case e := <-wait:
		t.Fatalf("another session's sign-out ended this one's wait: %v", e.err)
	case <-time.After(500 * time.Millisecond):
	}
	waitFor(t, "the streams of the others to be freed", func() bool { return other.Server.EventStreams() == 1 })
}
