package anthropic

import (
	"errors"
	"io"
	"strings"
	"testing"

	"bookbag/backend/llm"
)

// The event-stream format beyond what the fake server writes: comments,
// CRLF line ends, an event's data over several lines, no space after the
// colon, and an unfinished last event.
func TestEventsFollowTheFormat(t *testing.T) {
	body := ": keep-alive\r\n\r\n" +
		"event: message_start\r\ndata: {\"type\":\"message_start\",\r\ndata: \"message\":{\"usage\":{\"input_tokens\":7}}}\r\n\r\n" +
		"data:{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n" +
		"data: {\"type\":\"message_stop\""
	var got []event
	err := events(strings.NewReader(body), func(ev event) bool { got = append(got, ev); return true })
	if !errors.Is(err, io.EOF) {
		t.Fatalf("err %v, want io.EOF at the end", err)
	}
	if len(got) != 2 || got[0].Type != "message_start" || got[0].Message.Usage.InputTokens != 7 ||
		got[1].Index != 2 || got[1].Delta.Text != "hi" {
		t.Fatalf("events %+v", got)
	}
}

func TestEventsStopWhenAsked(t *testing.T) {
	body := "data: {\"type\":\"ping\"}\n\ndata: {\"type\":\"ping\"}\n\n"
	n := 0
	if err := events(strings.NewReader(body), func(event) bool { n++; return false }); err != nil || n != 1 {
		t.Fatalf("err %v after %d events", err, n)
	}
	err := events(strings.NewReader("data: {\"type\":\n\n"), func(event) bool { return true })
	if !errors.Is(err, llm.ErrMalformed) {
		t.Fatalf("err %v, want malformed", err)
	}
}
