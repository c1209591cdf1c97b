package server_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// Two admins taking each other's role (or disabling each other) at the
// same moment: one may win, never both, or the server is left without an
// enabled admin and only the command line gets it back. On PostgreSQL the
// two transactions ran side by side and each counted two admins.
func TestTwoAdminsCannotDemoteEachOtherAtOnce(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		env := servertest.Start(t, b.Open(t))
		ctx := context.Background()
		member, disabled := syncproto.RoleMember, true
		reqs := []syncproto.UpdateUserRequest{{Role: &member}, {Disabled: &disabled}}
		for round := range 20 {
			a, ua := env.User(fmt.Sprintf("a%d@example.com", round), syncproto.RoleAdmin)
			c, uc := env.User(fmt.Sprintf("c%d@example.com", round), syncproto.RoleAdmin)
			// The two are the server's only enabled admins when they race.
			if _, err := env.DB.Writer().ExecContext(ctx, `UPDATE users SET role = 'member' WHERE id <> $1 AND id <> $2`, ua.ID, uc.ID); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			start := make(chan struct{})
			errs := make([]error, 2)
			for i, p := range []struct {
				by     *syncproto.Client
				target string
			}{{a, uc.ID}, {c, ua.ID}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = p.by.UpdateUser(ctx, p.target, reqs[round%2])
				}()
			}
			close(start)
			wg.Wait()
			var n int
			if err := env.DB.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("round %d (%+v): %d enabled admins left; answers %v", round, reqs[round%2], n, errs)
			}
		}
	})
}
