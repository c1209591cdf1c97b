package chat

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// A ChatGPT export's conversations.json is an array of conversations, each a
// tree of nodes ("mapping") linked by parent ids, with current_node the leaf
// shown. How it becomes BookBag chats (see ../shared/samples/chatgpt):
//
//   - Every branch is kept. A skipped node (the root, hidden system messages,
//     custom instructions, empty messages) is left out and its children hang
//     from its nearest kept ancestor, so the tree and the branch shown
//     (from current_node up) stay as ChatGPT had them.
//   - Reasoning ("thoughts" and the "Thought for 9s" recap) is kept as its own
//     message of kind reasoning, as ChatGPT shows it: a collapsed trace before
//     the answer. It is not folded into the answer's thinking.
//   - An assistant message addressed to a tool (recipient other than "all")
//     is a tool_call named after the recipient; a message from a tool is a
//     tool_output named after the tool. They are shown as traces and never
//     sent back to a model.
//   - Image parts become attachments with the file-service pointer kept in
//     Ref; the bytes come from the export's zip when it carries them
//     (importfiles.go), otherwise the attachment is marked Missing.
//   - Browsing citations (【5†source】 markers with their offsets) become [N]
//     markers and citations with the page's title and URL.
//   - is_archived archives the chat, is_starred pins it; times are kept
//     (a null create_time falls back to the conversation's).
//   - Ids are UUIDv5 of (conversation id, node id): node ids repeat across
//     conversations ("client-created-root"), and the same export always gives
//     the same ids, so a second import adds nothing.

type gptConversation struct {
	ID             string             `json:"id"`
	ConversationID string             `json:"conversation_id"`
	Title          *string            `json:"title"`
	CreateTime     gptTime            `json:"create_time"`
	UpdateTime     gptTime            `json:"update_time"`
	Mapping        map[string]gptNode `json:"mapping"`
	CurrentNode    *string            `json:"current_node"`
	IsArchived     gptBool            `json:"is_archived"`
	IsStarred      gptBool            `json:"is_starred"`
}

type gptNode struct {
	Message *gptMessage `json:"message"`
	Parent  *string     `json:"parent"`
}

type gptMessage struct {
	Author struct {
		Role string  `json:"role"`
		Name *string `json:"name"`
	} `json:"author"`
	CreateTime gptTime                    `json:"create_time"`
	UpdateTime gptTime                    `json:"update_time"`
	Content    json.RawMessage            `json:"content"`
	Status     *string                    `json:"status"`
	Metadata   map[string]json.RawMessage `json:"metadata"`
	Recipient  *string                    `json:"recipient"`
}

// gptContent is the union of the content shapes we read.
type gptContent struct {
	ContentType string            `json:"content_type"`
	Parts       []json.RawMessage `json:"parts"`
	Text        *string           `json:"text"`   // code, execution_output, tether_quote
	Result      *string           `json:"result"` // tether_browsing_display
	URL         string            `json:"url"`    // tether_quote
	Title       string            `json:"title"`  // tether_quote
	Thoughts    []struct {
		Summary string `json:"summary"`
		Content string `json:"content"`
	} `json:"thoughts"`
	Content json.RawMessage `json:"content"` // reasoning_recap: a string
}

// gptPart is a non-string part of a multimodal message.
type gptPart struct {
	ContentType  string  `json:"content_type"`
	AssetPointer string  `json:"asset_pointer"`
	SizeBytes    float64 `json:"size_bytes"`
	Width        float64 `json:"width"`
	Height       float64 `json:"height"`
	Text         string  `json:"text"` // audio_transcription
}

// gptTime is a Unix time in float seconds; null, strings and nonsense read as unknown.
type gptTime struct{ ms int64 }

func (t *gptTime) UnmarshalJSON(b []byte) error {
	t.ms = 0
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		var s string
		if json.Unmarshal(b, &s) != nil {
			return nil
		}
		if f, err = strconv.ParseFloat(s, 64); err != nil {
			if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
				t.ms = tm.UnixMilli()
			}
			return nil
		}
	}
	// Between 2000 and 2200: anything else is not a real timestamp.
	if !math.IsNaN(f) && f > 946684800 && f < 7258118400 {
		t.ms = int64(math.Round(f * 1000))
	}
	return nil
}

// gptBool is true only for JSON true; null and anything else are false.
type gptBool bool

