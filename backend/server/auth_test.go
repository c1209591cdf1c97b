package server_test

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// rawGet calls GET /api/me with a given bearer token.
func rawMe(t *testing.T, env *servertest.Env, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", env.URL+"/api/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := env.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestForgedTokens(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		env := servertest.Start(t, b.Open(t))
		c, u := env.User("a@example.com", syncproto.RoleMember)
		good := c.Tokens().AccessToken
		if got := rawMe(t, env, good); got != 200 {
			t.Fatalf("good token: %d", got)
		}
		parts := strings.Split(good, ".")
		claims, _ := base64.RawURLEncoding.DecodeString(parts[1])
		tampered := strings.Replace(string(claims), u.ID, "01900000-0000-7000-8000-000000000000", 1)
		sid := c.Tokens().SessionID
		forgedClaims := jwt.MapClaims{"iss": "bookbag-server", "sub": u.ID, "sid": sid,
			"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
		otherKey, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, forgedClaims).SignedString([]byte("not the server's key"))
		none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, forgedClaims).SignedString(jwt.UnsafeAllowNoneSignatureType)
		for name, tok := range map[string]string{
			"empty":          "",
			"garbage":        "not-a-jwt",
			"tampered claim": parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(tampered)) + "." + parts[2],
			"other key":      otherKey,
			"alg none":       none,
			"no signature":   parts[0] + "." + parts[1] + ".",
			"refresh token":  c.Tokens().RefreshToken,
		} {
			if got := rawMe(t, env, tok); got != 401 {
				t.Errorf("%s: %d, want 401", name, got)
			}
		}
	})
}

