package archive

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/syncproto"
)

// refuse is the error of an archive that will not be imported: Invalid, with
// the reason a person can act on.
func refuse(format string, args ...any) error {
	return apperr.New(apperr.Invalid, "the archive was refused: "+format, args...)
}

// content is a validated archive: its rows, chunks and files still in the
// ZIP (rows and chunks are read again, a line at a time, when they are
// applied; the files are streamed into the file store).
type content struct {
	manifest  Manifest
	rows      map[string]rowEntry  // by table
	chunks    *rowEntry            // chunks.jsonl, if the archive has it
	workspace map[string]any       // the one workspaces row
	docs      []docStamp           // the documents rows, in order
	files     map[string]*zip.File // by SHA-256
	refs      []string
}

// rowEntry is a JSON-lines entry (rows/<table>.jsonl, chunks.jsonl) and what
// the manifest says of it.
type rowEntry struct {
	file  *zip.File
	entry Entry
}

// docStamp is what applying chunks needs of a documents row.
type docStamp struct{ id, hlc string }

// safePath reports whether an entry name stays inside the archive's folder:
// relative, clean, slash-separated, no "..", no drive letters or backslashes.
func safePath(name string) bool {
	if name == "" || strings.ContainsAny(name, "\\:\x00") || strings.HasPrefix(name, "/") || path.Clean(name) != name {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// expectedEntry reports whether the layout of this version has an entry at name.
func expectedEntry(name string) bool {
	if name == "chunks.jsonl" {
		return true
	}
	if t, ok := strings.CutPrefix(name, "rows/"); ok {
		t, ok = strings.CutSuffix(t, ".jsonl")
		_, known := syncproto.TableRank(t)
		return ok && known
	}
	if sum, ok := strings.CutPrefix(name, "files/"); ok {
		return isHex64(sum)
	}
	return false
}

// readEntry reads a whole entry, no more than limit bytes.
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errTooLarge
	}
	return b, nil
}

var errTooLarge = errors.New("entry larger than declared")

