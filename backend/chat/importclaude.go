package chat

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"mime"
	"path"
	"sort"
	"strings"

	"github.com/google/uuid"
)

// A Claude.ai data export (Settings → Privacy → Export data) is a zip whose
// conversations.json is an array of conversations, each with its messages in
// chat_messages (testdata/claude/README). How they become BookBag chats:
//
//   - A message's parent_message_uuid links it into a tree (an edited
//     question or a retried answer is a sibling), the zero UUID marking the
//     first turn. Older exports have no parent links: their messages form
//     one chain in file order. The export does not say which branch was
//     shown last, so the newest one is shown.
//   - One Claude message holds blocks. An answer's blocks become messages of
//     their own, chained in order, as a ChatGPT import keeps them: thinking
//     is a reasoning message, tool_use a tool_call, tool_result a
//     tool_output, runs of text one answer. The next turn hangs from the
//     last of them.
//   - A question's pasted or uploaded text (attachments with
//     extracted_content) is what Claude read, so it is kept, after the
//     question, under its file name. Uploaded files (images, PDFs) come
//     without their bytes: they are kept as references marked missing.
//   - Web citations on a text block become the answer's citations.
//   - Ids are UUIDv5 of (conversation, message[, block]), so importing the
//     same export again adds nothing.

type claudeConversation struct {
	UUID         string          `json:"uuid"`
	Name         *string         `json:"name"`
	CreatedAt    gptTime         `json:"created_at"`
	UpdatedAt    gptTime         `json:"updated_at"`
	Model        *string         `json:"model"` // conversations from the web API carry it; the export usually not
	ChatMessages []claudeMessage `json:"chat_messages"`
}

type claudeMessage struct {
	UUID        string             `json:"uuid"`
	Text        string             `json:"text"`
	Content     []claudeBlock      `json:"content"`
	Sender      string             `json:"sender"`
	CreatedAt   gptTime            `json:"created_at"`
	UpdatedAt   gptTime            `json:"updated_at"`
	Attachments []claudeAttachment `json:"attachments"`
	Files       []claudeFile       `json:"files"`
	Parent      *string            `json:"parent_message_uuid"`
	StopReason  *string            `json:"stop_reason"`
}

type claudeBlock struct {
	Type      string           `json:"type"`
	Text      string           `json:"text"`
	Thinking  string           `json:"thinking"`
	Name      string           `json:"name"`
	Input     json.RawMessage  `json:"input"`
	Content   json.RawMessage  `json:"content"` // tool_result: a list of blocks, or a string
	IsError   gptBool          `json:"is_error"`
	Citations []claudeCitation `json:"citations"`
	Start     gptTime          `json:"start_timestamp"`
}

type claudeCitation struct {
	URL     string `json:"url"`
	Title   string `json:"title"`
	Details struct {
		URL   string `json:"url"`
		Title string `json:"title"`
	} `json:"details"`
}

type claudeAttachment struct {
	FileName         string  `json:"file_name"`
	FileSize         float64 `json:"file_size"`
	FileType         string  `json:"file_type"`
	ExtractedContent string  `json:"extracted_content"`
}

type claudeFile struct {
	FileName string `json:"file_name"`
	FileUUID string `json:"file_uuid"`
}

// claudeRoot is the parent a conversation's first message names.
const claudeRoot = "00000000-0000-4000-8000-000000000000"

