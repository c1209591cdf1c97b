package sync

import (
	"context"
	"net/http"
	"strings"
	gosync "sync"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/syncproto"
)

// Admin is the desktop's session with an office server as its server admin:
// accounts, workspaces and their quotas and members, usage, the audit log and
// the runtime settings. One admin session at a time; it lives in memory only
// (signing in again after a restart asks for the password, on purpose: these
// are the office's keys).
type Admin struct {
	s *Service

	mu     gosync.Mutex
	client *syncproto.Client
	sess   AdminSession
}

// NewAdmin returns the admin side of svc (it shares svc's HTTP client and
// device identity). A nil svc (the database did not open) gives nil.
func NewAdmin(svc *Service) *Admin {
	if svc == nil {
		return nil
	}
	return &Admin{s: svc}
}

// AdminSession is the signed-in admin, if any.
type AdminSession struct {
	SignedIn  bool    `json:"signedIn"`
	ServerURL string  `json:"serverUrl"`
	Account   Account `json:"account"`
}

// SignIn signs in to a server as one of its admins; an account that is not a
// server admin is refused and signed out again.
func (a *Admin) SignIn(ctx context.Context, in SignInInput) (AdminSession, error) {
	if a == nil {
		return AdminSession{}, apperr.New(apperr.Unavailable, "the app's data did not open")
	}
	server, err := normalizeURL(in.ServerURL)
	if err != nil {
		return AdminSession{}, err
	}
	email := strings.TrimSpace(in.Email)
	if email == "" || in.Password == "" {
		return AdminSession{}, apperr.New(apperr.Invalid, "enter your email and password")
	}
	c := a.s.newClient(server)
	t, err := c.Login(ctx, syncproto.LoginRequest{Email: email, Password: in.Password,
		DeviceID: a.s.d.DB.Identity().DeviceID, DeviceName: a.s.d.DeviceName + " (admin)"})
	if err != nil {
		return AdminSession{}, signInError(err, server)
	}
	if t.User.Role != syncproto.RoleAdmin {
		logoutQuietly(c)
		return AdminSession{}, apperr.New(apperr.Unauthorized, "%s is not an admin of this server", t.User.Email)
	}
	sess := AdminSession{SignedIn: true, ServerURL: server, Account: account(t.User)}
	a.mu.Lock()
	old := a.client
	a.client, a.sess = c, sess
	a.mu.Unlock()
	if old != nil {
		go logoutQuietly(old)
	}
	a.s.log.Info("admin signed in", "server", server)
	return sess, nil
}

// Session returns the current admin session (SignedIn false when none).
func (a *Admin) Session() AdminSession {
	if a == nil {
		return AdminSession{}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sess
}

// SignOut ends the admin session on the server and here.
func (a *Admin) SignOut(ctx context.Context) error {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	c := a.client
	a.client, a.sess = nil, AdminSession{}
	a.mu.Unlock()
	if c != nil {
		if err := c.Logout(ctx); err != nil {
			a.s.log.Warn("admin sign out", "err", err)
		}
	}
	return nil
}

// Close signs out quietly (app shutdown).
func (a *Admin) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = a.SignOut(ctx)
}

// call runs f with the admin client and words its failure; a session the
// server no longer accepts (revoked, demoted) is dropped here too.
func (a *Admin) call(ctx context.Context, f func(c *syncproto.Client) error) error {
	if a == nil {
		return apperr.New(apperr.Unavailable, "the app's data did not open")
	}
	a.mu.Lock()
	c := a.client
	a.mu.Unlock()
	if c == nil {
		return apperr.New(apperr.Unauthorized, "Sign in to the office server as an admin first")
	}
	err := f(c)
	if err == nil {
		return nil
	}
	if syncproto.IsStatus(err, http.StatusUnauthorized) || syncproto.IsStatus(err, http.StatusForbidden) {
		a.mu.Lock()
		if a.client == c {
			a.client, a.sess = nil, AdminSession{}
		}
		a.mu.Unlock()
		return apperr.Wrap(err, apperr.Unauthorized, "The admin session ended (signed out or no longer an admin); sign in again")
	}
	return userError(err)
}