// hashEntry streams an entry and returns its SHA-256 and size, reading at
// most limit bytes (so a lying header cannot inflate past it).
func hashEntry(f *zip.File, limit int64) (string, int64, error) {
	rc, err := f.Open()
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(rc, limit+1))
	if err != nil {
		return "", n, err
	}
	if n > limit {
		return "", n, errTooLarge
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// validate checks the whole archive and parses its rows, reporting the rows
// checked to prog (stage "checking"). Nothing is written.
func validate(zr *zip.Reader, lim Limits, prog *progress) (*content, error) {
	if len(zr.File) > lim.MaxEntries {
		return nil, refuse("it has %d entries (at most %d)", len(zr.File), lim.MaxEntries)
	}
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		if !safePath(f.Name) {
			return nil, refuse("it contains a path that leaves its folder (%q)", f.Name)
		}
		if f.Mode()&fs.ModeType != 0 || strings.HasSuffix(f.Name, "/") {
			return nil, refuse("it contains something that is not a plain file (%q)", f.Name)
		}
		if _, dup := byName[f.Name]; dup {
			return nil, refuse("it contains %q twice", f.Name)
		}
		byName[f.Name] = f
	}
	mf, ok := byName["manifest.json"]
	if !ok {
		for name := range byName {
			if path.Base(name) == "conversations.json" {
				return nil, refuse("it is a ChatGPT export, not a workspace archive: import it under Settings, Import chats")
			}
		}
		return nil, refuse("it is not a BookBag workspace archive (no manifest)")
	}
	raw, err := readEntry(mf, lim.MaxManifest)
	if err != nil {
		return nil, refuse("its manifest cannot be read (%v)", err)
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&m); err != nil {
		return nil, refuse("it is not a BookBag workspace archive (the manifest is not valid JSON)")
	}
	if m.Format != Format {
		return nil, refuse("it is not a BookBag workspace archive (format %q)", m.Format)
	}
	if m.Version != Version {
		if m.Version > Version {
			return nil, refuse("it was written by a newer BookBag (archive version %d, this one reads %d): update BookBag", m.Version, Version)
		}
		return nil, refuse("archive version %d is not supported", m.Version)
	}
	if m.WorkspaceID == "" {
		return nil, refuse("the manifest names no workspace")
	}
	prog.p.WorkspaceID = m.WorkspaceID
	prog.stage("checking", m.rowCount())

	// Every entry is listed in the manifest with its size and hash, and
	// everything listed is there; nothing else is in the archive.
	listed := map[string]Entry{}
	var total int64
	for _, e := range m.Entries {
		if !safePath(e.Path) {
			return nil, refuse("its manifest lists a path that leaves its folder (%q)", e.Path)
		}
		if !expectedEntry(e.Path) {
			return nil, refuse("it contains an unexpected entry %q", e.Path)
		}
		if _, dup := listed[e.Path]; dup {
			return nil, refuse("its manifest lists %q twice", e.Path)
		}
		if e.Size < 0 || !isHex64(e.SHA256) {
			return nil, refuse("its manifest entry for %q is malformed", e.Path)
		}
		if e.Path == "chunks.jsonl" || strings.HasPrefix(e.Path, "rows/") {
			// rows are held in memory while importing
		} else if e.Size > lim.MaxFile {
			return nil, refuse("%s is larger than %d MB", e.Path, lim.MaxFile>>20)
		}
		total += e.Size
		listed[e.Path] = e
	}
	if total > lim.MaxTotal {
		return nil, refuse("it would unpack to %d MB (at most %d MB)", total>>20, lim.MaxTotal>>20)
	}
	for name := range byName {
		if _, ok := listed[name]; !ok && name != "manifest.json" {
			if !expectedEntry(name) {
				return nil, refuse("it contains an unexpected entry %q", name)
			}
			return nil, refuse("it contains %q, which its manifest does not list", name)
		}
	}
	var rowBytes int64
	for p, e := range listed {
		f, ok := byName[p]
		if !ok {
			return nil, refuse("it is incomplete: %s is missing", p)
		}
		if f.UncompressedSize64 != uint64(e.Size) {
			return nil, refuse("it is damaged: %s has the wrong size", p)
		}
		if !strings.HasPrefix(p, "files/") {
			rowBytes += e.Size
		}
	}
	if rowBytes > lim.MaxRows {
		return nil, refuse("its rows take %d MB (at most %d MB)", rowBytes>>20, lim.MaxRows>>20)
	}

	c := &content{manifest: m, rows: map[string]rowEntry{}, files: map[string]*zip.File{}}
	// Files: the hash of each is its name and the manifest's.
	for p, e := range listed {
		sum, ok := strings.CutPrefix(p, "files/")
		if !ok {
			continue
		}
		if e.SHA256 != sum {
			return nil, refuse("it is damaged: %s does not match its name", p)
		}
		got, n, err := hashEntry(byName[p], e.Size)
		if err != nil {
			return nil, refuse("it is damaged: %s cannot be read (%v)", p, err)
		}
		if got != sum || n != e.Size {
			return nil, refuse("it is damaged: %s does not match its hash", p)
		}
		c.files[sum] = byName[p]
	}
	// Rows: read a line at a time, checked, and only what the references
	// need kept (a large workspace is never held in memory whole).
	refs := refSets{chats: map[string]bool{}, refs: map[string]bool{}, files: map[string]bool{}}
	for _, table := range syncproto.Tables() {
		p := "rows/" + table + ".jsonl"
		e, ok := listed[p]
		if !ok {
			return nil, refuse("it is incomplete: %s is missing", p)
		}
		re := rowEntry{file: byName[p], entry: e}
		n, err := scanRows(table, re, m.WorkspaceID, func(row map[string]any) error {
			if err := c.note(table, row, &refs); err != nil {
				return err
			}
			return prog.add(1)
		})
		if err != nil {
			return nil, err
		}
		if want, ok := m.Counts[table]; ok && want != n {
			return nil, refuse("it is damaged: %s has %d rows, its manifest says %d", table, n, want)
		}
		c.rows[table] = re
	}
	if e, ok := listed["chunks.jsonl"]; ok {
		docs := make(map[string]bool, len(c.docs))
		for _, d := range c.docs {
			docs[d.id] = true
		}
		c.chunks = &rowEntry{file: byName[e.Path], entry: e}
		err := scanChunks(*c.chunks, func(doc string, _ []Chunk) error {
			if !docs[doc] {
				return refuse("a chunk belongs to a document the archive does not have")
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if err := c.checkReferences(refs); err != nil {
		return nil, err
	}
	return c, nil
}

// scanRows reads one table's JSON lines as it goes, checks each row's
// identity and hands it to fn; at the end the entry must have the size and
// hash its manifest says (so rows read again at import are the ones checked).
func scanRows(table string, re rowEntry, workspaceID string, fn func(map[string]any) error) (int, error) {
	n := 0
	err := scanEntry(re, func(r io.Reader) (err error) {
		n, err = parseRows(table, r, workspaceID, fn)
		return err
	})
	return n, err
}

// scanChunks reads chunks.jsonl as it goes and hands fn the chunks of one
// document at a time (the exporter writes them grouped by document).
func scanChunks(re rowEntry, fn func(docID string, chunks []Chunk) error) error {
	return scanEntry(re, func(r io.Reader) error { return parseChunks(r, fn) })
}

// scanEntry streams an entry through parse, then checks its size and hash.
func scanEntry(re rowEntry, parse func(io.Reader) error) error {
	p := re.entry.Path
	rc, err := re.file.Open()
	if err != nil {
		return refuse("it is damaged: %s cannot be read (%v)", p, err)
	}
	defer rc.Close()
	hw := &hashingWriter{w: io.Discard, h: sha256.New()}
	in := io.TeeReader(io.LimitReader(rc, re.entry.Size+1), hw)
	if err := parse(in); err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, in); err != nil {
		return refuse("it is damaged: %s cannot be read (%v)", p, err)
	}
	if hw.n != re.entry.Size || hex.EncodeToString(hw.h.Sum(nil)) != re.entry.SHA256 {
		return refuse("it is damaged: %s does not match its hash", p)
	}
	return nil
}

// refSets is what validation gathers from the rows to check references.
type refSets struct {
	chats, refs, files map[string]bool
}

// note keeps what the references need of one row, and checks those that can
// be checked at once (parents come first in syncproto.Tables).
func (c *content) note(table string, row map[string]any, r *refSets) error {
	str := func(col string) string { s, _ := row[col].(string); return s }
	collectRefs(table, row, r.refs, r.files)
	switch table {
	case "workspaces":
		// Named as a workspace made here must be (workspace.ValidateName):
		// a nameless one cannot be told apart, a huge name would fill every list.
		if name := strings.TrimSpace(str("name")); row["deleted_at"] == nil && (name == "" || utf8.RuneCountInString(name) > maxName) {
			return refuse("its workspace has no usable name (1 to %d characters)", maxName)
		}
		c.workspace = row
	case "chats":
		r.chats[str("id")] = true
	case "documents":
		if row["chat_id"] != nil && !r.chats[str("chat_id")] {
			return refuse("document %s belongs to a chat the archive does not have", str("id"))
		}
		c.docs = append(c.docs, docStamp{id: str("id"), hlc: str("hlc")})
	case "messages":
		if !r.chats[str("chat_id")] {
			return refuse("message %s belongs to a chat the archive does not have", str("id"))
		}
	}
	return nil
}

// parseRows reads one table's JSON lines, checks each row's identity and
// hands it to fn; it returns how many rows there were.
func parseRows(table string, r io.Reader, workspaceID string, fn func(map[string]any) error) (int, error) {
	n := 0
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 256<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var row map[string]any
		if err := dec.Decode(&row); err != nil || row == nil {
			return n, refuse("it is damaged: rows/%s.jsonl line %d is not a row", table, line)
		}
		for k, v := range row {
			switch v.(type) {
			case nil, string, json.Number, bool:
			default:
				return n, refuse("rows/%s.jsonl line %d: column %q is not a plain value", table, line, k)
			}
		}
		id, _ := row["id"].(string)
		stamp, _ := row["hlc"].(string)
		if id == "" || len(id) > 100 {
			return n, refuse("rows/%s.jsonl line %d has no id", table, line)
		}
		if _, err := syncproto.ParseStamp(stamp); err != nil || stamp == "" {
			return n, refuse("rows/%s.jsonl line %d has no valid change stamp", table, line)
		}
		if seen[id] {
			return n, refuse("rows/%s.jsonl has row %s twice", table, id)
		}
		seen[id] = true
		ws, _ := row["workspace_id"].(string)
		switch {
		case table == "workspaces":
			if id != workspaceID || ws != workspaceID {
				return n, refuse("it carries another workspace (%s)", id)
			}
		case table == "param_profiles" || table == "prompt_templates":
			if row["workspace_id"] != nil && ws != workspaceID {
				return n, refuse("rows/%s.jsonl line %d belongs to another workspace", table, line)
			}
		default:
			if ws != workspaceID {
				return n, refuse("rows/%s.jsonl line %d belongs to another workspace", table, line)
			}
		}
		if err := fn(row); err != nil {
			return n, err
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return n, refuse("it is damaged: rows/%s.jsonl cannot be read (%v)", table, err)
	}
	return n, nil
}

// parseChunks reads chunk lines and hands fn each document's chunks; a
// document whose chunks are not together is refused (they would be taken
// over in part).
func parseChunks(r io.Reader, fn func(docID string, chunks []Chunk) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 256<<20)
	line := 0
	var group []Chunk
	done := map[string]bool{}
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		doc := group[0].DocumentID
		if done[doc] {
			return refuse("it is damaged: the chunks of a document in chunks.jsonl are not together")
		}
		done[doc] = true
		err := fn(doc, group)
		group = nil
		return err
	}
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c Chunk
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil || c.DocumentID == "" || c.Ordinal < 0 || len(c.Embedding)%4 != 0 {
			return refuse("it is damaged: chunks.jsonl line %d is not a chunk", line)
		}
		if len(group) > 0 && group[0].DocumentID != c.DocumentID {
			if err := flush(); err != nil {
				return err
			}
		}
		group = append(group, c)
	}
	if err := sc.Err(); err != nil {
		return refuse("it is damaged: chunks.jsonl cannot be read (%v)", err)
	}
	return flush()
}

