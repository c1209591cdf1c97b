package sync

import (
	"net/http"
	"strings"
	"testing"

	"bookbag/backend/events"
	"bookbag/backend/store"
)

// "Stop sharing" while a Sync now is pulling stops that sync: nothing of the
// link is written after it is gone (a base left behind would keep rows from
// being uploaded if the workspace is shared again), and no status event
// follows the one that says unlinked.
func TestUnlinkStopsARunningSync(t *testing.T) {
	held := make(chan struct{})
	release := make(chan struct{})
	hold := false
	// The pull's answer is held on its way back (the server has answered).
	tr := &routeTransport{base: http.DefaultTransport, answer: func(r *http.Request) (*http.Response, error) {
		if !hold || !strings.HasSuffix(r.URL.Path, "/pull") {
			return nil, nil
		}
		hold = false
		resp, err := http.DefaultTransport.RoundTrip(r)
		close(held)
		select {
		case <-release:
			return resp, err
		case <-r.Context().Done():
			if resp != nil {
				resp.Body.Close()
			}
			return nil, r.Context().Err()
		}
	}}
	o := newOffice(t, deskOpts{}, deskOpts{transport: tr})
	a, b, ws := o.a, o.b, o.ws
	o.shareAndJoin(t)
	a.update("workspaces", ws, store.Values{"name": "Renamed office"})
	a.sync(ws)

	hold = true
	done := make(chan error, 1)
	go func() {
		_, err := b.svc.SyncNow(ctxb, ws)
		done <- err
	}()
	<-held
	if err := b.svc.Unlink(ctxb, ws); err != nil {
		t.Fatal(err)
	}
	close(release)
	<-done

	for _, table := range []string{"sync_links", "sync_base", "sync_parked"} {
		if n := b.count(`SELECT count(*) FROM `+table+` WHERE workspace_id = ?`, ws); n != 0 {
			t.Errorf("%d rows of %s left after unlinking", n, table)
		}
	}
	var states []string
	for _, e := range b.rec.Events(events.SyncStatus) {
		if p := e.Payload.(events.SyncStatusPayload); p.WorkspaceID == ws {
			states = append(states, p.State)
		}
	}
	if len(states) == 0 || states[len(states)-1] != StateUnlinked {
		t.Fatalf("status events after unlinking: %v", states)
	}
}

// Signing out here, or unlinking, is not the server ending the session:
// no status says so on the way.
func TestOwnSignOutIsNotReportedAsTheServers(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{})
	a, ws := o.a, o.ws
	a.share(o.ts, "alice@example.com", o.alicePW, ws)
	a.sync(ws)
	if st, err := a.svc.SignOut(ctxb, ws); err != nil || st.SignedIn {
		t.Fatalf("sign out: %+v %v", st, err)
	}
	if _, err := a.svc.Reconnect(ctxb, ws, o.alicePW); err != nil {
		t.Fatal(err)
	}
	a.sync(ws)
	if err := a.svc.Unlink(ctxb, ws); err != nil {
		t.Fatal(err)
	}
	for _, e := range a.rec.Events(events.SyncStatus) {
		if p := e.Payload.(events.SyncStatusPayload); strings.Contains(p.Error, "server ended") {
			t.Fatalf("status during this device's own sign-out or unlink: %+v", p)
		}
	}
	if len(a.keys.Accounts()) != 0 {
		t.Fatal("a refresh token stayed in the keychain")
	}
}
