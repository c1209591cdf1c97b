package syncproto

import (
	"sort"
	"testing"
	"time"
)

func TestClockMonotonicWhenWallStands(t *testing.T) {
	fixed := time.UnixMilli(1_700_000_000_000)
	c := NewClock("dev-a", func() time.Time { return fixed })
	a, b := c.Now(), c.Now()
	if a.Compare(b) >= 0 || a.String() >= b.String() {
		t.Fatalf("not increasing: %v then %v", a, b)
	}
}

func TestClockMonotonicWhenWallGoesBack(t *testing.T) {
	wall := time.UnixMilli(1_700_000_000_000)
	c := NewClock("dev-a", func() time.Time { return wall })
	a := c.Now()
	wall = wall.Add(-time.Hour)
	if b := c.Now(); a.Compare(b) >= 0 {
		t.Fatalf("clock went back: %v then %v", a, b)
	}
}

func TestObserveOrdersAfterRemote(t *testing.T) {
	c := NewClock("dev-a", func() time.Time { return time.UnixMilli(1000) })
	remote := Stamp{Wall: 5000, Logical: 7, Node: "dev-b"}
	c.Observe(remote)
	if got := c.Now(); got.Compare(remote) <= 0 {
		t.Fatalf("local %v not after remote %v", got, remote)
	}
}

func TestStringOrderEqualsCompare(t *testing.T) {
	stamps := []Stamp{
		{Wall: 2, Logical: 0, Node: "b"}, {Wall: 10, Logical: 0, Node: "a"},
		{Wall: 2, Logical: 11, Node: "a"}, {Wall: 2, Logical: 2, Node: "a"}, {Wall: 2, Logical: 2, Node: "c"},
	}
	byText := append([]Stamp(nil), stamps...)
	sort.Slice(byText, func(i, j int) bool { return byText[i].String() < byText[j].String() })
	byCmp := append([]Stamp(nil), stamps...)
	sort.Slice(byCmp, func(i, j int) bool { return byCmp[i].Compare(byCmp[j]) < 0 })
	for i := range byText {
		if byText[i] != byCmp[i] {
			t.Fatalf("orders differ at %d: %v vs %v", i, byText, byCmp)
		}
	}
}

func TestParseStampRoundTrip(t *testing.T) {
	s := Stamp{Wall: 1_732_000_000_123, Logical: 42, Node: "0193-abc-def"}
	got, err := ParseStamp(s.String())
	if err != nil || got != s {
		t.Fatalf("round trip: %v, %v", got, err)
	}
	for _, bad := range []string{"x", "1-2-3", "00000000000000a-000001-n"} {
		if _, err := ParseStamp(bad); err == nil {
			t.Errorf("ParseStamp(%q) accepted", bad)
		}
	}
}
