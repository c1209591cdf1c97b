package onejob

import (
	"context"
	"testing"
)

func TestOneJobAtATime(t *testing.T) {
	var s Slot
	if s.Cancel() || s.Running() != "" {
		t.Fatal("an empty slot has a job")
	}
	job, end, _, ok := s.Begin(context.Background(), "backup")
	if !ok || s.Running() != "backup" {
		t.Fatalf("begin: ok %v, running %q", ok, s.Running())
	}
	if _, _, running, ok := s.Begin(context.Background(), "restore"); ok || running != "backup" {
		t.Fatalf("a second job began (ok %v) or the first was not named (%q)", ok, running)
	}
	if !s.Cancel() || job.Err() == nil {
		t.Fatal("Cancel did not stop the running job")
	}
	end()
	if s.Running() != "" || s.Cancel() {
		t.Fatal("the slot stays taken after end")
	}
	if _, end2, _, ok := s.Begin(context.Background(), "restore"); !ok {
		t.Fatal("the slot cannot be taken again")
	} else {
		end2()
	}
}
