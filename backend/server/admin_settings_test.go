package server_test

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// A setting out of range is refused in the words of the admin screen, and
// a patch with one bad value stores none of its values.
func TestSettingsOutOfRangeSayWhichAndStoreNothing(t *testing.T) {
	env := servertest.Start(t, servertest.SQLite(t))
	ctx := context.Background()
	admin, _ := env.User("root@example.com", syncproto.RoleAdmin)
	before, err := admin.ServerSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i64 := func(v int64) *int64 { return &v }
	iv := func(v int) *int { return &v }
	for _, c := range []struct {
		patch syncproto.ServerSettingsPatch
		says  string
	}{
		{syncproto.ServerSettingsPatch{MaxFileBytes: i64(2 << 40), InvitationDays: iv(3)}, "the largest file must be between 1 KiB and 1 TiB"},
		{syncproto.ServerSettingsPatch{DefaultQuotaBytes: i64(1000)}, "the default workspace quota must be between 1 MiB and 1 PiB"},
		{syncproto.ServerSettingsPatch{InvitationDays: iv(400)}, "invitations must last between 1 and 365 days"},
		{syncproto.ServerSettingsPatch{LoginPerAccount: iv(0)}, "failed sign-ins before a lockout must be between 1 and 10000"},
	} {
		_, err := admin.UpdateServerSettings(ctx, c.patch)
		if !syncproto.IsStatus(err, 400) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%+v: %v, want 400 saying %q", c.patch, err, c.says)
		}
	}
	after, err := admin.ServerSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("refused patches changed the settings: %+v, was %+v", after, before)
	}
}
