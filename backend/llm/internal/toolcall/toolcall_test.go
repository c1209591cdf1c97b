package toolcall

import (
	"errors"
	"strings"
	"testing"

	"bookbag/backend/llm"
)

func TestInterleavedCalls(t *testing.T) {
	var a Assembler
	steps := []struct {
		index          int
		id, name, args string
	}{
		{0, "call_a", "get_weather", ""},
		{1, "call_b", "get_time", `{"tz"`},
		{0, "", "", `{"city":`},
		{1, "", "", `:"UTC"}`},
		{0, "", "", `"Paris"}`},
	}
	for _, s := range steps {
		d, err := a.Add(s.index, s.id, s.name, s.args)
		if err != nil || d.Index != s.index || d.ID != s.id || d.Name != s.name || d.Arguments != s.args {
			t.Fatalf("%+v: delta %+v err %v", s, d, err)
		}
	}
	res := llm.Result{FinishReason: llm.FinishStop}
	if err := a.Finish(&res); err != nil {
		t.Fatal(err)
	}
	if len(res.ToolCalls) != 2 || res.FinishReason != llm.FinishToolCalls {
		t.Fatalf("result %+v", res)
	}
	c0, c1 := res.ToolCalls[0], res.ToolCalls[1]
	if c0.ID != "call_a" || c0.Name != "get_weather" || string(c0.Arguments) != `{"city":"Paris"}` ||
		c1.ID != "call_b" || c1.Name != "get_time" || string(c1.Arguments) != `{"tz":"UTC"}` {
		t.Fatalf("calls %+v", res.ToolCalls)
	}
}

func TestMissingIDAndArguments(t *testing.T) {
	var a Assembler
	d0, _ := a.Add(0, "", "ping", "")
	d1, _ := a.Add(1, "", "pong", "  ")
	if !strings.HasPrefix(d0.ID, "call_") || d0.ID == d1.ID {
		t.Fatalf("ids %q %q", d0.ID, d1.ID)
	}
	var res llm.Result
	if err := a.Finish(&res); err != nil {
		t.Fatal(err)
	}
	if res.ToolCalls[0].ID != d0.ID || string(res.ToolCalls[0].Arguments) != "{}" || string(res.ToolCalls[1].Arguments) != "{}" {
		t.Fatalf("calls %+v", res.ToolCalls)
	}
	if res.FinishReason != llm.FinishToolCalls {
		t.Fatalf("finish %q", res.FinishReason)
	}
}

func TestMalformed(t *testing.T) {
	cases := []struct {
		name   string
		pieces [][2]string // name, args per call, in order
		index  int
		tool   string
		reason string
	}{
		{"broken json", [][2]string{{"ok", "{}"}, {"get_weather", `{"city": "Par`}}, 1, "get_weather", `not a JSON object: {"city": "Par`},
		{"array", [][2]string{{"f", "[1,2]"}}, 0, "f", "not a JSON object"},
		{"null", [][2]string{{"f", "null"}}, 0, "f", "not a JSON object"},
		{"no name", [][2]string{{"", `{"a":1}`}}, 0, "", "has no name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var a Assembler
			for i, p := range tc.pieces {
				if _, err := a.Add(i, "", p[0], p[1]); err != nil {
					t.Fatal(err)
				}
			}
			res := llm.Result{FinishReason: llm.FinishStop}
			err := a.Finish(&res)
			var te *llm.ToolCallError
			if !errors.As(err, &te) || !errors.Is(err, llm.ErrToolCall) || te.Index != tc.index || te.Tool != tc.tool || !strings.Contains(te.Reason, tc.reason) {
				t.Fatalf("err %v", err)
			}
			if res.ToolCalls != nil || res.FinishReason != llm.FinishStop {
				t.Fatalf("half applied: %+v", res)
			}
		})
	}
}

func TestIndexSkips(t *testing.T) {
	var a Assembler
	if _, err := a.Add(0, "x", "f", ""); err != nil {
		t.Fatal(err)
	}
	_, err := a.Add(2, "y", "g", "{}")
	var te *llm.ToolCallError
	if !errors.As(err, &te) || te.Index != 2 || te.Tool != "g" || !strings.Contains(te.Reason, "skips ahead") {
		t.Fatalf("err %v", err)
	}
	if _, err := a.Add(-1, "", "", ""); err == nil {
		t.Fatal("negative index accepted")
	}
}

func TestNoCalls(t *testing.T) {
	var a Assembler
	res := llm.Result{FinishReason: llm.FinishLength}
	if err := a.Finish(&res); err != nil || res.ToolCalls != nil || res.FinishReason != llm.FinishLength {
		t.Fatalf("%+v %v", res, err)
	}
}
