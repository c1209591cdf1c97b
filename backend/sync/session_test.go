package sync

import (
	"bytes"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// An access token that expires on the server during a file upload (the
// server's clock runs ahead of this computer's, and a long run of uploads
// outlasts the token) is refreshed and the upload sent again: the session
// is alive, so the workspace must not be signed out.
func TestUploadOutlastingTheAccessTokenKeepsTheSession(t *testing.T) {
	env := servertest.Start(t, servertest.SQLite(t))
	env.User("alice@example.com", syncproto.RoleMember)
	// At the first upload the server's clock moves past the access token's
	// expiry, as if the upload had started just before it.
	var moved atomic.Bool
	tr := &routeTransport{base: http.DefaultTransport, answer: func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/files/") && !moved.Swap(true) {
			env.Clock.Advance(16 * time.Minute)
		}
		return nil, nil
	}}
	a := newDesk(t, "alice-desk", deskOpts{transport: tr})
	ws := a.newWorkspace("Office")
	a.shareAt(env.URL, "alice@example.com", servertest.Password, ws)
	a.addDocument(ws, "handbook.txt", "The office opens at nine.")
	st, err := a.svc.SyncNow(ctxb, ws)
	if err != nil || !st.SignedIn || st.State != StateSynced || st.Pending != 0 {
		t.Fatalf("after an upload outlasting the access token: %+v %v", st, err)
	}
	if !moved.Load() {
		t.Fatal("no file was uploaded")
	}
	sum := a.str(`SELECT sha256 FROM documents WHERE workspace_id = ?`, ws)
	var got bytes.Buffer
	if _, err := env.Login("alice@example.com").DownloadFile(ctxb, ws, sum, &got); err != nil || got.String() != "The office opens at nine." {
		t.Fatalf("the file on the server: %q %v", got.String(), err)
	}
}

// A sign-in nobody used in time says so as a session that ended (the
// dialog then asks for the password again), not as a missing workspace.
func TestExpiredSignInAsksToSignInAgain(t *testing.T) {
	env := servertest.Start(t, servertest.SQLite(t))
	env.User("alice@example.com", syncproto.RoleMember)
	a := newDesk(t, "alice-desk", deskOpts{})
	ws := a.newWorkspace("Office")
	res, err := a.svc.SignIn(ctxb, SignInInput{ServerURL: env.URL, Email: "alice@example.com", Password: servertest.Password})
	if err != nil {
		t.Fatal(err)
	}
	a.svc.mu.Lock()
	a.svc.sessions[res.Session].expires = time.Now().Add(-time.Second)
	a.svc.mu.Unlock()
	_, err = a.svc.CreateShared(ctxb, res.Session, ws)
	if !apperr.Is(err, apperr.Unauthorized) || !strings.Contains(apperr.MessageOf(err), "sign in again") {
		t.Fatalf("sharing with an expired sign-in: %v", err)
	}
}
