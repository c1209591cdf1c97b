package server_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"bookbag/backend/server"
	"bookbag/backend/server/postgres"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// pgServer starts a server with its own pool on the PostgreSQL at url (one
// "process" of several sharing the database).
func pgServer(t *testing.T, url string, opts ...func(*server.Config)) *servertest.Env {
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return servertest.Start(t, db, opts...)
}

// Two server processes (here: two servers with their own pools and
// listeners) on one PostgreSQL: a long poll on one wakes for a push on the
// other, and concurrent pushes through both never let a concurrent puller's
// cursor skip a change.
func TestTwoServersOnePostgres(t *testing.T) {
	url := servertest.PostgresURL(t) // skips without BOOKBAG_PG_URL
	ctx := context.Background()
	a, b := pgServer(t, url), pgServer(t, url)
	adminA, _ := a.User("admin@example.com", syncproto.RoleMember)
	a.Workspace("ws", adminA, nil)
	adminB := b.Login("admin@example.com") // same accounts, same signing key

	// NOTIFY: a wait on B wakes when A takes a push.
	woke := make(chan int64, 1)
	go func() {
		h, err := adminB.Wait(ctx, "ws", 0, 20*time.Second)
		if err != nil {
			t.Error(err)
		}
		woke <- h
	}()
	time.Sleep(200 * time.Millisecond)
	d := servertest.NewDevice("d0")
	if _, err := adminA.Push(ctx, "ws", []syncproto.Change{d.Change("ws", "prompt_templates", "first", map[string]any{"name": "x"}, false)}); err != nil {
		t.Fatal(err)
	}
	select {
	case h := <-woke:
		if h < 1 {
			t.Fatalf("woke with head %d", h)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the other server's long poll did not wake")
	}

	// Concurrent pushes through both servers, a puller following along.
	const writers, pushes, perPush = 6, 15, 4
	seen := map[string]bool{}
	stop := make(chan struct{})
	pullerDone := make(chan error, 1)
	go func() {
		var cursor int64
		for {
			select {
			case <-stop:
				pullerDone <- nil
				return
			default:
			}
			p, err := adminB.Pull(ctx, "ws", cursor, 50)
			if err != nil {
				pullerDone <- err
				return
			}
			for _, ch := range p.Changes {
				if ch.Seq <= cursor {
					pullerDone <- fmt.Errorf("sequence went back: %d after %d", ch.Seq, cursor)
					return
				}
				cursor = ch.Seq
				seen[ch.RowID] = true
			}
			cursor = p.Next
			if !p.More {
				// Wait on the other server than the one we pull from last.
				adminA.Wait(ctx, "ws", cursor, time.Second)
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c := adminA
			if w%2 == 1 {
				c = adminB
			}
			dev := servertest.NewDevice(fmt.Sprintf("dev%d", w))
			for i := 0; i < pushes; i++ {
				var batch []syncproto.Change
				for j := 0; j < perPush; j++ {
					batch = append(batch, dev.Change("ws", "prompt_templates", fmt.Sprintf("w%d-%d-%d", w, i, j), map[string]any{"name": "n"}, false))
				}
				res, err := c.Push(ctx, "ws", batch)
				if err != nil {
					t.Error(err)
					return
				}
				for _, r := range res.Results {
					if r.Status != syncproto.Applied {
						t.Errorf("%s: %s", r.RowID, r.Status)
					}
				}
			}
		}(w)
	}
	wg.Wait()
	// Let the puller catch up to the final head through its own cursor.
	head, err := adminA.Workspace(ctx, "ws")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		time.Sleep(100 * time.Millisecond)
		done := func() bool {
			ws, _ := adminB.Workspace(ctx, "ws")
			return ws.Head == head.Head
		}()
		if done || time.Now().After(deadline) {
			break
		}
	}
	time.Sleep(1500 * time.Millisecond) // one more puller round
	close(stop)
	if err := <-pullerDone; err != nil {
		t.Fatal(err)
	}
	want := writers*pushes*perPush + 1
	if len(seen) != want {
		t.Fatalf("puller saw %d rows, %d were pushed (head %d)", len(seen), want, head.Head)
	}
	if head.Head != int64(want) {
		t.Fatalf("head %d, want %d: sequences are not one per change", head.Head, want)
	}
}

// Failed logins count in the database: guesses spread over two server
// processes lock the account on both.
func TestAccountLockHoldsAcrossServers(t *testing.T) {
	url := servertest.PostgresURL(t) // skips without BOOKBAG_PG_URL
	ctx := context.Background()
	limits := func(c *server.Config) { c.LoginPerAccount = 4; c.LoginPerAddress = 100 }
	a, b := pgServer(t, url, limits), pgServer(t, url, limits)
	email := fmt.Sprintf("guessed-%d@example.com", time.Now().UnixNano())
	a.User(email, syncproto.RoleMember)
	login := func(env *servertest.Env, pw string) *syncproto.APIError {
		_, err := env.Client().Login(ctx, syncproto.LoginRequest{Email: email, Password: pw})
		ae, _ := err.(*syncproto.APIError)
		return ae
	}
	for i := range 4 {
		env := a
		if i%2 == 1 {
			env = b
		}
		if e := login(env, "a wrong guess"); e == nil || e.Status != 401 {
			t.Fatalf("guess %d: %+v", i, e)
		}
	}
	for name, env := range map[string]*servertest.Env{"a": a, "b": b} {
		if e := login(env, servertest.Password); e == nil || e.Status != 429 {
			t.Fatalf("server %s let the locked account in: %+v", name, e)
		}
	}
}
