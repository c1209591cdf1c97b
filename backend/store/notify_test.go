package store

import (
	"context"
	"errors"
	"sync"
	"testing"
)

func TestOnLoggedFiresAfterCommitWithWorkspaces(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mu sync.Mutex
	var got [][]string
	db.OnLogged(func(ws []string) {
		mu.Lock()
		got = append(got, ws)
		mu.Unlock()
	})
	var ws string
	if err := db.Tx(ctx, func(tx *Tx) error {
		var err error
		ws, err = newWorkspace(ctx, tx, "A")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// A rolled back transaction, a personal row and a settings write do not fire.
	db.Tx(ctx, func(tx *Tx) error {
		newWorkspace(ctx, tx, "B")
		return errors.New("roll back")
	})
	db.Tx(ctx, func(tx *Tx) error {
		return tx.Insert(ctx, "prompt_templates", NewID(), "", Values{"name": "p", "body": "b"})
	})
	db.SetSetting(ctx, "k", "v")
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || len(got[0]) != 1 || got[0][0] != ws {
		t.Fatalf("hooks saw %v, want one call with [%s]", got, ws)
	}
}
