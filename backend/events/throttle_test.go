package events

import (
	"testing"
	"time"
)

func TestThrottleLetsOneReportThroughPerInterval(t *testing.T) {
	th := Throttle{Every: time.Hour}
	if !th.Due(false) {
		t.Fatal("the first report was held back")
	}
	if th.Due(false) {
		t.Fatal("a second report within the interval went out")
	}
	if !th.Due(true) {
		t.Fatal("a forced report was held back")
	}
	always := Throttle{} // Every 0: every report goes out
	if !always.Due(false) || !always.Due(false) {
		t.Fatal("a zero interval held a report back")
	}
}