// convertClaude turns one Claude conversation into a chat; ok is false for a
// conversation that cannot be imported (no id), with a warning.
func convertClaude(conv claudeConversation, pinned bool, now int64, w *warnings) (importChat, bool) {
	title := ""
	if conv.Name != nil {
		title = strings.Join(strings.Fields(*conv.Name), " ")
	}
	if conv.UUID == "" {
		w.add("a conversation without an id (%q) was skipped", clip(title, 60))
		return importChat{}, false
	}
	ns := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://bookbag.app/import/claude"))
	idOf := func(key string) string { return uuid.NewSHA1(ns, []byte(conv.UUID+"\x00"+key)).String() }
	model := ""
	if conv.Model != nil && *conv.Model != "" {
		model = "anthropic:" + *conv.Model
	}
	created := conv.CreatedAt.ms
	if created == 0 {
		created = now
	}

	// A message's key is its uuid (its place in the file without one); last
	// is the id of the message a reply hangs from.
	keyOf := func(i int) string {
		if u := conv.ChatMessages[i].UUID; u != "" {
			return u
		}
		return fmt.Sprintf("#%d", i)
	}
	last := map[string]string{}
	linked := false
	for _, cm := range conv.ChatMessages {
		linked = linked || cm.Parent != nil
	}
	var msgs []fileMessage
	prev := ""
	for i, cm := range conv.ChatMessages {
		key := keyOf(i)
		parent := ""
		switch {
		case !linked:
			parent = prev // an older export: one chain in file order
		case cm.Parent != nil && *cm.Parent != claudeRoot && *cm.Parent != "":
			parent = *cm.Parent // resolved below: a parent later in the file is fine
		}
		pieces := claudePieces(cm, w)
		if len(pieces) == 0 {
			// Nothing to show (an empty retry): its replies hang from its parent.
			last[key] = "\x00" + parent
			prev = key
			continue
		}
		for j := range pieces {
			p := &pieces[j]
			p.ID = idOf(key)
			if j < len(pieces)-1 {
				p.ID = idOf(fmt.Sprintf("%s\x00%d", key, j))
			}
			if j > 0 {
				p.ParentID = pieces[j-1].ID
			} else {
				p.ParentID = "\x00" + parent // a key, resolved below
			}
			if p.CreatedAt == 0 {
				p.CreatedAt = cm.CreatedAt.ms
			}
			if p.CreatedAt == 0 {
				p.CreatedAt = created
			}
			p.UpdatedAt = max(cm.UpdatedAt.ms, p.CreatedAt)
			if p.Role == "assistant" {
				p.ModelRef = model
			}
			msgs = append(msgs, *p)
		}
		last[key] = pieces[len(pieces)-1].ID
		prev = key
	}
	// Resolve parent keys to ids, passing over messages that showed nothing.
	resolve := func(key string) string {
		for seen := 0; key != "" && seen <= len(last); seen++ {
			id, ok := last[key]
			if !ok {
				w.add("%q: a message's earlier turn is missing; it starts a new thread", clip(title, 60))
				return ""
			}
			if !strings.HasPrefix(id, "\x00") {
				return id
			}
			key = id[1:]
		}
		return ""
	}
	maxT := created
	for i := range msgs {
		if k, ok := strings.CutPrefix(msgs[i].ParentID, "\x00"); ok {
			msgs[i].ParentID = resolve(k)
		}
		maxT = max(maxT, msgs[i].UpdatedAt)
	}
	sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].CreatedAt < msgs[j].CreatedAt })

	c := fileChat{ID: uuid.NewSHA1(ns, []byte(conv.UUID)).String(), Title: title, Source: FormatClaude,
		CreatedAt: created, UpdatedAt: max(conv.UpdatedAt.ms, maxT), Pinned: pinned, ModelRef: model}
	if c.Title == "" {
		c.Title = titleFromQuestion(msgs)
	}
	return importChat{chat: c, messages: msgs}, true
}

// claudePieces turns one Claude message into BookBag messages, in order,
// without ids or parents.
func claudePieces(cm claudeMessage, w *warnings) []fileMessage {
	blocks := cm.Content
	if len(blocks) == 0 && cm.Text != "" {
		blocks = []claudeBlock{{Type: "text", Text: cm.Text}} // an older export: text only
	}
	base := fileMessage{Kind: KindText, Status: StatusComplete, Citations: []Citation{}, Attachments: []Attachment{}}
	switch cm.Sender {
	case "human", "user":
		m := base
		m.Role = "user"
		var texts []string
		for _, b := range blocks {
			if b.Type == "text" && strings.TrimSpace(b.Text) != "" {
				texts = append(texts, b.Text)
			}
		}
		for _, a := range cm.Attachments {
			if strings.TrimSpace(a.ExtractedContent) == "" {
				m.Attachments = append(m.Attachments, claudeFileRef(a.FileName, a.FileType, int64(a.FileSize)))
				continue
			}
			texts = append(texts, "**"+escapeLine(nameOr(a.FileName))+"**\n\n"+strings.TrimRight(fenced(a.ExtractedContent), "\n"))
		}
		for _, f := range cm.Files {
			m.Attachments = append(m.Attachments, claudeFileRef(f.FileName, "", 0))
		}
		m.Content = strings.Join(texts, "\n\n")
		if m.Content == "" && len(m.Attachments) == 0 {
			return nil
		}
		return []fileMessage{m}
	case "assistant":
	default:
		w.add("messages from %q were skipped", clip(cm.Sender, 30))
		return nil
	}
	var out []fileMessage
	text := -1                     // the answer being written, if the last piece is one
	pages := map[string]citePage{} // what web searches found, by URL, to name what is cited
	for _, b := range blocks {
		m := base
		m.Role, m.CreatedAt = "assistant", b.Start.ms
		switch b.Type {
		case "text":
			if strings.TrimSpace(b.Text) == "" {
				continue
			}
			if text < 0 {
				out = append(out, m)
				text = len(out) - 1
			}
			// Claude splits an answer at each cited passage: one answer
			// again, each passage followed by its sources' [N] markers.
			a := &out[text]
			var marks string
			a.Citations, marks = claudeCitations(a.Citations, b.Citations)
			body := strings.TrimRight(b.Text, " \n")
			a.Content += body + marks + b.Text[len(body):]
			continue
		case "thinking":
			if strings.TrimSpace(b.Thinking) == "" {
				continue
			}
			m.Kind, m.Content = KindReasoning, b.Thinking
		case "tool_use":
			m.Kind, m.ToolName = KindToolCall, b.Name
			m.Content = claudeJSON(b.Input)
		case "tool_result":
			m.Role, m.Kind, m.ToolName = "tool", KindToolOutput, b.Name
			m.Content = claudeToolText(b.Content, pages)
			if b.IsError {
				m.Status, m.Error = StatusError, "the tool reported an error"
			}
			if strings.TrimSpace(m.Content) == "" {
				m.Content = "(no output)"
			}
		default:
			w.add("Claude %s blocks were left out (not supported)", clip(b.Type, 40))
			continue
		}
		out = append(out, m)
		text = -1
	}
	for i := range out {
		for j := range out[i].Citations {
			c := &out[i].Citations[j]
			if p, ok := pages[c.URL]; ok {
				c.DocumentName = cmp.Or(c.DocumentName, p.title)
				c.Text = cmp.Or(c.Text, p.text)
			}
		}
	}
	if n := len(out); n > 0 && cm.StopReason != nil && *cm.StopReason == "max_tokens" {
		out[n-1].FinishReason = "length"
	}
	return out
}