func TestExpiredAndRevokedTokens(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		env := servertest.Start(t, b.Open(t))
		ctx := context.Background()
		admin, _ := env.User("root@example.com", syncproto.RoleAdmin)
		c, u := env.User("a@example.com", syncproto.RoleMember)

		// Expired: 16 minutes later the access token is refused; the
		// client refreshes by itself and carries on.
		tok := c.Tokens().AccessToken
		env.Clock.Advance(16 * time.Minute)
		if got := rawMe(t, env, tok); got != 401 {
			t.Fatalf("expired token: %d", got)
		}
		if _, err := c.Me(ctx); err != nil {
			t.Fatalf("client did not refresh: %v", err)
		}

		// Logout revokes the session's access and refresh tokens.
		second := env.Login("a@example.com")
		at, rt := second.Tokens().AccessToken, second.Tokens().RefreshToken
		if err := second.Logout(ctx); err != nil {
			t.Fatal(err)
		}
		if got := rawMe(t, env, at); got != 401 {
			t.Fatalf("access after logout: %d", got)
		}
		second.SetTokens(syncproto.Tokens{RefreshToken: rt})
		if _, err := second.Refresh(ctx); !syncproto.IsStatus(unwrapAPI(err), 401) {
			t.Fatalf("refresh after logout: %v", err)
		}
		if _, err := c.Me(ctx); err != nil {
			t.Fatalf("the other session ended too: %v", err)
		}

		// Sign out everywhere.
		third := env.Login("a@example.com")
		at3 := third.Tokens().AccessToken
		if err := c.LogoutAll(ctx); err != nil {
			t.Fatal(err)
		}
		if got := rawMe(t, env, at3); got != 401 {
			t.Fatalf("access after logout-all: %d", got)
		}

		// Password change keeps this session, ends the others.
		c = env.Login("a@example.com")
		other := env.Login("a@example.com")
		if err := c.ChangePassword(ctx, syncproto.ChangePasswordRequest{CurrentPassword: servertest.Password, NewPassword: "another good password"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Me(ctx); err != nil {
			t.Fatalf("own session ended: %v", err)
		}
		if got := rawMe(t, env, other.Tokens().AccessToken); got != 401 {
			t.Fatalf("other session after password change: %d", got)
		}
		// Admin reset and disabling end every session.
		if _, err := admin.ResetPassword(ctx, u.ID, syncproto.ResetPasswordRequest{Password: "reset by the admin"}); err != nil {
			t.Fatal(err)
		}
		if got := rawMe(t, env, c.Tokens().AccessToken); got != 401 {
			t.Fatalf("session after admin reset: %d", got)
		}
		c2 := env.Client()
		if _, err := c2.Login(ctx, syncproto.LoginRequest{Email: "a@example.com", Password: "reset by the admin"}); err != nil {
			t.Fatal(err)
		}
		disabled := true
		if _, err := admin.UpdateUser(ctx, u.ID, syncproto.UpdateUserRequest{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		if got := rawMe(t, env, c2.Tokens().AccessToken); got != 401 {
			t.Fatalf("session of a disabled user: %d", got)
		}
		if _, err := env.Client().Login(ctx, syncproto.LoginRequest{Email: "a@example.com", Password: "reset by the admin"}); !syncproto.IsStatus(err, 401) {
			t.Fatalf("disabled user logged in: %v", err)
		}
	})
}

func unwrapAPI(err error) error {
	for err != nil {
		if _, ok := err.(*syncproto.APIError); ok {
			return err
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
	return nil
}

func TestRefreshReuseRevokesFamily(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		env := servertest.Start(t, b.Open(t))
		ctx := context.Background()
		c, _ := env.User("a@example.com", syncproto.RoleMember)
		stolen := c.Tokens().RefreshToken
		if _, err := c.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		fresh := c.Tokens()
		env.Clock.Advance(3 * time.Minute) // past the grace for a lost answer
		thief := env.Client()
		thief.SetTokens(syncproto.Tokens{RefreshToken: stolen})
		if _, err := thief.Refresh(ctx); !syncproto.IsStatus(unwrapAPI(err), 401) {
			t.Fatalf("reused refresh token: %v", err)
		}
		// The whole family is gone: the legitimate pair too.
		if got := rawMe(t, env, fresh.AccessToken); got != 401 {
			t.Fatalf("access token of the revoked family: %d", got)
		}
		victim := env.Client()
		victim.SetTokens(syncproto.Tokens{RefreshToken: fresh.RefreshToken})
		if _, err := victim.Refresh(ctx); !syncproto.IsStatus(unwrapAPI(err), 401) {
			t.Fatalf("refresh of the revoked family: %v", err)
		}
		page, err := mustAdmin(t, env).Audit(ctx, "", 50)
		if err != nil {
			t.Fatal(err)
		}
		if !hasAction(page, "refresh_reuse") {
			t.Fatalf("reuse not audited: %+v", page.Entries)
		}
	})
}

// A client whose refresh answer was lost still holds the old token: used
// again within the grace, it gets a new pair and the session goes on. The
// successor it never got is spent, so whoever holds that one (here the
// client that did get the answer, standing for a thief's replay) ends the
// whole session with it. Once the successor was used, or past the grace,
// the old token is reuse as before.
func TestRefreshLostAnswerRetriedWithinGrace(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		env := servertest.Start(t, b.Open(t))
		ctx := context.Background()
		c, _ := env.User("a@example.com", syncproto.RoleMember)
		old := c.Tokens().RefreshToken
		if _, err := c.Refresh(ctx); err != nil { // the answer the network lost
			t.Fatal(err)
		}
		env.Clock.Advance(30 * time.Second)
		retry := env.Client()
		retry.SetTokens(syncproto.Tokens{RefreshToken: old})
		got, err := retry.Refresh(ctx)
		if err != nil {
			t.Fatalf("retry within the grace: %v", err)
		}
		if rawMe(t, env, got.AccessToken) != 200 {
			t.Fatal("the retried pair does not work")
		}
		if _, err := retry.Refresh(ctx); err != nil {
			t.Fatalf("the retried pair's refresh: %v", err)
		}
		if _, err := c.Refresh(ctx); !syncproto.IsStatus(unwrapAPI(err), 401) {
			t.Fatalf("the spent successor was accepted: %v", err)
		}
		if rawMe(t, env, retry.Tokens().AccessToken) != 401 {
			t.Fatal("the spent successor's use did not end the session")
		}

		// The successor used: the old token is reuse, even within the grace.
		c2 := env.Login("a@example.com")
		old = c2.Tokens().RefreshToken
		if _, err := c2.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c2.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		retry.SetTokens(syncproto.Tokens{RefreshToken: old})
		if _, err := retry.Refresh(ctx); !syncproto.IsStatus(unwrapAPI(err), 401) {
			t.Fatalf("old token after its successor was used: %v", err)
		}
		if rawMe(t, env, c2.Tokens().AccessToken) != 401 {
			t.Fatal("reuse after the successor's use left the session")
		}
	})
}

func mustAdmin(t *testing.T, env *servertest.Env) *syncproto.Client {
	c, _ := env.User("auditor@example.com", syncproto.RoleAdmin)
	return c
}

func hasAction(p syncproto.AuditPage, action string) bool {
	for _, e := range p.Entries {
		if e.Action == action {
			return true
		}
	}
	return false
}

