package rag

import (
	"context"
	"testing"
)

// A rare written form of a commoner word asks for that word too: "email"
// for "mail" (split off a one-letter head), "newline" for "line"; not
// "incompatible" for "compatible" (the rest is a stop word), nor a word
// commoner than its parts.
func TestBackoffs(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	texts := map[string]string{
		"a.txt": "Send mail to the mailing list. An e-mail address. Mail is read by mail readers.",
		"b.txt": "The mail spool. Each line ends in a newline; a line is compatible.",
		"c.txt": "One more line, and a mail. Compatible, compatible. Email me.",
		"d.txt": "A new line of mail, compatible with an incompatible line.",
	}
	e.index(t, texts)

	terms := []string{"email", "newline", "incompatible", "mail"}
	_, df, err := e.svc.counts(ctx, terms[:3])
	if err != nil {
		t.Fatal(err)
	}
	bo, err := e.svc.backoffs(ctx, terms[:3], df)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, b := range bo {
		got[b.term] = b.part
	}
	if got["email"] != "mail" || got["newline"] != "line" || got["incompatible"] != "" || len(bo) != 2 {
		t.Errorf("backoffs %+v", bo)
	}
	// A part that is itself a query term is not added twice.
	_, df, err = e.svc.counts(ctx, terms)
	if err != nil {
		t.Fatal(err)
	}
	if bo, err = e.svc.backoffs(ctx, terms, df); err != nil || len(bo) != 1 || bo[0].part != "line" {
		t.Errorf("with mail asked: %+v %v", bo, err)
	}
}
