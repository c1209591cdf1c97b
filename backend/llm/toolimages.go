package llm

import (
	"fmt"
	"strings"
)

// ToolImagesAsUser moves the images of tool results (Message.Images of
// RoleTool messages) into one user message after each run of results, for
// protocols whose tool messages carry only text (OpenAI's chat completions,
// and Ollama, whose models' templates show images of user turns). The
// message's text says which calls the images came from, in order. msgs is
// not changed; without images it comes back as it is.
func ToolImagesAsUser(msgs []Message) []Message {
	has := false
	for _, m := range msgs {
		has = has || (m.Role == RoleTool && len(m.Images) > 0)
	}
	if !has {
		return msgs
	}
	out := make([]Message, 0, len(msgs)+1)
	var from []string
	var images []Image
	for i, m := range msgs {
		if m.Role == RoleTool && len(m.Images) > 0 {
			name := m.ToolName
			if name == "" {
				name = "a tool"
			}
			from = append(from, fmt.Sprintf("%d from %s (call %s)", len(m.Images), name, m.ToolCallID))
			images = append(images, m.Images...)
			m.Images = nil
		}
		out = append(out, m)
		runEnds := m.Role == RoleTool && (i+1 == len(msgs) || msgs[i+1].Role != RoleTool)
		if runEnds && len(images) > 0 {
			out = append(out, Message{Role: RoleUser, Images: images,
				Content: "The images the tool calls above returned, in order: " + strings.Join(from, ", ") + "."})
			from, images = nil, nil
		}
	}
	return out
}