func TestLoginRevealsNothingAndIsRateLimited(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		env := servertest.Start(t, b.Open(t), func(c *server.Config) { c.LoginPerAccount = 3; c.LoginPerAddress = 50 })
		ctx := context.Background()
		env.User("a@example.com", syncproto.RoleMember)
		login := func(email, pw string) *syncproto.APIError {
			_, err := env.Client().Login(ctx, syncproto.LoginRequest{Email: email, Password: pw})
			ae, _ := err.(*syncproto.APIError)
			return ae
		}
		wrongPw := login("a@example.com", "wrong password!")
		noUser := login("nobody@example.com", "wrong password!")
		if wrongPw == nil || noUser == nil || wrongPw.Status != noUser.Status || wrongPw.Message != noUser.Message {
			t.Fatalf("answers differ: %+v vs %+v", wrongPw, noUser)
		}
		// Per account: after 3 failures even the right password waits, and
		// an unknown address locks the same way.
		login("a@example.com", "wrong password!")
		login("a@example.com", "wrong password!")
		login("nobody@example.com", "wrong password!")
		login("nobody@example.com", "wrong password!")
		if e := login("a@example.com", servertest.Password); e == nil || e.Status != 429 {
			t.Fatalf("locked account: %+v", e)
		}
		if e := login("nobody@example.com", servertest.Password); e == nil || e.Status != 429 {
			t.Fatalf("unknown account not limited alike: %+v", e)
		}
		env.Clock.Advance(16 * time.Minute)
		if e := login("a@example.com", servertest.Password); e != nil {
			t.Fatalf("after the window: %+v", e)
		}
		// Per address.
		for i := 0; i < 50; i++ {
			login("x"+string(rune('a'+i%26))+"@example.com", "whatever pw")
		}
		if e := login("a@example.com", servertest.Password); e == nil || e.Status != 429 {
			t.Fatalf("address not limited: %+v", e)
		}
	})
}

func TestSetupTokenWorksOnce(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		env := servertest.Start(t, b.Open(t))
		ctx := context.Background()
		tok, err := env.Server.Bootstrap(ctx)
		if err != nil || tok == "" {
			t.Fatalf("bootstrap: %q, %v", tok, err)
		}
		req := syncproto.SetupRequest{Token: "bbs_wrong", Email: "boss@example.com", Password: "boss password 1"}
		if _, err := env.Client().Setup(ctx, req); !syncproto.IsStatus(err, 401) {
			t.Fatalf("wrong token: %v", err)
		}
		req.Token = tok
		c := env.Client()
		tk, err := c.Setup(ctx, req)
		if err != nil || tk.User.Role != syncproto.RoleAdmin {
			t.Fatalf("setup: %+v, %v", tk.User, err)
		}
		req.Email = "second@example.com"
		if _, err := env.Client().Setup(ctx, req); !syncproto.IsStatus(err, 401) {
			t.Fatalf("second setup: %v", err)
		}
		if again, _ := env.Server.Bootstrap(ctx); again != "" {
			t.Fatal("bootstrap token issued with an admin present")
		}
		// The last admin can be neither demoted nor disabled.
		role := syncproto.RoleMember
		if _, err := c.UpdateUser(ctx, tk.User.ID, syncproto.UpdateUserRequest{Role: &role}); !syncproto.IsStatus(err, 409) {
			t.Fatalf("demoted the last admin: %v", err)
		}
	})
}

// Many calls on one client whose access token has expired refresh once:
// a second concurrent refresh would reuse the token and end the session.
func TestClientRefreshesOnceUnderConcurrency(t *testing.T) {
	env := servertest.Start(t, servertest.SQLite(t))
	c, _ := env.User("a@example.com", syncproto.RoleMember)
	var tokens []syncproto.Tokens
	var mu sync.Mutex
	c.OnTokens(func(tk syncproto.Tokens) { mu.Lock(); tokens = append(tokens, tk); mu.Unlock() })
	env.Clock.Advance(16 * time.Minute)
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Me(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(tokens) != 1 || tokens[0].RefreshToken == "" {
		t.Fatalf("%d refreshes", len(tokens))
	}
	// A refused refresh signs the client out and says so through OnTokens.
	if err := c.LogoutAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Me(context.Background()); err == nil {
		t.Fatal("signed-out client still works")
	}
	if last := tokens[len(tokens)-1]; last.RefreshToken != "" {
		t.Fatal("OnTokens not told about the end of the session")
	}
}
