package main

import (
	"reflect"
	"testing"
)

func TestMask(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"write to ann.lee@example.org today", "write to [EMAIL] today"},
		{"card 4111 1111 1111 1111, call +44 20 7946 0958", "card [CARD], call [PHONE]"},
		{"ref 1234 5678 9012 3456 and order 12345 are not personal", "ref 1234 5678 9012 3456 and order 12345 are not personal"},
		{"nothing here", "nothing here"},
	} {
		if got, _ := mask(c.in); got != c.want {
			t.Errorf("mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHooks(t *testing.T) {
	r, _ := beforeSend(hookInput{Text: "CONFIDENTIAL: plans"})
	if !reflect.DeepEqual(r, map[string]string{"refuse": "it is marked CONFIDENTIAL"}) {
		t.Errorf("before send of confidential text: %v", r)
	}
	r, _ = beforeSend(hookInput{Text: "mail bob@example.com"})
	if m := r.(map[string]any); m["text"] != "mail [EMAIL]" {
		t.Errorf("before send: %v", r)
	}
	r, _ = afterAnswer(hookInput{Text: "no personal data"})
	if len(r.(map[string]any)) != 0 {
		t.Errorf("after answer without findings: %v", r)
	}
}
