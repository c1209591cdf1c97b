package backup

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"bookbag/backend/events"
	"bookbag/backend/store"
)

// A backup taken while another writer commits (the ingest queue, a chat
// stream) holds the database as of one commit: two values written in one
// transaction come back equal, and the newest commits still in the live
// WAL file are in it.
func TestBackupWhileWriting(t *testing.T) {
	f := newFixture(t)
	pad := strings.Repeat("x", 4000)
	write := func(n int) error {
		return f.db.Tx(f.ctx, func(tx *store.Tx) error {
			for _, k := range []string{"test.a", "test.b"} {
				if _, err := tx.ExecContext(f.ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)
					ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, strconv.Itoa(n)+pad); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for n := range 2000 { // a database big enough that the snapshot takes a while
		if err := f.db.SetSetting(f.ctx, "test.fill."+strconv.Itoa(n), pad); err != nil {
			t.Fatal(err)
		}
	}
	stop, done := make(chan struct{}), make(chan int)
	f.svc.deps.Events = events.Func(func(_ string, payload any) {
		if pl, _ := payload.(events.BackupProgressPayload); pl.Stage == "snapshot" {
			go func() {
				n := 0
				for ; ; n++ {
					select {
					case <-stop:
						done <- n
						return
					default:
					}
					if err := write(n); err != nil {
						t.Error(err)
					}
				}
			}()
		}
	})
	p := filepath.Join(t.TempDir(), "b.tar")
	_, err := f.svc.Backup(f.ctx, p, Options{})
	close(stop)
	written := <-done
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Restore(f.ctx, p, ""); err != nil {
		t.Fatal(err)
	}
	f.restart()
	a, _, _ := f.db.GetSetting(f.ctx, "test.a")
	b, _, _ := f.db.GetSetting(f.ctx, "test.b")
	if a != b {
		t.Fatalf("half a transaction in the backup: a=%.10s b=%.10s", a, b)
	}
	t.Logf("%d transactions during the backup; restored %.6s", written, a)
}