// claudeFileRef is an uploaded file the export names but does not carry.
func claudeFileRef(name, fileType string, size int64) Attachment {
	a := Attachment{Name: cmp.Or(strings.TrimSpace(name), "file"), Size: size, Missing: true}
	ext := path.Ext(name)
	if ext == "" && fileType != "" && !strings.Contains(fileType, "/") {
		ext = "." + fileType
	}
	if strings.Contains(fileType, "/") {
		a.MIME = fileType
	} else if t := mime.TypeByExtension(strings.ToLower(ext)); t != "" {
		a.MIME, _, _ = strings.Cut(t, ";")
	}
	return a
}

// claudeCitations adds a text block's web citations, one per page, and
// returns the block's markers ("[1][2]").
func claudeCitations(cits []Citation, list []claudeCitation) ([]Citation, string) {
	var marks strings.Builder
	marked := map[int]bool{}
	for _, c := range list {
		url, title := c.URL, c.Title
		if url == "" {
			url = c.Details.URL
		}
		if title == "" {
			title = c.Details.Title
		}
		if url == "" && title == "" {
			continue
		}
		n := 0
		for _, have := range cits {
			if (url != "" && have.URL == url) || (url == "" && have.DocumentName == title) {
				n = have.N
			}
		}
		if n == 0 {
			n = len(cits) + 1
			cits = append(cits, Citation{N: n, DocumentName: title, URL: url, Cited: true})
		}
		if !marked[n] {
			marked[n] = true
			fmt.Fprintf(&marks, "[%d]", n)
		}
	}
	return cits, marks.String()
}

// claudeJSON shows a tool call's input: indented JSON.
func claudeJSON(raw json.RawMessage) string {
	var buf bytes.Buffer
	if len(raw) == 0 || json.Indent(&buf, raw, "", "  ") != nil {
		return string(raw)
	}
	return buf.String()
}

// citePage is a page a web search found.
type citePage struct{ title, text string }

// claudeToolText reads a tool result: a string, or a list of text blocks and
// found pages (web search's "knowledge" blocks: title, URL, text), which it
// adds to pages.
func claudeToolText(raw json.RawMessage, pages map[string]citePage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []struct {
		Type  string `json:"type"`
		Text  string `json:"text"`
		Title string `json:"title"`
		URL   string `json:"url"`
	}
	if json.Unmarshal(raw, &list) != nil {
		return claudeJSON(raw)
	}
	var parts []string
	for _, e := range list {
		if e.URL != "" {
			pages[e.URL] = citePage{e.Title, e.Text}
		}
		lines := nonEmpty([]string{e.Title, e.URL})
		if t := strings.TrimSpace(e.Text); t != "" {
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, t)
		}
		if len(lines) > 0 {
			parts = append(parts, strings.Join(lines, "\n"))
		}
	}
	return strings.Join(parts, "\n\n")
}
