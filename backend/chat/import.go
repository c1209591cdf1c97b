package chat

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/google/uuid"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/store"
)

// ImportResult says what an import did.
type ImportResult struct {
	Format          string   `json:"format"` // "chatgpt", "claude" or "bookbag"
	ChatsAdded      int      `json:"chatsAdded"`
	ChatsSkipped    int      `json:"chatsSkipped"` // already there (imported before)
	MessagesAdded   int      `json:"messagesAdded"`
	MessagesSkipped int      `json:"messagesSkipped"`
	ChatIDs         []string `json:"chatIds"` // the file's chats as stored, in file order
	Warnings        []string `json:"warnings"`
}

// Import formats.
const (
	FormatChatGPT = "chatgpt"
	FormatClaude  = "claude"
	FormatBookBag = "bookbag"
)

// defaultImportLimit bounds the bytes of one import (also once unzipped).
const defaultImportLimit = 512 << 20

// maxWarnings keeps the warning list readable; the rest are counted.
const maxWarnings = 50

// importChat is one chat of a file in the neutral (BookBag file) form, with
// ids already final.
type importChat struct {
	chat     fileChat
	messages []fileMessage
	// copyable is a BookBag chat file's chat: deleted here since, or in
	// another workspace, it comes back here as a copy (importbookbag.go).
	copyable bool
}

// warnings collects the import's notes, each distinct text once.
type warnings struct {
	list  []string
	seen  map[string]bool
	extra int
}

func (w *warnings) add(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	if w.seen[msg] {
		return
	}
	w.seen[msg] = true
	if len(w.list) >= maxWarnings {
		w.extra++
		return
	}
	w.list = append(w.list, msg)
}

func (w *warnings) result() []string {
	out := append([]string{}, w.list...)
	if w.extra > 0 {
		out = append(out, fmt.Sprintf("… and %d more notes", w.extra))
	}
	return out
}

// Import adds the chats of a BookBag chat file or a ChatGPT or Claude
// export (conversations.json, or the export's .zip) to a workspace. The format is
// sniffed from the bytes; name (the file name) is only for messages.
//
// Ids are stable (kept from a BookBag file, derived from the conversation and
// node or message ids of an export), so importing a file again adds nothing;
// importing a newer export of the same conversations adds what is new. The
// whole file is checked before anything is written: a damaged file changes
// nothing. Rows keep their original times (so the sidebar groups them by
// when they happened) and are logged for sync like any other change.
//
// It reports progress (events.ChatImport) and stops when CancelImport is
// called, keeping the batches of whole chats already written and saying how
// many (importing the file again adds the rest). One import runs at a time.
func (s *Service) Import(ctx context.Context, workspaceID, name string, data []byte) (ImportResult, error) {
	return s.ImportFrom(ctx, workspaceID, name, bytes.NewReader(data), int64(len(data)))
}

// ImportFile imports the file at path like Import, reading it as it goes.
func (s *Service) ImportFile(ctx context.Context, workspaceID, path string) (ImportResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return ImportResult{}, apperr.Wrap(err, apperr.NotFound, "could not read %s", filepath.Base(path))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return ImportResult{}, apperr.Wrap(err, apperr.NotFound, "could not read %s", filepath.Base(path))
	}
	return s.ImportFrom(ctx, workspaceID, filepath.Base(path), f, fi.Size())
}

// ImportFrom imports size bytes of r like Import. A conversations.json is
// read one conversation at a time, twice: once to check the whole file (a
// damaged file changes nothing), then to write it in batches of chats, each
// its own transaction, so a large export is never held in memory whole and
// never holds the database's one writer for long (importbatch.go).
func (s *Service) ImportFrom(ctx context.Context, workspaceID, name string, r io.ReaderAt, size int64) (ImportResult, error) {
	ctx, end, _, ok := s.importJob.Begin(ctx, "import")
	if !ok {
		return ImportResult{}, apperr.New(apperr.Conflict, "another import is running; wait for it or cancel it")
	}
	defer end()
	return s.importFile(ctx, workspaceID, name, r, size)
}