// checkReferences makes sure the rows hang together: exactly one workspace,
// live documents' files present (or declared missing by the exporter).
// (Messages and documents in chats the archive has, and chunks of its
// documents, were checked as they were read.)
func (c *content) checkReferences(r refSets) error {
	if c.workspace == nil {
		return refuse("it carries no workspace row")
	}
	missing := map[string]bool{}
	for _, sum := range c.manifest.MissingFiles {
		missing[sum] = true
	}
	for sum := range r.files {
		if !isHex64(sum) {
			return refuse("a row names a file badly (%q)", sum)
		}
		if c.files[sum] == nil && !missing[sum] {
			return refuse("it is incomplete: file %s is missing", sum[:12])
		}
	}
	for ref := range r.refs {
		c.refs = append(c.refs, ref)
	}
	return nil
}

// rowCount is the rows of the synced tables the manifest counts (the steps
// of checking and applying an import).
func (m Manifest) rowCount() int64 {
	var n int64
	for _, table := range syncproto.Tables() {
		n += int64(max(m.Counts[table], 0))
	}
	return n
}

// Check validates an archive without importing it.
func Check(r io.ReaderAt, size int64, lim Limits) (Manifest, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return Manifest{}, refuse("it is not a ZIP file or it is damaged")
	}
	c, err := validate(zr, lim, &progress{ctx: context.Background(), emit: events.Discard{}})
	if err != nil {
		return Manifest{}, err
	}
	return c.manifest, nil
}
