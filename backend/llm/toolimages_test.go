package llm

import (
	"reflect"
	"testing"
)

// The images of a run of results follow it in one user message that names
// their calls; results without images and other messages stay as they are.
func TestToolImagesAsUser(t *testing.T) {
	a, b, c := Image{MIME: "image/png", Data: []byte("a")}, Image{MIME: "image/jpeg", Data: []byte("b")}, Image{MIME: "image/gif", Data: []byte("c")}
	calls := Message{Role: RoleAssistant, ToolCalls: []ToolCall{{ID: "c1", Name: "shot"}, {ID: "c2", Name: "read"}, {ID: "c3"}}}
	in := []Message{
		{Role: RoleUser, Content: "look", Images: []Image{c}},
		calls,
		{Role: RoleTool, ToolCallID: "c1", ToolName: "shot", Content: "[image]", Images: []Image{a, b}},
		{Role: RoleTool, ToolCallID: "c2", ToolName: "read", Content: "text"},
		{Role: RoleTool, ToolCallID: "c3", Content: "[image]", Images: []Image{c}},
		{Role: RoleAssistant, Content: "seen"},
	}
	want := []Message{
		in[0], calls,
		{Role: RoleTool, ToolCallID: "c1", ToolName: "shot", Content: "[image]"},
		in[3],
		{Role: RoleTool, ToolCallID: "c3", Content: "[image]"},
		{Role: RoleUser, Content: "The images the tool calls above returned, in order: 2 from shot (call c1), 1 from a tool (call c3).", Images: []Image{a, b, c}},
		in[5],
	}
	if got := ToolImagesAsUser(in); !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	if len(in[2].Images) != 2 {
		t.Fatal("the input was changed")
	}
	plain := []Message{in[0], calls, in[3]}
	if got := ToolImagesAsUser(plain); !reflect.DeepEqual(got, plain) {
		t.Fatalf("without tool images: %+v", got)
	}
}