func (v *gptBool) UnmarshalJSON(b []byte) error {
	*v = gptBool(bytes.Equal(bytes.TrimSpace(b), []byte("true")))
	return nil
}

// meta reads one metadata field; a missing or odd value leaves dst alone.
func meta(m map[string]json.RawMessage, key string, dst any) bool {
	raw, ok := m[key]
	if !ok {
		return false
	}
	return json.Unmarshal(raw, dst) == nil
}

// anyConversation is one conversation of a ChatGPT export (mapping) or of
// a Claude export (chat_messages, importclaude.go): their keys differ, so
// one decode reads either.
type anyConversation struct {
	gptConversation
	claudeConversation
}

// parseConversations reads a conversations.json (ChatGPT's or Claude's) one
// conversation at a time, handing each chat to add before reading the next.
// The format is the one most of its conversations have.
func parseConversations(r io.Reader, now int64, w *warnings, add func(importChat) error) (string, error) {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return "", errors.New("expected a list of conversations")
	}
	ns := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://bookbag.app/import/chatgpt"))
	gpt, claude := 0, 0
	for i := 0; dec.More(); i++ {
		var conv anyConversation
		if err := dec.Decode(&conv); err != nil {
			return "", fmt.Errorf("conversation %d: %w", i+1, err)
		}
		var c importChat
		var ok bool
		if conv.Mapping == nil && conv.ChatMessages != nil {
			claude++
			c, ok = convertClaude(conv.claudeConversation, bool(conv.IsStarred), now, w)
		} else {
			gpt++
			c, ok, err = convertConversation(conv.gptConversation, ns, now, w)
		}
		if err != nil {
			return "", fmt.Errorf("conversation %d: %w", i+1, err)
		}
		if !ok {
			continue
		}
		if len(c.messages) == 0 {
			// Nothing ChatGPT shows (only a root, hidden or empty messages):
			// an empty chat here would be clutter. A later export that has
			// messages for it still imports it.
			w.add("%q has no messages to show; it was skipped", c.chat.Title)
			continue
		}
		if err := add(c); err != nil {
			return "", err
		}
	}
	if _, err := dec.Token(); err != nil {
		return "", err
	}
	if claude > gpt {
		return FormatClaude, nil
	}
	return FormatChatGPT, nil
}

// convertConversation turns one conversation into a chat; ok is false for a
// conversation that cannot be imported (no id), with a warning.
func convertConversation(conv gptConversation, ns uuid.UUID, now int64, w *warnings) (importChat, bool, error) {
	convID := conv.ID
	if convID == "" {
		convID = conv.ConversationID
	}
	title := ""
	if conv.Title != nil {
		title = strings.Join(strings.Fields(*conv.Title), " ")
	}
	if convID == "" {
		w.add("a conversation without an id (%q) was skipped", clip(title, 60))
		return importChat{}, false, nil
	}
	if conv.Mapping == nil {
		return importChat{}, false, fmt.Errorf("%q has no messages (no mapping, nor Claude's chat_messages)", clip(title, 60))
	}
	keys := make([]string, 0, len(conv.Mapping))
	for k := range conv.Mapping {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if err := checkNoCycle(conv.Mapping, keys); err != nil {
		return importChat{}, false, fmt.Errorf("%q: %w", clip(title, 60), err)
	}
	idOf := func(node string) string { return uuid.NewSHA1(ns, []byte(convID+"\x00"+node)).String() }

	// Convert the messages; remember which nodes are kept.
	cites := citeTexts(conv.Mapping)
	kept := map[string]fileMessage{}
	for _, k := range keys {
		n := conv.Mapping[k]
		if n.Message == nil {
			continue
		}
		m, ok := convertMessage(n.Message, cites, w)
		if !ok {
			continue
		}
		m.ID = idOf(k)
		kept[k] = m
	}
	// Each kept node hangs from its nearest kept ancestor.
	memo := map[string]string{}
	nearest := func(k string) string {
		var walked []string
		res := ""
		for cur := k; cur != ""; {
			if r, ok := memo[cur]; ok {
				res = r
				break
			}
			n, ok := conv.Mapping[cur]
			if !ok {
				break // a parent that is not in the file: a root
			}
			walked = append(walked, cur)
			if _, ok := kept[cur]; ok {
				res = cur
				break
			}
			if n.Parent == nil {
				break
			}
			cur = *n.Parent
		}
		for _, x := range walked {
			memo[x] = res
		}
		return res
	}
	created := conv.CreateTime.ms
	msgs := make([]fileMessage, 0, len(kept))
	minT, maxT := int64(0), int64(0)
	for _, m := range kept {
		if m.CreatedAt > 0 && (minT == 0 || m.CreatedAt < minT) {
			minT = m.CreatedAt
		}
		maxT = max(maxT, m.UpdatedAt, m.CreatedAt)
	}
	if created == 0 {
		created = minT
	}
	if created == 0 {
		created = now
	}
	for _, k := range keys {
		m, ok := kept[k]
		if !ok {
			continue
		}
		if p := conv.Mapping[k].Parent; p != nil {
			if a := nearest(*p); a != "" {
				m.ParentID = kept[a].ID
			}
		}
		if m.CreatedAt == 0 {
			m.CreatedAt = created
		}
		if m.UpdatedAt < m.CreatedAt {
			m.UpdatedAt = m.CreatedAt
		}
		msgs = append(msgs, m)
	}
	sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].CreatedAt < msgs[j].CreatedAt })

	c := fileChat{ID: uuid.NewSHA1(ns, []byte(convID)).String(), Title: title, Source: FormatChatGPT,
		CreatedAt: created, Pinned: bool(conv.IsStarred)}
	c.UpdatedAt = max(conv.UpdateTime.ms, maxT, created)
	if conv.IsArchived {
		c.ArchivedAt = c.UpdatedAt
	}
	if conv.CurrentNode != nil {
		if _, ok := conv.Mapping[*conv.CurrentNode]; ok {
			if a := nearest(*conv.CurrentNode); a != "" {
				c.ActiveLeafID = kept[a].ID
			}
		} else {
			w.add("%q: the message shown last is missing; the newest branch is shown", clip(title, 60))
		}
	}
	if c.Title == "" {
		c.Title = titleFromQuestion(msgs)
	}
	return importChat{chat: c, messages: msgs}, true, nil
}