// CancelImport stops the running import, if any. The batches it wrote stay
// (the error says how many chats); the one it was writing is rolled back.
func (s *Service) CancelImport() { s.importJob.Cancel() }

func (s *Service) importFile(ctx context.Context, workspaceID, name string, r io.ReaderAt, size int64) (ImportResult, error) {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || name == "" {
		name = "the file"
	}
	if workspaceID == "" {
		return ImportResult{}, apperr.New(apperr.Invalid, "choose a workspace to import into")
	}
	if err := s.liveWorkspace(ctx, s.db.R, workspaceID); err != nil {
		return ImportResult{}, err
	}
	src, err := openExport(r, size, s.importLimit)
	if errors.Is(err, errTooLarge) {
		return ImportResult{}, apperr.New(apperr.Invalid, "%s is too large to import (%s; at most %s)",
			name, humanSize(size), humanSize(s.importLimit))
	}
	if err != nil {
		return ImportResult{}, apperr.Wrap(err, apperr.Invalid, "%s could not be read: %v", name, err)
	}
	imp := &chatImport{svc: s, ctx: ctx, ws: workspaceID, name: name, src: src, now: s.db.Now(),
		res: ImportResult{ChatIDs: []string{}}, images: &importedFiles{svc: s, files: src.files}}
	if err := imp.check(); err != nil {
		if ctx.Err() != nil {
			return ImportResult{}, apperr.New(apperr.Canceled, "import cancelled; nothing was added")
		}
		return ImportResult{}, fmt.Errorf("import chats: %w", err)
	}
	if err := imp.write(); err != nil {
		return ImportResult{}, imp.stopped(err)
	}
	imp.res.Warnings = imp.w.result()
	if imp.res.ChatsAdded > 0 || imp.res.MessagesAdded > 0 || imp.images.filled > 0 {
		s.changed(workspaceID, "chats", "messages")
	}
	return imp.res, nil
}

// exportSource is the export's JSON as streams: the file itself, or inside
// a zip archive conversations.json, the numbered conversations-NNN.json
// that newer exports split it into, or the one .json file.
type exportSource struct {
	parts []exportPart
	total int64       // bytes of JSON, for progress
	files exportFiles // the images the zip carries
}

// exportPart is one JSON file of an export, opened when it is read.
type exportPart struct {
	name string // inside the zip; "" for the file itself
	open func() (io.ReadCloser, error)
}

// errUnpackedTooLarge marks a zip entry that unpacks past the import limit.
type errUnpackedTooLarge struct{ name, limit string }

func (e errUnpackedTooLarge) Error() string {
	return fmt.Sprintf("%s is larger than %s unpacked", e.name, e.limit)
}

// limitReader fails once more than n bytes were read (a zip bomb stops there).
type limitReader struct {
	r   io.Reader
	n   int64
	err error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, l.err
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, l.err
	}
	return n, err
}

// errTooLarge is a file (not a zip) over the import limit.
var errTooLarge = errors.New("file too large")

