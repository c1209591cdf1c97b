package syncproto_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// holdTransport holds the answer to a refresh (the server has answered)
// until the test lets it through or the request's context ends.
type holdTransport struct {
	held, release chan struct{}
}

func (h *holdTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if !strings.HasSuffix(r.URL.Path, "/auth/refresh") || h.held == nil {
		return resp, err
	}
	close(h.held)
	h.held = nil
	select {
	case <-h.release:
		return resp, err
	case <-r.Context().Done():
		if resp != nil {
			resp.Body.Close()
		}
		return nil, r.Context().Err()
	}
}

// gaveUpDuringRefresh signs a client in and makes a call that refreshes
// first, given up while the server's answer to the refresh is held on its
// way back (the server has rotated the refresh token). The answer goes on
// when the test closes the transport's release.
func gaveUpDuringRefresh(t *testing.T) (*syncproto.Client, *holdTransport) {
	t.Helper()
	env := servertest.Start(t, servertest.SQLite(t))
	env.User("ann@example.com", syncproto.RoleMember)
	tr := &holdTransport{release: make(chan struct{})}
	c := syncproto.NewClient(env.URL, &http.Client{Transport: tr})
	if _, err := c.Login(context.Background(), syncproto.LoginRequest{Email: "ann@example.com", Password: servertest.Password,
		DeviceID: "dev-1"}); err != nil {
		t.Fatal(err)
	}
	c.SetTokens(syncproto.Tokens{RefreshToken: c.Tokens().RefreshToken}) // the next call refreshes first
	held := make(chan struct{})
	tr.held = held
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error, 1)
	go func() {
		_, err := c.Me(ctx)
		gaveUp <- err
	}()
	<-held
	cancel()
	if err := <-gaveUp; err == nil {
		t.Fatal("the call whose context ended succeeded")
	}
	return c, tr
}

// A call given up while its refresh is on the way back (a long poll ended by
// a local change, say) must not lose the rotated refresh token: the server
// has already replaced it, and using the old one again ends the session.
func TestRefreshOutlivesTheCallThatStartedIt(t *testing.T) {
	c, tr := gaveUpDuringRefresh(t)
	close(tr.release)
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("the session after a call gave up during its refresh: %v", err)
	}
}

// A refresh that outlives its caller and ends after a sign-out does not
// sign the client in again.
func TestRefreshEndingAfterLogoutIsDropped(t *testing.T) {
	c, tr := gaveUpDuringRefresh(t)
	var stored []syncproto.Tokens
	c.OnTokens(func(t syncproto.Tokens) { stored = append(stored, t) })
	// Signed out before that refresh answered (this logout gives up at
	// once): the tokens are forgotten here.
	lctx, lcancel := context.WithCancel(context.Background())
	lcancel()
	c.Logout(lctx)
	close(tr.release)

	if _, err := c.Refresh(context.Background()); err == nil {
		t.Fatal("a refresh after signing out succeeded")
	}
	if tok := c.Tokens(); tok.RefreshToken != "" || tok.AccessToken != "" {
		t.Fatalf("tokens after signing out: %+v", tok)
	}
	if n := len(stored); n == 0 || stored[n-1].RefreshToken != "" {
		t.Fatalf("the last tokens handed to OnTokens: %+v", stored)
	}
}
