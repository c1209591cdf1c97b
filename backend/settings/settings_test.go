package settings

import (
	"context"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

func setup(t *testing.T) (*API, *Store, *[]string) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st := NewStore(db)
	var opened []string
	svc := NewAPI(context.Background, db, st, Info{DataDir: dir, LogDir: dir + "/logs", Version: "1.2.3"},
		func(p string) error { opened = append(opened, p); return nil })
	return svc, st, &opened
}

func TestThemeDefaultsToSystemAndPersists(t *testing.T) {
	svc, _, _ := setup(t)
	got, err := svc.Get()
	if err != nil || got.Theme != ThemeSystem || got.Version != "1.2.3" || got.SchemaVersion < 1 || got.DeviceID == "" {
		t.Fatalf("defaults: %+v %v", got, err)
	}
	if got, err = svc.SetTheme(ThemeDark); err != nil || got.Theme != ThemeDark {
		t.Fatalf("set dark: %+v %v", got, err)
	}
	if _, err := svc.SetTheme("purple"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad theme accepted: %v", err)
	}
	if got, _ = svc.Get(); got.Theme != ThemeDark {
		t.Fatal("theme lost")
	}
}

func TestWindowGeometry(t *testing.T) {
	_, st, _ := setup(t)
	ctx := context.Background()
	if _, ok, _ := st.Window(ctx); ok {
		t.Fatal("window before save")
	}
	want := Window{X: 10, Y: 20, Width: 1000, Height: 700}
	if err := st.SetWindow(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := st.Window(ctx); !ok || err != nil || got != want {
		t.Fatalf("window %+v %v %v", got, ok, err)
	}
	st.SetWindow(ctx, Window{Width: 5, Height: 5})
	if _, ok, _ := st.Window(ctx); ok {
		t.Fatal("absurd window size accepted")
	}
}

func TestOpenFoldersAndDisplayName(t *testing.T) {
	svc, _, opened := setup(t)
	svc.OpenLogFolder()
	svc.OpenDataFolder()
	if len(*opened) != 2 || (*opened)[0] == (*opened)[1] {
		t.Fatalf("opened %v", *opened)
	}
	got, err := svc.SetDisplayName("Grace")
	if err != nil || got.DisplayName != "Grace" {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestSidebarCollapsedDefaultsOpenAndPersists(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := NewAPI(context.Background, db, NewStore(db), Info{DataDir: dir}, func(string) error { return nil })
	if got, err := svc.Get(); err != nil || got.SidebarCollapsed {
		t.Fatalf("default: %+v %v", got, err)
	}
	if got, err := svc.SetSidebarCollapsed(true); err != nil || !got.SidebarCollapsed {
		t.Fatalf("collapse: %+v %v", got, err)
	}
	db.Close()
	// A restart reads it back from the file.
	db, err = store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := NewStore(db)
	if c, err := st.SidebarCollapsed(ctx); err != nil || !c {
		t.Fatalf("after reopen: %v %v", c, err)
	}
	if err := st.SetSidebarCollapsed(ctx, false); err != nil {
		t.Fatal(err)
	}
	if c, _ := st.SidebarCollapsed(ctx); c {
		t.Fatal("sidebar still collapsed after opening it")
	}
}