// openExport finds the export's JSON: the file itself, or in a zip
// archive conversations.json, else its conversations-NNN.json parts in
// order, else its one .json file. The limit bounds each JSON file: a zip may
// be larger, since its images are read one at a time.
func openExport(r io.ReaderAt, size, limit int64) (*exportSource, error) {
	head := make([]byte, 4)
	if n, _ := r.ReadAt(head, 0); n < 4 || !bytes.Equal(head, []byte("PK\x03\x04")) {
		if size > limit {
			return nil, errTooLarge
		}
		whole := func() (io.ReadCloser, error) { return io.NopCloser(io.NewSectionReader(r, 0, size)), nil }
		return &exportSource{parts: []exportPart{{open: whole}}, total: size}, nil
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("it is not a whole zip archive (it may be damaged or cut short): %w", err)
	}
	var whole *zip.File
	var shards, jsons []*zip.File
	for _, f := range zr.File {
		base := path.Base(f.Name)
		switch {
		case base == "conversations.json":
			whole = f
		case shardName.MatchString(base):
			shards = append(shards, f)
		case strings.HasSuffix(strings.ToLower(base), ".json") && !strings.HasPrefix(base, "."):
			jsons = append(jsons, f)
		}
		if whole != nil {
			break
		}
	}
	picked := shards
	switch {
	case whole != nil:
		picked = []*zip.File{whole}
	case len(shards) > 0:
		sort.Slice(picked, func(i, j int) bool { return path.Base(picked[i].Name) < path.Base(picked[j].Name) })
	case len(jsons) == 1:
		picked = jsons
	default:
		return nil, errors.New("the archive has no conversations.json")
	}
	src := &exportSource{files: indexExportFiles(zr)}
	for _, f := range picked {
		base := path.Base(f.Name)
		src.total += int64(min(f.UncompressedSize64, uint64(limit)))
		src.parts = append(src.parts, exportPart{name: base, open: func() (io.ReadCloser, error) {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			return struct {
				io.Reader
				io.Closer
			}{&limitReader{r: rc, n: limit, err: errUnpackedTooLarge{base, humanSize(limit)}}, rc}, nil
		}})
	}
	return src, nil
}

// shardName is the name of one part of a split conversations.json.
var shardName = regexp.MustCompile(`^conversations-[0-9]+\.json$`)

// progressReader counts what was read and stops reading once ctx is done,
// so a cancel is felt even inside one large conversation.
type progressReader struct {
	r   io.Reader
	ctx context.Context
	n   atomic.Int64 // read by the writer while the reader goroutine counts
}

func (p *progressReader) Read(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := p.r.Read(b)
	p.n.Add(int64(n))
	return n, err
}

// parseImport sniffs the format and parses the file, handing each chat to
// add as it is read.
func parseImport(r io.Reader, name string, now int64, w *warnings, add func(importChat) error) (string, error) {
	var addErr error
	format, err := sniffAndParse(r, name, now, w, func(c importChat) error {
		addErr = add(c)
		return addErr
	})
	if addErr != nil {
		return "", addErr // not the file's fault: the file is not called damaged
	}
	return format, err
}

func sniffAndParse(r io.Reader, name string, now int64, w *warnings, add func(importChat) error) (string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	notExport := apperr.New(apperr.Invalid, "%s is not a ChatGPT or Claude export (conversations.json) or a BookBag chat file", name)
	var first byte
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return "", notExport
		}
		if err != nil {
			return "", damaged(name, err)
		}
		if !strings.ContainsRune(" \t\r\n", rune(b[0])) {
			first = b[0]
			break
		}
		br.Discard(1)
	}
	switch first {
	case '[':
		format, err := parseConversations(br, now, w, add)
		if err != nil {
			return "", damaged(name, err)
		}
		// Read to the end: a zip entry's checksum is checked only there.
		if _, err := io.Copy(io.Discard, br); err != nil {
			return "", damaged(name, err)
		}
		return format, nil
	case '{':
		data, err := io.ReadAll(br) // one chat or one conversation
		if err != nil {
			return "", damaged(name, err)
		}
		var head struct {
			Format       string          `json:"format"`
			Mapping      json.RawMessage `json:"mapping"`
			ChatMessages json.RawMessage `json:"chat_messages"`
		}
		if err := json.Unmarshal(data, &head); err != nil {
			return "", damaged(name, err)
		}
		switch {
		case head.Format == FileFormat:
			c, err := parseBookBag(data)
			if err != nil {
				return "", damaged(name, err)
			}
			return FormatBookBag, add(c)
		case head.Format == "" && (len(head.Mapping) > 0 || len(head.ChatMessages) > 0):
			// One conversation on its own (browser extensions save them singly).
			one := io.MultiReader(strings.NewReader("["), bytes.NewReader(data), strings.NewReader("]"))
			format, err := parseConversations(one, now, w, add)
			if err != nil {
				return "", damaged(name, err)
			}
			return format, nil
		case head.Format == archiveFormat:
			return "", apperr.New(apperr.Invalid, "%s is a workspace archive (.bookbag): import it on the Workspaces page", name)
		}
	}
	return "", notExport
}

