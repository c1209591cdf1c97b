package update

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/apperr"
)

// A manifest signed with this build's key but for another product is
// refused.
func TestManifestOfAnotherProductIsRefused(t *testing.T) {
	old, neu := program(t, "1.0.0"), program(t, "1.1.0")
	cs := newChannel(t)
	cs.offer(Stable, "1.1.0", map[string][]byte{platform(): neu}, map[string]string{platform(): KindBinary})
	cs.manifest.Product = "otherapp"
	exe := installed(t, old)
	svc := newService(cs, "1.0.0", exe, Install{})
	if _, err := svc.Check(context.Background()); !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), `the signed manifest is for "otherapp", not for bookbag`) {
		t.Fatalf("check: %v", err)
	}
	refusedApply(t, svc, exe, old, "not for bookbag")
}

// Once a channel offered 1.2.0, an older signed manifest (a mirror
// replaying it) is reported as such, not as "up to date" nor as an older
// update to install; the newer one served again is offered again. Another
// channel, and another key, keep their own record.
func TestReplayedOlderManifestIsReported(t *testing.T) {
	old, v11, v12 := program(t, "1.0.0"), program(t, "1.1.0"), program(t, "1.2.0")
	bin := map[string]string{platform(): KindBinary}
	cs := newChannel(t)
	cs.offer(Stable, "1.2.0", map[string][]byte{platform(): v12}, bin)
	cs.manifest.Channels[Stable] = withReleased(cs.manifest.Channels[Stable], "2026-12-01")
	cs.offer(Beta, "1.3.0-beta.1", map[string][]byte{platform(): v12}, bin)
	exe := installed(t, old)
	kv := &memKV{m: map[string]string{}}
	withKV := func(d *Deps) { d.Settings = kv }
	if c, err := newService(cs, "1.0.0", exe, Install{}, withKV).Check(context.Background()); err != nil || !c.Available || c.Version != "1.2.0" {
		t.Fatalf("first check %+v %v", c, err)
	}
	const want = "this update channel answered with an older manifest than one already seen (it offers %s; 1.2.0 of 2026-12-01 was seen before); nothing was changed"
	// A later start of the app, served older manifests.
	for _, replay := range []struct{ version string }{{"1.1.0"}, {"1.0.0"}} {
		cs.offer(Stable, replay.version, map[string][]byte{platform(): v11}, bin)
		svc := newService(cs, "1.0.0", exe, Install{}, withKV)
		msg := strings.Replace(want, "%s", replay.version, 1)
		if c, err := svc.Check(context.Background()); !apperr.Is(err, apperr.Invalid) || err.Error() != msg {
			t.Fatalf("check of a replayed %s: %+v %v", replay.version, c, err)
		}
		refusedApply(t, svc, exe, old, "older manifest than one already seen")
	}
	// Beta has its own record: its first manifest is taken.
	svc := newService(cs, "1.0.0", exe, Install{}, withKV)
	if _, err := svc.SetSettings(context.Background(), Settings{Channel: Beta}); err != nil {
		t.Fatal(err)
	}
	if c, err := svc.Check(context.Background()); err != nil || c.Version != "1.3.0-beta.1" {
		t.Fatalf("beta check %+v %v", c, err)
	}
	svc.SetSettings(context.Background(), Settings{Channel: Stable})
	// The newest served again is offered again.
	cs.offer(Stable, "1.2.0", map[string][]byte{platform(): v12}, bin)
	if c, err := svc.Check(context.Background()); err != nil || !c.Available || c.Version != "1.2.0" {
		t.Fatalf("check after the replay ended %+v %v", c, err)
	}
	// A channel signed with another key starts afresh.
	other := newChannel(t)
	other.offer(Stable, "1.1.0", map[string][]byte{platform(): v11}, bin)
	if c, err := newService(other, "1.0.0", exe, Install{}, withKV).Check(context.Background()); err != nil || c.Version != "1.1.0" {
		t.Fatalf("another key's channel %+v %v", c, err)
	}
}

func withReleased(r Release, at string) Release { r.ReleasedAt = at; return r }
