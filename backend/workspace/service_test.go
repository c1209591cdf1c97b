package workspace

import (
	"context"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

func newTestService(t *testing.T) (*Service, *store.DB) {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return NewService(withDomains(t, Deps{DB: db})), db
}

func TestEnsureDefaultCreatesPersonalOnce(t *testing.T) {
	s, db := newTestService(t)
	ctx := context.Background()
	w1, err := s.EnsureDefault(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w2, err := s.EnsureDefault(ctx)
	if err != nil || w1.ID != w2.ID || w1.Name != DefaultName || !w1.IsDefault {
		t.Fatalf("default workspace: %+v %+v %v", w1, w2, err)
	}
	list, _ := s.List(ctx)
	if len(list) != 1 {
		t.Fatalf("%d workspaces", len(list))
	}
	st, err := s.Settings(ctx, w1.ID)
	if err != nil || st.ChunkSize != 1000 || st.ChunkOverlap != 200 || st.TopK != 6 || !st.UseDocuments {
		t.Fatalf("default settings %+v %v", st, err)
	}
	var logged int
	db.R.QueryRow(`SELECT count(*) FROM change_log WHERE workspace_id = ?`, w1.ID).Scan(&logged)
	if logged != 2 {
		t.Fatalf("workspace and settings not in change log: %d", logged)
	}
}

func TestGetMissingIsNotFound(t *testing.T) {
	s, _ := newTestService(t)
	if _, err := s.Get(context.Background(), "nope"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("got %v", err)
	}
}

func TestSettingsValidate(t *testing.T) {
	ok := DefaultSettings("w")
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []func(*Settings){
		func(s *Settings) { s.ChunkSize = 10 },
		func(s *Settings) { s.ChunkOverlap = 600 },
		func(s *Settings) { s.TopK = 0 },
		func(s *Settings) { s.MinScore = 2 },
	}
	for i, mut := range bad {
		s := DefaultSettings("w")
		mut(&s)
		if err := s.Validate(); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("case %d accepted", i)
		}
	}
	if _, err := ValidateName("   "); err == nil {
		t.Fatal("blank name accepted")
	}
}

func TestEnsureDefaultConcurrentCreatesOne(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	const n = 8
	ids := make(chan string, n)
	for i := 0; i < n; i++ {
		go func() {
			w, err := s.EnsureDefault(ctx)
			if err != nil {
				t.Error(err)
			}
			ids <- w.ID
		}()
	}
	first := <-ids
	for i := 1; i < n; i++ {
		if id := <-ids; id != first {
			t.Fatalf("concurrent first runs created two defaults: %s and %s", first, id)
		}
	}
	list, _ := s.List(ctx)
	if len(list) != 1 {
		t.Fatalf("%d workspaces after concurrent EnsureDefault", len(list))
	}
}