// archiveFormat is the format a workspace archive's manifest names: a
// .bookbag file given here gets its manifest sniffed.
const archiveFormat = "bookbag-workspace"

// damaged explains a parse error in words: JSON syntax errors say where.
func damaged(name string, err error) error {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big errUnpackedTooLarge
	var corrupt flate.CorruptInputError
	switch {
	case errors.As(err, &big):
		return apperr.Wrap(err, apperr.Invalid, "%s could not be read: %v", name, big)
	case errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrFormat), errors.As(err, &corrupt):
		return apperr.Wrap(err, apperr.Invalid, "%s could not be read: the zip archive is damaged (%v)", name, err)
	case errors.As(err, &syn):
		return apperr.Wrap(err, apperr.Invalid, "%s is not valid JSON (at byte %d): it may be damaged or cut short", name, syn.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		// EOF: the list ends after a whole conversation, without its "]".
		return apperr.Wrap(err, apperr.Invalid, "%s ends too early: it may have been cut short", name)
	case errors.As(err, &typ):
		// The field's path names the structs a conversation is decoded
		// through (importchatgpt.go's anyConversation); the file has none.
		field := strings.TrimPrefix(strings.TrimPrefix(typ.Field, "gptConversation."), "claudeConversation.")
		if field == "" {
			field = "the top level"
		}
		article := "a"
		if typ.Value != "" && strings.ContainsRune("aeiou", rune(typ.Value[0])) {
			article = "an"
		}
		return apperr.Wrap(err, apperr.Invalid, "%s does not have the expected shape (%s is %s %s)", name, field, article, typ.Value)
	}
	return apperr.Wrap(err, apperr.Invalid, "%s is damaged: %v", name, err)
}

var (
	validRoles    = map[string]bool{"system": true, "user": true, "assistant": true, "tool": true}
	validKinds    = map[string]bool{KindText: true, KindReasoning: true, KindToolCall: true, KindToolOutput: true}
	validStatuses = map[string]bool{StatusComplete: true, StatusStopped: true, StatusInterrupted: true, StatusError: true}
)

