package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// Wrong passwords for one account, many at once, from several addresses,
// through two server processes on one database: no more of them reach the
// password check than the limit allows (each check that fails is one
// login_failed entry in the audit log).
func TestAccountLimitHoldsUnderParallelGuesses(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		const limit, guesses, workers = 10, 300, 20
		tune := func(c *server.Config) {
			c.LoginPerAccount, c.LoginPerAddress, c.TrustProxy = limit, 100000, true
			c.BcryptCost = 8 // a check takes long enough for parallel requests to overlap it
		}
		dbA, dbB := b.Pair(t)
		a := servertest.Start(t, dbA, tune)
		envB := servertest.Start(t, dbB, tune)
		email := "guessed@example.com"
		if _, err := a.Server.CreateUser(context.Background(), syncproto.CreateUserRequest{Email: email,
			Role: syncproto.RoleMember, Password: servertest.Password}, "", ""); err != nil {
			t.Fatal(err)
		}
		var (
			mu     sync.Mutex
			status = map[int]int{}
			wg     sync.WaitGroup
			next   = make(chan int)
		)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					env := a
					if i%2 == 1 {
						env = envB
					}
					body := fmt.Sprintf(`{"email":%q,"password":"wrong guess %d"}`, email, i)
					req, _ := http.NewRequest("POST", env.URL+"/api/auth/login", bytes.NewReader([]byte(body)))
					req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i%7+1))
					resp, err := env.HTTP.Client().Do(req)
					if err != nil {
						t.Error(err)
						continue
					}
					resp.Body.Close()
					mu.Lock()
					status[resp.StatusCode]++
					mu.Unlock()
				}
			}()
		}
		for i := range guesses {
			next <- i
		}
		close(next)
		wg.Wait()
		if status[401] != limit || status[429] != guesses-limit {
			t.Fatalf("answers %v: want exactly %d password checks (401) and %d refusals (429)", status, limit, guesses-limit)
		}
		var failed int
		if err := dbA.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'`).Scan(&failed); err != nil {
			t.Fatal(err)
		}
		if failed != limit {
			t.Fatalf("%d login_failed entries, want %d", failed, limit)
		}
		// The locked account refuses the right password on both servers.
		for _, env := range []*servertest.Env{a, envB} {
			_, err := env.Client().Login(context.Background(), syncproto.LoginRequest{Email: email, Password: servertest.Password})
			if !syncproto.IsStatus(err, http.StatusTooManyRequests) {
				t.Fatalf("right password on a locked account: %v", err)
			}
		}
	})
}
