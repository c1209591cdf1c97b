package archive

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/syncproto"
)

// refuse is the error of an archive that will not be imported: Invalid, with
// the reason a person can act on.
func refuse(format string, args ...any) error {
	return apperr.New(apperr.Invalid, "the archive was refused: "+format, args...)
}

// content is a validated archive: its rows and chunks parsed, its files
// still in the ZIP (they are streamed into the file store at import).
type content struct {
	manifest Manifest
	rows     map[string][]map[string]any
	chunks   []Chunk
	files    map[string]*zip.File // by SHA-256
	refs     []string
}

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

// validate checks the whole archive and parses its rows. Nothing is written.
func validate(zr *zip.Reader, lim Limits) (*content, error) {
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

	c := &content{manifest: m, rows: map[string][]map[string]any{}, files: map[string]*zip.File{}}
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
	// Rows and chunks: read whole, hash-checked, then parsed.
	read := func(p string) ([]byte, error) {
		e, ok := listed[p]
		if !ok {
			return nil, nil
		}
		b, err := readEntry(byName[p], e.Size)
		if err != nil {
			return nil, refuse("it is damaged: %s cannot be read (%v)", p, err)
		}
		sum := sha256.Sum256(b)
		if int64(len(b)) != e.Size || hex.EncodeToString(sum[:]) != e.SHA256 {
			return nil, refuse("it is damaged: %s does not match its hash", p)
		}
		return b, nil
	}
	for _, table := range syncproto.Tables() {
		b, err := read("rows/" + table + ".jsonl")
		if err != nil {
			return nil, err
		}
		if b == nil {
			return nil, refuse("it is incomplete: rows/%s.jsonl is missing", table)
		}
		rows, err := parseRows(table, b, m.WorkspaceID)
		if err != nil {
			return nil, err
		}
		if n, ok := m.Counts[table]; ok && n != len(rows) {
			return nil, refuse("it is damaged: %s has %d rows, its manifest says %d", table, len(rows), n)
		}
		c.rows[table] = rows
	}
	if b, err := read("chunks.jsonl"); err != nil {
		return nil, err
	} else if b != nil {
		if c.chunks, err = parseChunks(b); err != nil {
			return nil, err
		}
	}
	if err := c.checkReferences(); err != nil {
		return nil, err
	}
	return c, nil
}

// parseRows reads one table's JSON lines and checks each row's identity.
func parseRows(table string, b []byte, workspaceID string) ([]map[string]any, error) {
	var out []map[string]any
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
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
			return nil, refuse("it is damaged: rows/%s.jsonl line %d is not a row", table, line)
		}
		for k, v := range row {
			switch v.(type) {
			case nil, string, json.Number, bool:
			default:
				return nil, refuse("rows/%s.jsonl line %d: column %q is not a plain value", table, line, k)
			}
		}
		id, _ := row["id"].(string)
		stamp, _ := row["hlc"].(string)
		if id == "" || len(id) > 100 {
			return nil, refuse("rows/%s.jsonl line %d has no id", table, line)
		}
		if _, err := syncproto.ParseStamp(stamp); err != nil || stamp == "" {
			return nil, refuse("rows/%s.jsonl line %d has no valid change stamp", table, line)
		}
		if seen[id] {
			return nil, refuse("rows/%s.jsonl has row %s twice", table, id)
		}
		seen[id] = true
		ws, _ := row["workspace_id"].(string)
		switch {
		case table == "workspaces":
			if id != workspaceID || ws != workspaceID {
				return nil, refuse("it carries another workspace (%s)", id)
			}
		case table == "param_profiles" || table == "prompt_templates":
			if row["workspace_id"] != nil && ws != workspaceID {
				return nil, refuse("rows/%s.jsonl line %d belongs to another workspace", table, line)
			}
		default:
			if ws != workspaceID {
				return nil, refuse("rows/%s.jsonl line %d belongs to another workspace", table, line)
			}
		}
		out = append(out, row)
	}
	if err := sc.Err(); err != nil {
		return nil, refuse("it is damaged: rows/%s.jsonl cannot be read (%v)", table, err)
	}
	return out, nil
}

func parseChunks(b []byte) ([]Chunk, error) {
	var out []Chunk
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 256<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c Chunk
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil || c.DocumentID == "" || c.Ordinal < 0 || len(c.Embedding)%4 != 0 {
			return nil, refuse("it is damaged: chunks.jsonl line %d is not a chunk", line)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, refuse("it is damaged: chunks.jsonl cannot be read (%v)", err)
	}
	return out, nil
}

// checkReferences makes sure the rows hang together: exactly one workspace,
// messages and documents in chats the archive has, chunks of its documents,
// live documents' files present (or declared missing by the exporter).
func (c *content) checkReferences() error {
	if len(c.rows["workspaces"]) != 1 {
		return refuse("it carries no workspace row")
	}
	str := func(row map[string]any, col string) string { s, _ := row[col].(string); return s }
	chats := map[string]bool{}
	for _, r := range c.rows["chats"] {
		chats[str(r, "id")] = true
	}
	for _, r := range c.rows["messages"] {
		if !chats[str(r, "chat_id")] {
			return refuse("message %s belongs to a chat the archive does not have", str(r, "id"))
		}
	}
	missing := map[string]bool{}
	for _, sum := range c.manifest.MissingFiles {
		missing[sum] = true
	}
	docs := map[string]bool{}
	refs := map[string]bool{}
	files := map[string]bool{}
	for _, table := range syncproto.Tables() {
		for _, r := range c.rows[table] {
			collectRefs(table, r, refs, files)
		}
	}
	for _, r := range c.rows["documents"] {
		docs[str(r, "id")] = true
		if chat := r["chat_id"]; chat != nil && !chats[str(r, "chat_id")] {
			return refuse("document %s belongs to a chat the archive does not have", str(r, "id"))
		}
	}
	for sum := range files {
		if !isHex64(sum) {
			return refuse("a row names a file badly (%q)", sum)
		}
		if c.files[sum] == nil && !missing[sum] {
			return refuse("it is incomplete: file %s is missing", sum[:12])
		}
	}
	for _, ch := range c.chunks {
		if !docs[ch.DocumentID] {
			return refuse("a chunk belongs to a document the archive does not have")
		}
	}
	for r := range refs {
		c.refs = append(c.refs, r)
	}
	return nil
}

// Check validates an archive without importing it.
func Check(r io.ReaderAt, size int64, lim Limits) (Manifest, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return Manifest{}, refuse("it is not a ZIP file or it is damaged")
	}
	c, err := validate(zr, lim)
	if err != nil {
		return Manifest{}, err
	}
	return c.manifest, nil
}