// validateImport checks and normalises one chat: ids are UUIDs and unique,
// parents are in the file and form no cycle, values are in range. A broken
// structure is an error; a doubtful value is fixed with a warning.
func validateImport(c *importChat, now int64, w *warnings) error {
	chatID, ok := canonicalID(c.chat.ID)
	if !ok {
		return fmt.Errorf("chat id %q is not a UUID", clip(c.chat.ID, 40))
	}
	c.chat.ID = chatID
	title, err := validTitle(c.chat.Title)
	if err != nil {
		title = clip(oneLineTitle(c.chat.Title), maxTitleChars-1)
	}
	c.chat.Title = title
	if c.chat.CreatedAt <= 0 {
		c.chat.CreatedAt = now
	}
	if c.chat.UpdatedAt < c.chat.CreatedAt {
		c.chat.UpdatedAt = c.chat.CreatedAt
	}
	if c.chat.ArchivedAt < 0 {
		c.chat.ArchivedAt = 0
	}
	if err := validOverrides(c.chat.Params); err != nil {
		c.chat.Params = Overrides{}
		w.add("%q: its parameter overrides were out of range and were dropped", c.chat.Title)
	}
	ids := make(map[string]int, len(c.messages))
	for i := range c.messages {
		m := &c.messages[i]
		id, ok := canonicalID(m.ID)
		if !ok {
			return fmt.Errorf("message id %q is not a UUID", clip(m.ID, 40))
		}
		m.ID = id
		if _, dup := ids[m.ID]; dup {
			return fmt.Errorf("message %s appears twice", m.ID)
		}
		ids[m.ID] = i
		if m.Kind == "" {
			m.Kind = KindText
		}
		if !validRoles[m.Role] || !validKinds[m.Kind] {
			return fmt.Errorf("message %s has an unknown role or kind (%q, %q)", m.ID, clip(m.Role, 20), clip(m.Kind, 20))
		}
		switch {
		case m.Status == "" || m.Status == StatusStreaming:
			if m.Status == StatusStreaming {
				m.Status = StatusInterrupted // it was being written when exported
			} else {
				m.Status = StatusComplete
			}
		case !validStatuses[m.Status]:
			m.Status = StatusComplete
		}
		if m.CreatedAt <= 0 {
			m.CreatedAt = c.chat.CreatedAt
		}
		if m.UpdatedAt < m.CreatedAt {
			m.UpdatedAt = m.CreatedAt
		}
		if m.Citations == nil {
			m.Citations = []Citation{}
		}
		if m.Attachments == nil {
			m.Attachments = []Attachment{}
		}
		for j := range m.Attachments {
			a := &m.Attachments[j]
			if !blob.ValidSum(a.SHA256) {
				a.SHA256, a.Missing = "", true
			}
		}
	}
	for i := range c.messages {
		m := &c.messages[i]
		if m.ParentID == "" {
			continue
		}
		p, _ := canonicalID(m.ParentID)
		m.ParentID = p
		if _, ok := ids[p]; !ok {
			w.add("%q: a message's earlier turn is missing; it starts a new thread", c.chat.Title)
			m.ParentID = ""
		}
	}
	// Parents must not loop: follow each chain, remembering finished nodes.
	done := make(map[string]bool, len(ids))
	for _, m := range c.messages {
		onPath := map[string]bool{}
		for id := m.ID; id != "" && !done[id]; id = c.messages[ids[id]].ParentID {
			if onPath[id] {
				return fmt.Errorf("the messages of %q loop back on themselves", c.chat.Title)
			}
			onPath[id] = true
		}
		for id := range onPath {
			done[id] = true
		}
	}
	c.chat.ActiveLeafID, _ = canonicalID(c.chat.ActiveLeafID)
	if _, ok := ids[c.chat.ActiveLeafID]; !ok {
		c.chat.ActiveLeafID = "" // the newest branch is shown
	}
	return nil
}

// canonicalID returns a UUID in its lower-case hyphenated form.
func canonicalID(s string) (string, bool) {
	u, err := uuid.Parse(s)
	if err != nil {
		return "", false
	}
	return u.String(), true
}