// titleFromQuestion titles an untitled imported chat after its first
// question, as a chat made here is titled before its title is generated.
func titleFromQuestion(msgs []fileMessage) string {
	for _, m := range msgs {
		if m.Role == "user" && strings.TrimSpace(m.Content) != "" {
			return fallbackTitle(m.Content)
		}
	}
	return "Untitled"
}

// checkNoCycle fails when following parent links from some node comes back
// to it (a damaged file; an importer that followed it would never stop).
func checkNoCycle(mapping map[string]gptNode, keys []string) error {
	done := make(map[string]bool, len(mapping))
	for _, k := range keys {
		onPath := map[string]bool{}
		cur := k
		for cur != "" && !done[cur] {
			if onPath[cur] {
				return errors.New("its message tree loops back on itself")
			}
			onPath[cur] = true
			n, ok := mapping[cur]
			if !ok || n.Parent == nil {
				break
			}
			cur = *n.Parent
		}
		for x := range onPath {
			done[x] = true
		}
	}
	return nil
}

// citeTexts maps a web page's URL to the text a browsing tool quoted from it.
func citeTexts(mapping map[string]gptNode) map[string]string {
	out := map[string]string{}
	for _, n := range mapping {
		if n.Message == nil {
			continue
		}
		var cm struct {
			MetadataList []struct {
				URL  string `json:"url"`
				Text string `json:"text"`
			} `json:"metadata_list"`
		}
		if !meta(n.Message.Metadata, "_cite_metadata", &cm) {
			continue
		}
		for _, e := range cm.MetadataList {
			if e.URL != "" && len(e.Text) > len(out[e.URL]) {
				out[e.URL] = e.Text
			}
		}
	}
	return out
}

