package secrets

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
)

// realKeyring returns the OS keychain, or skips when none answers; with
// BOOKBAG_REQUIRE_KEYRING=1 (make test) a missing keychain fails instead.
// To get one on a headless Linux box:
//
//	XDG_DATA_HOME=$(mktemp -d) dbus-run-session -- sh -c 'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; go test ./backend/secrets/...'
func realKeyring(t *testing.T) *Keyring {
	t.Helper()
	k := NewKeyring(KeyringOptions{})
	if st := k.Status(context.Background()); !st.Available {
		if os.Getenv("BOOKBAG_REQUIRE_KEYRING") == "1" {
			t.Fatalf("BOOKBAG_REQUIRE_KEYRING=1 but no keychain answers: %s", st.Reason)
		}
		t.Skipf("no keychain: %s", st.Reason)
	}
	return k
}

func testAccount(t *testing.T) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	acct := ProviderAccount("test-" + hex.EncodeToString(b))
	t.Cleanup(func() { _ = NewKeyring(KeyringOptions{}).Delete(context.Background(), acct) })
	return acct
}

func TestRealKeyringRoundTrip(t *testing.T) {
	k := realKeyring(t)
	ctx := context.Background()
	acct := testAccount(t)
	if _, err := k.Get(ctx, acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("fresh account: %v", err)
	}
	for _, secret := range []string{"sk-first-0123456789", "sk-second-ünïcödé-🔑", strings.Repeat("k", 2000)} {
		if err := k.Set(ctx, acct, secret); err != nil {
			t.Fatal(err)
		}
		got, err := k.Get(ctx, acct)
		if err != nil || got != secret {
			t.Fatalf("got %d bytes, err %v", len(got), err)
		}
	}
	if err := k.Delete(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete(ctx, acct); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := k.Get(ctx, acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}
