package update

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
)

// halfThenWait sends the first half of body, announces it on sent and then
// sends nothing more until the client goes away. With answer false it does
// not even send its headers.
func halfThenWait(body []byte, answer bool, sent chan<- struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if answer {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body[:len(body)/2])
			w.(http.Flusher).Flush()
		}
		sent <- struct{}{}
		<-r.Context().Done()
	}
}

// assetPath is the path the channel serves version's download at.
func assetPath(version string) string { return "/dl/" + version + "/" + platform() }

// unchanged fails unless exe still holds old and nothing else was left
// beside it.
func unchanged(t *testing.T, exe string, old []byte) {
	t.Helper()
	if got, _ := os.ReadFile(exe); !bytes.Equal(got, old) {
		t.Fatal("the program was changed")
	}
	if ents, _ := os.ReadDir(filepath.Dir(exe)); len(ents) != 1 {
		t.Fatalf("files were left beside the program: %v", ents)
	}
}

// A server that stops sending, before its headers or halfway through the
// body, is given up on after the idle timeout with words, not after the
// client's long limit; nothing is replaced.
func TestStalledDownloadGivesUp(t *testing.T) {
	old, neu := program(t, "1.0.0"), program(t, "1.1.0")
	for name, answer := range map[string]bool{"amid the body": true, "before its headers": false} {
		t.Run(name, func(t *testing.T) {
			cs := newChannel(t)
			cs.offer(Stable, "1.1.0", map[string][]byte{platform(): neu}, map[string]string{platform(): KindBinary})
			sent := make(chan struct{}, 1)
			cs.handlers[assetPath("1.1.0")] = halfThenWait(neu, answer, sent)
			exe := installed(t, old)
			svc := newService(cs, "1.0.0", exe, Install{}, func(d *Deps) { d.IdleTimeout = 100 * time.Millisecond })
			_, err := svc.Apply(context.Background())
			if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(err.Error(), "the download stalled: no data for 100 ms; nothing was changed") {
				t.Fatalf("apply: %v", err)
			}
			unchanged(t, exe, old)
		})
	}
	if got := seconds(60 * time.Second); got != "60 s" {
		t.Fatalf("60 s worded %q", got)
	}
}

// Cancel mid-download ends the install with words and leaves the program
// as it was; the bar had the download's size.
func TestCancelMidDownloadLeavesTheProgram(t *testing.T) {
	old, neu := program(t, "1.0.0"), program(t, "1.1.0")
	cs := newChannel(t)
	cs.offer(Stable, "1.1.0", map[string][]byte{platform(): neu}, map[string]string{platform(): KindBinary})
	sent := make(chan struct{}, 1)
	cs.handlers[assetPath("1.1.0")] = halfThenWait(neu, true, sent)
	exe := installed(t, old)
	rec := events.NewRecorder()
	svc := newService(cs, "1.0.0", exe, Install{}, func(d *Deps) { d.Events = rec })
	if svc.Cancel() {
		t.Fatal("Cancel with no install running said it stopped one")
	}
	done := make(chan error, 1)
	go func() { _, err := svc.Apply(context.Background()); done <- err }()
	<-sent
	// The download has begun once its first progress event is out.
	for len(rec.Events(events.UpdateProgress)) == 0 {
		<-rec.Changed()
	}
	if _, err := svc.Apply(context.Background()); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a second install while one runs: %v", err)
	}
	if !svc.Cancel() {
		t.Fatal("Cancel found no install running")
	}
	err := <-done
	if !apperr.Is(err, apperr.Canceled) || !strings.Contains(err.Error(), "the update was cancelled; nothing was changed") {
		t.Fatalf("apply: %v", err)
	}
	unchanged(t, exe, old)
	first := rec.Events(events.UpdateProgress)[0].Payload
	if first != (events.UpdateProgressPayload{Stage: "download", Total: int64(len(neu))}) {
		t.Fatalf("first progress %+v", first)
	}
	for _, e := range rec.Events(events.UpdateProgress) {
		if e.Payload.(events.UpdateProgressPayload).Stage == "install" {
			t.Fatal("a cancelled download went on to install")
		}
	}
}