// convertMessage turns one node's message into a BookBag message; ok is false
// for what is never imported (hidden, empty, custom instructions).
func convertMessage(gm *gptMessage, cites map[string]string, w *warnings) (fileMessage, bool) {
	var hidden, userSystem bool
	meta(gm.Metadata, "is_visually_hidden_from_conversation", &hidden)
	meta(gm.Metadata, "is_user_system_message", &userSystem)
	if hidden {
		return fileMessage{}, false
	}
	var ct gptContent
	if len(gm.Content) == 0 || json.Unmarshal(gm.Content, &ct) != nil {
		w.add("messages with unreadable content were skipped")
		return fileMessage{}, false
	}
	role := gm.Author.Role
	recipient := "all"
	if gm.Recipient != nil && *gm.Recipient != "" {
		recipient = *gm.Recipient
	}
	m := fileMessage{Kind: KindText, Status: StatusComplete, CreatedAt: gm.CreateTime.ms, UpdatedAt: gm.UpdateTime.ms,
		Citations: []Citation{}, Attachments: []Attachment{}}
	switch role {
	case "user", "assistant", "system", "tool":
		m.Role = role
	default:
		w.add("messages from %q were skipped", clip(role, 30))
		return fileMessage{}, false
	}
	if role == "system" && userSystem || ct.ContentType == "user_editable_context" {
		return fileMessage{}, false // custom instructions: not a message
	}

	switch ct.ContentType {
	case "text", "multimodal_text":
		var texts []string
		for _, raw := range ct.Parts {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				texts = append(texts, s)
				continue
			}
			var p gptPart
			if json.Unmarshal(raw, &p) != nil {
				continue
			}
			switch {
			case p.ContentType == "image_asset_pointer":
				m.Attachments = append(m.Attachments, imageRef(p, gm.Metadata))
			case p.Text != "":
				texts = append(texts, p.Text)
			case p.ContentType != "":
				w.add("%s parts were left out (not supported)", clip(p.ContentType, 40))
			}
		}
		m.Content = strings.Join(nonEmpty(texts), "\n\n")
		if role == "user" {
			m.Attachments = append(m.Attachments, uploadRefs(gm.Metadata, m.Attachments)...)
		}
	case "code", "execution_output", "system_error":
		if ct.Text != nil {
			m.Content = *ct.Text
		}
	case "tether_browsing_display":
		if ct.Result != nil {
			m.Content = *ct.Result
		}
	case "tether_quote":
		var b strings.Builder
		if ct.Title != "" {
			b.WriteString(ct.Title + "\n")
		}
		if ct.URL != "" {
			b.WriteString(ct.URL + "\n")
		}
		if ct.Text != nil {
			b.WriteString("\n" + *ct.Text)
		}
		m.Content = strings.TrimSpace(b.String())
	case "thoughts":
		var parts []string
		for _, t := range ct.Thoughts {
			s := strings.TrimSpace(t.Content)
			if sum := strings.TrimSpace(t.Summary); sum != "" {
				s = strings.TrimSpace("**" + sum + "**\n\n" + s)
			}
			if s != "" {
				parts = append(parts, s)
			}
		}
		m.Content = strings.Join(parts, "\n\n")
		m.Kind = KindReasoning
	case "reasoning_recap":
		var s string
		json.Unmarshal(ct.Content, &s)
		m.Content = s
		m.Kind = KindReasoning
	default:
		switch {
		case ct.Text != nil:
			m.Content = *ct.Text
		case len(ct.Parts) > 0:
			for _, raw := range ct.Parts {
				var s string
				if json.Unmarshal(raw, &s) == nil && s != "" {
					m.Content += s
				}
			}
		}
		if m.Content == "" {
			w.add("%s messages were left out (not supported)", clip(ct.ContentType, 40))
			return fileMessage{}, false
		}
	}
	if strings.TrimSpace(m.Content) == "" && len(m.Attachments) == 0 {
		return fileMessage{}, false // nothing to show: empty parts, thoughts: []
	}

	switch {
	case role == "tool":
		m.Kind = KindToolOutput
		if gm.Author.Name != nil {
			m.ToolName = *gm.Author.Name
		}
	case role == "assistant" && recipient != "all" && m.Kind == KindText:
		m.Kind, m.ToolName = KindToolCall, recipient
	}
	if role == "assistant" {
		var slug string
		if meta(gm.Metadata, "model_slug", &slug) && slug != "" {
			m.ModelRef = "openai:" + slug
		}
		finishOf(gm, &m)
		if m.Kind == KindText {
			m.Content, m.Citations = webCitations(m.Content, gm.Metadata, cites)
		}
	}
	if gm.Status != nil && *gm.Status == "in_progress" {
		m.Status = StatusInterrupted
	}
	return m, true
}

