package localapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"

	"bookbag/backend/llm"
)

// toLLM turns OpenAI messages into the app's: system and developer
// messages become the system text (every provider takes one), images must
// be data URLs (the server fetches nothing), and a tool result carries the
// name of the call it answers (Ollama shows the model the name).
func toLLM(in []chatMessage) (string, []llm.Message, *apiError) {
	var system []string
	out := make([]llm.Message, 0, len(in))
	names := map[string]string{} // tool call id -> tool name
	for i, m := range in {
		param := "messages[" + itoa(i) + "]"
		text, images, aerr := content(m.Content, param)
		if aerr != nil {
			return "", nil, aerr
		}
		switch m.Role {
		case "system", "developer":
			system = append(system, text)
		case llm.RoleUser:
			if strings.TrimSpace(text) == "" && len(images) == 0 {
				return "", nil, invalid(param+".content", "a user message needs content")
			}
			out = append(out, llm.Message{Role: llm.RoleUser, Content: text, Images: images})
		case llm.RoleAssistant:
			am := llm.Message{Role: llm.RoleAssistant, Content: text}
			for j, tc := range m.ToolCalls {
				if tc.ID == "" || tc.Function.Name == "" {
					return "", nil, invalid(param+".tool_calls["+itoa(j)+"]", "a tool call needs an id and a function name")
				}
				args := json.RawMessage(tc.Function.Arguments)
				if len(bytes.TrimSpace(args)) == 0 {
					args = json.RawMessage("{}")
				}
				if !llm.IsJSONObject(args) {
					return "", nil, invalid(param+".tool_calls["+itoa(j)+"].function.arguments", "the arguments must be a JSON object in a string")
				}
				am.ToolCalls = append(am.ToolCalls, llm.ToolCall{ID: tc.ID, Name: tc.Function.Name, Arguments: args})
				names[tc.ID] = tc.Function.Name
			}
			out = append(out, am)
		case llm.RoleTool:
			if m.ToolCallID == "" {
				return "", nil, invalid(param+".tool_call_id", "a tool message needs the tool_call_id it answers")
			}
			out = append(out, llm.Message{Role: llm.RoleTool, Content: text, ToolCallID: m.ToolCallID, ToolName: names[m.ToolCallID]})
		default:
			return "", nil, invalid(param+".role", "unknown role %q (want system, developer, user, assistant or tool)", m.Role)
		}
	}
	if len(out) == 0 {
		return "", nil, invalid("messages", "the conversation needs at least one user message")
	}
	return strings.Join(system, "\n\n"), out, nil
}

// content reads a message's content: a string, null, or an array of text
// and image_url parts.
func content(raw json.RawMessage, param string) (string, []llm.Image, *apiError) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", nil, invalid(param+".content", "content is not a valid string")
		}
		return s, nil, nil
	}
	var parts []contentPart
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", nil, invalid(param+".content", "content must be a string or an array of parts")
	}
	var text []string
	var images []llm.Image
	for j, p := range parts {
		switch p.Type {
		case "text":
			text = append(text, p.Text)
		case "image_url":
			if p.ImageURL == nil {
				return "", nil, invalid(param+".content["+itoa(j)+"].image_url", "an image part needs image_url.url")
			}
			img, ok := dataURL(p.ImageURL.URL)
			if !ok {
				return "", nil, invalid(param+".content["+itoa(j)+"].image_url.url",
					"images must be sent inline as data:image/…;base64 URLs: this server does not fetch URLs")
			}
			images = append(images, img)
		default:
			return "", nil, invalid(param+".content["+itoa(j)+"].type", "unsupported content part %q (want text or image_url)", p.Type)
		}
	}
	return strings.Join(text, "\n"), images, nil
}

func dataURL(u string) (llm.Image, bool) {
	rest, ok := strings.CutPrefix(u, "data:")
	if !ok {
		return llm.Image{}, false
	}
	meta, data, ok := strings.Cut(rest, ",")
	mime, isB64 := strings.CutSuffix(meta, ";base64")
	if !ok || !isB64 || !strings.HasPrefix(mime, "image/") {
		return llm.Image{}, false
	}
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return llm.Image{}, false
	}
	return llm.Image{MIME: mime, Data: b}, true
}

// tools reads the tools and tool_choice. A choice naming one function is
// "required" with only that function offered, which is what it means.
func tools(defs []toolDef, choice json.RawMessage) ([]llm.Tool, string, *apiError) {
	out := make([]llm.Tool, 0, len(defs))
	for i, d := range defs {
		if d.Type != "function" {
			return nil, "", invalid("tools["+itoa(i)+"].type", "only function tools are supported")
		}
		out = append(out, llm.Tool{Name: d.Function.Name, Description: d.Function.Description, Parameters: d.Function.Parameters})
	}
	choice = bytes.TrimSpace(choice)
	if len(choice) == 0 || string(choice) == "null" {
		return out, "", nil
	}
	var s string
	if json.Unmarshal(choice, &s) == nil {
		switch s {
		case llm.ToolChoiceAuto, llm.ToolChoiceNone, llm.ToolChoiceRequired:
			return out, s, nil
		}
		return nil, "", invalid("tool_choice", "unknown tool_choice %q (want auto, none, required or a function)", s)
	}
	var named struct {
		Type     string `json:"type"`
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
	}
	if err := json.Unmarshal(choice, &named); err != nil || named.Type != "function" || named.Function.Name == "" {
		return nil, "", invalid("tool_choice", "tool_choice must be auto, none, required or {\"type\":\"function\",\"function\":{\"name\":…}}")
	}
	for _, t := range out {
		if t.Name == named.Function.Name {
			return []llm.Tool{t}, llm.ToolChoiceRequired, nil
		}
	}
	return nil, "", invalid("tool_choice", "tool_choice names %q, which is not one of the tools", named.Function.Name)
}
