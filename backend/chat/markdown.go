package chat

import (
	"bookbag/backend/citemark"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// renderMarkdown writes a chat's branch as a Markdown document: a title and a
// short header (model, dates), then each message under a role heading.
// Thinking is a collapsible <details> block, imported reasoning a quote, tool
// calls and outputs fenced blocks, citations footnotes at the end.
func renderMarkdown(c Chat, branch []Message) string {
	var b strings.Builder
	title := c.Title
	if strings.TrimSpace(title) == "" {
		title = "Untitled chat"
	}
	fmt.Fprintf(&b, "# %s\n\n", escapeLine(title))
	if models := modelsOf(c, branch); models != "" {
		fmt.Fprintf(&b, "- Model: %s\n", models)
	}
	fmt.Fprintf(&b, "- Created: %s\n", mdTime(c.CreatedAt))
	if c.UpdatedAt > c.CreatedAt {
		fmt.Fprintf(&b, "- Updated: %s\n", mdTime(c.UpdatedAt))
	}
	switch c.Source {
	case "chatgpt":
		b.WriteString("- Imported from ChatGPT\n")
	case "claude":
		b.WriteString("- Imported from Claude\n")
	case "bookbag":
		b.WriteString("- Imported from a BookBag file\n")
	}
	if c.ArchivedAt > 0 {
		b.WriteString("- Archived\n")
	}
	if strings.TrimSpace(c.SystemPrompt) != "" {
		b.WriteString("\n**System prompt**\n\n")
		b.WriteString(quote(c.SystemPrompt))
	}
	var notes []string // footnote definitions, in order
	for _, m := range branch {
		b.WriteString("\n---\n\n")
		writeMessage(&b, m, &notes)
	}
	if len(notes) > 0 {
		b.WriteString("\n---\n\n")
		for _, n := range notes {
			b.WriteString(n)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func writeMessage(b *strings.Builder, m Message, notes *[]string) {
	switch m.Kind {
	case KindReasoning:
		b.WriteString("> **Reasoning**\n>\n")
		b.WriteString(quote(m.Content))
		return
	case KindToolCall:
		fmt.Fprintf(b, "### Tool call%s\n\n", toolSuffix(m.ToolName))
		b.WriteString(fenced(m.Content))
		return
	case KindToolOutput:
		fmt.Fprintf(b, "### Tool output%s\n\n", toolSuffix(m.ToolName))
		writeAttachments(b, m.Attachments)
		if strings.TrimSpace(m.Content) != "" {
			b.WriteString(fenced(m.Content))
		}
		return
	}
	switch m.Role {
	case "user":
		b.WriteString("## You\n\n")
	case "assistant":
		if name := modelName(m.ModelRef); name != "" {
			fmt.Fprintf(b, "## Assistant (%s)\n\n", name)
		} else {
			b.WriteString("## Assistant\n\n")
		}
	case "system":
		b.WriteString("## System\n\n")
	default:
		fmt.Fprintf(b, "## %s\n\n", escapeLine(m.Role))
	}
	writeAttachments(b, m.Attachments)
	if strings.TrimSpace(m.Thinking) != "" {
		b.WriteString("<details>\n<summary>Thinking</summary>\n\n")
		b.WriteString(strings.TrimRight(m.Thinking, "\n"))
		b.WriteString("\n\n</details>\n\n")
	}
	content := strings.TrimRight(m.Content, "\n")
	if len(m.Citations) > 0 {
		content = footnotes(content, m.Citations, notes)
	}
	if content != "" {
		b.WriteString(content)
		b.WriteString("\n")
	}
	switch m.Status {
	case StatusStopped:
		b.WriteString("\n*Stopped before the end.*\n")
	case StatusInterrupted:
		b.WriteString("\n*Interrupted before the end.*\n")
	case StatusStreaming:
		b.WriteString("\n*Still being written when exported: the rest is not included.*\n")
	case StatusError:
		fmt.Fprintf(b, "\n> **Error:** %s\n", escapeLine(m.Error))
	}
}

func writeAttachments(b *strings.Builder, atts []Attachment) {
	for _, a := range atts {
		var info []string
		if a.MIME != "" {
			info = append(info, a.MIME)
		}
		if a.Width > 0 && a.Height > 0 {
			info = append(info, fmt.Sprintf("%d×%d", a.Width, a.Height))
		}
		if a.Size > 0 {
			info = append(info, humanSize(a.Size))
		}
		if a.Missing {
			info = append(info, "not included")
		}
		label := "Image"
		if !isImageRef(a) {
			label = "File"
		}
		fmt.Fprintf(b, "*%s: %s", label, escapeLine(nameOr(a.Name)))
		if len(info) > 0 {
			fmt.Fprintf(b, " (%s)", strings.Join(info, ", "))
		}
		b.WriteString("*\n\n")
	}
}

// footnotes turns the [N] markers of an answer (grouped [1, 2] and
// ranged [1-3] ones too, each number its own footnote) into Markdown footnotes with
// labels unique in the document, outside code, and adds one definition per
// citation (those the answer does not mark are listed after it).
func footnotes(content string, cits []Citation, notes *[]string) string {
	label := map[int]int{}
	for _, c := range cits {
		if _, ok := label[c.N]; !ok {
			*notes = append(*notes, footnoteDef(len(*notes)+1, c))
			label[c.N] = len(*notes)
		}
	}
	used := map[int]bool{}
	content = citemark.OutsideCode(content, func(s string) string {
		return citemark.Rewrite(s, func(n int) bool { _, ok := label[n]; return ok }, func(n int) string {
			used[label[n]] = true
			return fmt.Sprintf("[^%d]", label[n])
		})
	})
	var rest []string
	for _, c := range cits {
		if l := label[c.N]; !used[l] {
			used[l] = true
			rest = append(rest, fmt.Sprintf("[^%d]", l))
		}
	}
	if len(rest) > 0 {
		content += "\n\nSources: " + strings.Join(rest, " ")
	}
	return content
}

func footnoteDef(label int, c Citation) string {
	parts := []string{}
	name := c.DocumentName
	if name == "" {
		name = c.URL
	}
	if name != "" {
		parts = append(parts, "**"+escapeLine(name)+"**")
	}
	if c.Page > 0 {
		parts = append(parts, fmt.Sprintf("page %d", c.Page))
	}
	if c.URL != "" && c.URL != name {
		parts = append(parts, "<"+c.URL+">")
	}
	if t := strings.Join(strings.Fields(c.Text), " "); t != "" && t != c.URL {
		parts = append(parts, "“"+escapeLine(clip(t, 240))+"”")
	}
	return fmt.Sprintf("[^%d]: %s", label, strings.Join(parts, ", "))
}

// fenced wraps text in a code fence longer than any backtick run inside it.
func fenced(text string) string {
	longest, run := 0, 0
	for _, r := range text {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", max(3, longest+1))
	return f + "\n" + strings.TrimRight(text, "\n") + "\n" + f + "\n"
}

// quote prefixes every line with "> ".
func quote(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// escapeLine keeps a value on one line (titles, names, errors).
func escapeLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func toolSuffix(name string) string {
	if name == "" {
		return ""
	}
	return ": " + escapeLine(name)
}

// modelsOf names the chat's model, or the models its answers came from.
func modelsOf(c Chat, branch []Message) string {
	if c.ModelRef != "" {
		return "`" + c.ModelRef + "`"
	}
	var out []string
	seen := map[string]bool{}
	for _, m := range branch {
		if m.ModelRef != "" && !seen[m.ModelRef] {
			seen[m.ModelRef] = true
			out = append(out, "`"+m.ModelRef+"`")
		}
	}
	return strings.Join(out, ", ")
}

// modelName is the model part of a ref ("openai:gpt-4o" -> "gpt-4o").
func modelName(ref string) string {
	if _, name, ok := strings.Cut(ref, ":"); ok {
		return name
	}
	return ref
}

func mdTime(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04 UTC")
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