// finishOf reads why an answer ended; one the user stopped is stopped.
func finishOf(gm *gptMessage, m *fileMessage) {
	var fd struct {
		Type string `json:"type"`
	}
	meta(gm.Metadata, "finish_details", &fd)
	complete := true
	meta(gm.Metadata, "is_complete", &complete)
	switch {
	case fd.Type == "interrupted" || !complete:
		m.Status, m.FinishReason = StatusStopped, "stopped"
	case fd.Type == "max_tokens":
		m.FinishReason = "length"
	case fd.Type == "stop":
		m.FinishReason = "stop"
	}
}

// imageRef describes an image part; the upload's name and type come from the
// message's attachments list when it has them.
func imageRef(p gptPart, md map[string]json.RawMessage) Attachment {
	fileID := strings.TrimPrefix(p.AssetPointer, "file-service://")
	fileID = strings.TrimPrefix(fileID, "sediment://")
	a := Attachment{Name: fileID, Size: int64(p.SizeBytes), Width: int(p.Width), Height: int(p.Height),
		Missing: true, Ref: p.AssetPointer}
	var list []struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		MimeType string `json:"mime_type"`
	}
	meta(md, "attachments", &list)
	for _, e := range list {
		if e.ID == fileID {
			if e.Name != "" {
				a.Name = e.Name
			}
			a.MIME = e.MimeType
		}
	}
	if a.Name == "" {
		a.Name = "image"
	}
	return a
}

// uploadRefs lists the files a question's metadata names that no image part
// shows (a PDF, a spreadsheet given to ChatGPT): kept as references, so the
// question still says what it was asked about.
func uploadRefs(md map[string]json.RawMessage, images []Attachment) []Attachment {
	var list []struct {
		ID       string  `json:"id"`
		Name     string  `json:"name"`
		MimeType string  `json:"mime_type"`
		Size     float64 `json:"size"`
	}
	meta(md, "attachments", &list)
	var out []Attachment
next:
	for _, e := range list {
		if e.ID == "" && e.Name == "" {
			continue
		}
		for _, a := range images {
			if e.ID != "" && pointerFileID(a.Ref) == e.ID {
				continue next
			}
		}
		a := Attachment{Name: cmp.Or(strings.TrimSpace(e.Name), "file"), MIME: e.MimeType, Size: int64(e.Size), Missing: true}
		if e.ID != "" {
			a.Ref = "file-service://" + e.ID
		}
		out = append(out, a)
	}
	return out
}

// webCitations replaces browsing markers (【5†source】, located by code-point
// offsets) with [N], one number per distinct page, and lists the pages.
func webCitations(content string, md map[string]json.RawMessage, quoted map[string]string) (string, []Citation) {
	var list []struct {
		Start    *int `json:"start_ix"`
		End      *int `json:"end_ix"`
		Metadata struct {
			Title string `json:"title"`
			URL   string `json:"url"`
			Text  string `json:"text"`
		} `json:"metadata"`
	}
	cits := []Citation{}
	if !meta(md, "citations", &list) || len(list) == 0 {
		return content, cits
	}
	num := map[string]int{}
	type mark struct{ start, end, n int }
	var marks []mark
	for _, c := range list {
		key := c.Metadata.URL
		if key == "" {
			key = c.Metadata.Title
		}
		if key == "" {
			continue
		}
		n, ok := num[key]
		if !ok {
			n = len(cits) + 1
			num[key] = n
			text := c.Metadata.Text
			if text == "" {
				text = quoted[c.Metadata.URL]
			}
			cits = append(cits, Citation{N: n, DocumentName: c.Metadata.Title, URL: c.Metadata.URL, Text: text, Cited: true})
		}
		if c.Start != nil && c.End != nil {
			marks = append(marks, mark{*c.Start, *c.End, n})
		}
	}
	runes := []rune(content)
	sort.Slice(marks, func(i, j int) bool { return marks[i].start > marks[j].start })
	limit := len(runes)
	for _, mk := range marks {
		if mk.start < 0 || mk.end > limit || mk.start >= mk.end {
			continue // overlapping or out of range: leave the text as it is
		}
		seg := string(runes[mk.start:mk.end])
		if !strings.HasPrefix(seg, "【") || !strings.HasSuffix(seg, "】") {
			continue
		}
		rep := []rune(fmt.Sprintf("[%d]", mk.n))
		runes = append(runes[:mk.start], append(rep, runes[mk.end:]...)...)
		limit = mk.start
	}
	return string(runes), cits
}

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