// writeImported stores one chat and its messages, skipping rows that are
// already there. A chat deleted here is not brought back by an export's
// import; a BookBag chat file's comes back as a copy.
func (s *Service) writeImported(ctx context.Context, tx *store.Tx, workspaceID string, c importChat, images *importedFiles, res *ImportResult, w *warnings) error {
	ident := tx.DB().Identity()
	var chatWS string
	var deleted sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT workspace_id, deleted_at FROM chats WHERE id = ?`, c.chat.ID).Scan(&chatWS, &deleted)
	if err == nil && c.copyable && (deleted.Valid || chatWS != workspaceID) {
		if deleted.Valid {
			w.add("%q was deleted here since it was exported; it was imported as a copy", c.chat.Title)
		} else {
			w.add("%q is in another workspace; a copy was imported here", c.chat.Title)
		}
		return s.writeImported(ctx, tx, workspaceID, c.copyFor(workspaceID), images, res, w)
	}
	switch {
	case err == nil && deleted.Valid:
		res.ChatsSkipped++
		w.add("%q was deleted here before; it was not imported again", c.chat.Title)
		return nil
	case err == nil:
		res.ChatsSkipped++
		if chatWS != workspaceID {
			w.add("%q is already in another workspace; it stays there", c.chat.Title)
		}
	case errors.Is(err, sql.ErrNoRows):
		chatWS = workspaceID
		params, _ := json.Marshal(c.chat.Params)
		var archived, leaf any
		if c.chat.ArchivedAt > 0 {
			archived = c.chat.ArchivedAt
		}
		if c.chat.ActiveLeafID != "" {
			leaf = c.chat.ActiveLeafID
		}
		snap := map[string]any{"id": c.chat.ID, "workspace_id": workspaceID, "title": c.chat.Title,
			"model_ref": c.chat.ModelRef, "system_prompt": c.chat.SystemPrompt, "params": string(params),
			"pinned": boolInt(c.chat.Pinned), "archived_at": archived, "active_leaf_id": leaf, "source": c.chat.Source,
			"created_at": c.chat.CreatedAt, "updated_at": c.chat.UpdatedAt,
			"hlc": tx.DB().HLC().Now().String(), "device_id": ident.DeviceID, "author_id": ident.UserID}
		if _, err := tx.Apply(ctx, "chats", snap, true); err != nil {
			return err
		}
		res.ChatsAdded++
	default:
		return fmt.Errorf("find chat: %w", err)
	}
	res.ChatIDs = append(res.ChatIDs, c.chat.ID)
	for _, m := range c.messages {
		var other, stored string
		err := tx.QueryRowContext(ctx, `SELECT chat_id, attachments FROM messages WHERE id = ?`, m.ID).Scan(&other, &stored)
		if err == nil {
			res.MessagesSkipped++
			if other != c.chat.ID {
				w.add("%q: a message already belongs to another chat and was left there", c.chat.Title)
				continue
			}
			if err := images.fill(ctx, tx, m.ID, stored, w); err != nil {
				return err
			}
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find message: %w", err)
		}
		if err := images.attach(ctx, &m, w); err != nil {
			return err
		}
		for i := range m.Attachments {
			if a := &m.Attachments[i]; !a.Missing && !s.hasBlob(a.SHA256) {
				a.Missing = true // the bytes are not in this data dir
			}
		}
		cits, _ := json.Marshal(m.Citations)
		atts, _ := json.Marshal(m.Attachments)
		notes, _ := json.Marshal(nonNilNotes(m.Notes))
		var parent any
		if m.ParentID != "" {
			parent = m.ParentID
		}
		snap := map[string]any{"id": m.ID, "workspace_id": chatWS, "chat_id": c.chat.ID, "parent_id": parent,
			"role": m.Role, "kind": m.Kind, "tool_name": m.ToolName, "tool_server": m.ToolServer, "tool_call_id": m.ToolCallID, "content": m.Content, "thinking": m.Thinking,
			"model_ref": m.ModelRef, "tokens_in": m.TokensIn, "tokens_out": m.TokensOut,
			"tokens_estimated": boolInt(m.TokensEstimated), "status": m.Status, "error": m.Error,
			"finish_reason": m.FinishReason, "ttft_ms": m.TTFTMs, "tokens_per_sec": m.TokensPerSec, "trimmed": m.Trimmed,
			"citations": string(cits), "attachments": string(atts), "notes": string(notes), "created_at": m.CreatedAt, "updated_at": m.UpdatedAt,
			"hlc": tx.DB().HLC().Now().String(), "device_id": ident.DeviceID, "author_id": ident.UserID}
		if _, err := tx.Apply(ctx, "messages", snap, true); err != nil {
			return err
		}
		res.MessagesAdded++
	}
	return nil
}

// hasBlob reports whether an attachment's bytes are in this data dir.
func (s *Service) hasBlob(sum string) bool {
	if s.blobs == nil || sum == "" {
		return false
	}
	f, err := s.blobs.Open(sum)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

func nonNilNotes(n []Note) []Note {
	if n == nil {
		return []Note{}
	}
	return n
}
