package archive

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/onejob"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// ModelLookup tells whether this device can use a model ref.
type ModelLookup interface {
	HasModel(ctx context.Context, ref string) (bool, error)
}

// Chunks are the documents' derived chunks (the documents domain): an
// archive carries them so the importing device need not index again.
type Chunks interface {
	// ExportChunks calls each for every chunk of the workspace's live
	// documents, in the caller's snapshot q; it returns how many.
	ExportChunks(ctx context.Context, q sqlkit.Queryer, workspaceID string, each func(Chunk) error) (int, error)
	// DocumentState is a document as it is in the import's transaction.
	DocumentState(ctx context.Context, q sqlkit.Queryer, id string) (DocumentState, error)
	// QueueLocally sets a document pending for indexing (a local change).
	QueueLocally(ctx context.Context, tx *store.Tx, id string) error
	// AddChunks stores a document's chunks.
	AddChunks(ctx context.Context, tx *store.Tx, docID, workspaceID string, chunks []Chunk) error
}

// DocumentState is what an import needs to know of a document here.
type DocumentState struct {
	WorkspaceID, Status, HLC, SHA256 string
	Deleted                          bool
	Chunks                           int
}

// Deps are what Service needs; DB and Blobs are required.
type Deps struct {
	DB         *store.DB
	Blobs      *blob.Store
	AppVersion string
	Models     ModelLookup // nil: every model is reported missing
	Chunks     Chunks      // nil: archives carry no chunks, imports index
	// AfterImport runs after an import committed (the documents domain drops
	// what it keeps in memory for the workspace and picks up queued documents).
	AfterImport func(workspaceID string)
	// FilesInUse says whether a live row names a stored file; a failed
	// import takes back only the files it stored that none does. nil: it
	// takes back every file it stored.
	FilesInUse blob.InUse
	Events     events.Emitter
	Log        *slog.Logger
	Limits     Limits // DefaultLimits when zero
}

// Service exports and imports workspace archives.
type Service struct {
	db     *store.DB
	blobs  *blob.Store
	ver    string
	models ModelLookup
	chunks Chunks
	after  func(string)
	inUse  blob.InUse
	emit   events.Emitter
	log    *slog.Logger
	limits Limits
	every  time.Duration // how often progress is reported

	job onejob.Slot // the running import or export
}

// NewService builds the archive service.
func NewService(d Deps) *Service {
	if d.Events == nil {
		d.Events = events.Discard{}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Limits == (Limits{}) {
		d.Limits = DefaultLimits()
	}
	if d.AfterImport == nil {
		d.AfterImport = func(string) {}
	}
	if d.FilesInUse == nil {
		d.FilesInUse = func(context.Context, string) (bool, error) { return false, nil }
	}
	return &Service{db: d.DB, blobs: d.Blobs, ver: d.AppVersion, models: d.Models, chunks: d.Chunks, after: d.AfterImport,
		inUse: d.FilesInUse, emit: d.Events, log: d.Log, limits: d.Limits, every: progressEvery}
}

// rowQueries select what an archive of workspace ?1 carries, per synced
// table: its rows, tombstones included (a delete travels like any change),
// and the personal profiles it refers to.
var rowQueries = map[string]string{
	"workspaces":         `SELECT * FROM workspaces WHERE id = ?1`,
	"workspace_settings": `SELECT * FROM workspace_settings WHERE workspace_id = ?1`,
	"model_assignments":  `SELECT * FROM model_assignments WHERE workspace_id = ?1`,
	"param_profiles": `SELECT * FROM param_profiles WHERE workspace_id = ?1
		OR id IN (SELECT default_profile_id FROM workspace_settings WHERE workspace_id = ?1)
		OR id IN (SELECT profile_id FROM chats WHERE workspace_id = ?1)`,
	"prompt_templates": `SELECT * FROM prompt_templates WHERE workspace_id = ?1`,
	"chats":            `SELECT * FROM chats WHERE workspace_id = ?1`,
	"documents":        `SELECT * FROM documents WHERE workspace_id = ?1`,
	"messages":         `SELECT * FROM messages WHERE workspace_id = ?1`,
}

// FileName suggests a file name for a workspace's archive.
func FileName(workspaceName string, at time.Time) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '-'
		}
		return r
	}, strings.TrimSpace(workspaceName))
	// File systems allow 255 bytes a name; 80 emoji are 320. Cut between
	// characters, leaving room for the date and the extension.
	for len(name) > maxFileNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" {
		name = "workspace"
	}
	return name + "-" + at.Format("2006-01-02") + Ext
}

// maxFileNameBytes is what FileName keeps of a workspace's name.
const maxFileNameBytes = 200

// hashingWriter counts and hashes what goes through it.
type hashingWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (hw *hashingWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	hw.n += int64(n)
	return n, err
}

// exporter writes one archive.
type exporter struct {
	zw       *zip.Writer
	manifest Manifest
}

func (e *exporter) entry(path string, method uint16, write func(io.Writer) error) error {
	fh := &zip.FileHeader{Name: path, Method: method, Modified: time.UnixMilli(e.manifest.ExportedAt).UTC()}
	fh.SetMode(0o644)
	w, err := e.zw.CreateHeader(fh)
	if err != nil {
		return err
	}
	hw := &hashingWriter{w: w, h: sha256.New()}
	if err := write(hw); err != nil {
		return err
	}
	e.manifest.Entries = append(e.manifest.Entries, Entry{Path: path, Size: hw.n, SHA256: hex.EncodeToString(hw.h.Sum(nil))})
	return nil
}

// Export writes the workspace's archive to w, read from one consistent
// snapshot of the database. It reports progress (events.ArchiveProgress)
// and stops when Cancel is called; one import or export runs at a time.
func (s *Service) Export(ctx context.Context, workspaceID string, w io.Writer) (ExportResult, error) {
	var res ExportResult
	err := s.exclusive(ctx, "export cancelled; nothing was written", func(ctx context.Context) (err error) {
		res, err = s.export(ctx, workspaceID, w)
		return err
	})
	return res, err
}

func (s *Service) export(ctx context.Context, workspaceID string, w io.Writer) (ExportResult, error) {
	tx, err := s.db.R.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // a plain BEGIN: one snapshot, no write lock
	if err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	defer tx.Rollback()
	name, err := s.workspaceName(ctx, tx, workspaceID)
	if err != nil {
		return ExportResult{}, err
	}
	cw := &hashingWriter{w: w, h: nopHash{}}
	e := &exporter{zw: zip.NewWriter(cw), manifest: Manifest{Format: Format, Version: Version, AppVersion: s.ver,
		ExportedAt: s.db.Now(), WorkspaceID: workspaceID, WorkspaceName: name, Counts: map[string]int{},
		ModelRefs: []string{}, MissingFiles: []string{}}}
	refs := map[string]bool{}
	files := map[string]bool{}
	prog := s.newProgress(ctx, "export", workspaceID)
	total, err := countRows(ctx, tx, workspaceID)
	if err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	prog.stage("rows", total)
	for _, table := range syncproto.Tables() {
		n := 0
		err := e.entry("rows/"+table+".jsonl", zip.Deflate, func(w io.Writer) error {
			var err error
			n, err = writeRows(ctx, tx, table, workspaceID, w, func(row map[string]any) error {
				collectRefs(table, row, refs, files)
				return prog.add(1)
			})
			return err
		})
		if err != nil {
			return ExportResult{}, fmt.Errorf("export %s: %w", table, err)
		}
		e.manifest.Counts[table] = n
	}
	chunks := 0
	prog.stage("chunks", 0) // not counted first: the bar waits, the count goes on
	err = e.entry("chunks.jsonl", zip.Deflate, func(w io.Writer) error {
		var err error
		chunks, err = s.writeChunks(ctx, tx, workspaceID, w, prog)
		return err
	})
	if err != nil {
		return ExportResult{}, fmt.Errorf("export chunks: %w", err)
	}
	e.manifest.Counts["chunks"] = chunks
	sums := make([]string, 0, len(files))
	for sum := range files {
		sums = append(sums, sum)
	}
	sort.Strings(sums)
	prog.stage("files", int64(len(sums)))
	for _, sum := range sums {
		if err := ctx.Err(); err != nil {
			return ExportResult{}, err
		}
		ok, err := s.addFile(e, sum)
		if err != nil {
			return ExportResult{}, fmt.Errorf("export file %s: %w", sum[:12], err)
		}
		if !ok {
			e.manifest.MissingFiles = append(e.manifest.MissingFiles, sum)
		} else {
			e.manifest.Counts["files"]++
		}
		if err := prog.add(1); err != nil {
			return ExportResult{}, err
		}
	}
	for r := range refs {
		e.manifest.ModelRefs = append(e.manifest.ModelRefs, r)
	}
	sort.Strings(e.manifest.ModelRefs)
	mw, err := e.zw.CreateHeader(&zip.FileHeader{Name: "manifest.json", Method: zip.Deflate,
		Modified: time.UnixMilli(e.manifest.ExportedAt).UTC()})
	if err != nil {
		return ExportResult{}, fmt.Errorf("export manifest: %w", err)
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e.manifest); err != nil {
		return ExportResult{}, fmt.Errorf("export manifest: %w", err)
	}
	if err := e.zw.Close(); err != nil {
		return ExportResult{}, fmt.Errorf("export: %w", err)
	}
	return ExportResult{WorkspaceName: name, Bytes: cw.n, Counts: e.manifest.Counts, MissingFiles: len(e.manifest.MissingFiles)}, nil
}

// nopHash is a hash.Hash that hashes nothing (for counting only).
type nopHash struct{}

func (nopHash) Write(p []byte) (int, error) { return len(p), nil }
func (nopHash) Sum(b []byte) []byte         { return b }
func (nopHash) Reset()                      {}
func (nopHash) Size() int                   { return 0 }
func (nopHash) BlockSize() int              { return 1 }

// addFile copies a stored file into the archive, checking its hash on the
// way; ok is false when the file is missing or damaged here.
func (s *Service) addFile(e *exporter, sum string) (ok bool, err error) {
	if s.blobs == nil {
		return false, nil
	}
	f, err := s.blobs.Open(sum)
	if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Invalid) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	// Hash first: a damaged local file is reported missing, not exported as if whole.
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false, err
	}
	if hex.EncodeToString(h.Sum(nil)) != sum {
		return false, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	err = e.entry("files/"+sum, zip.Deflate, func(w io.Writer) error {
		_, err := io.Copy(w, f)
		return err
	})
	return err == nil, err
}

// writeRows writes a table's rows of the workspace as JSON lines.
func writeRows(ctx context.Context, tx *sql.Tx, table, workspaceID string, w io.Writer, seen func(map[string]any) error) (int, error) {
	rows, err := tx.QueryContext(ctx, rowQueries[table]+` ORDER BY id`, workspaceID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		row := make(map[string]any, len(cols))
		for i, c := range cols {
			v := vals[i]
			if b, ok := v.([]byte); ok {
				if !utf8.Valid(b) {
					return n, fmt.Errorf("%s.%s holds binary data", table, c)
				}
				v = string(b)
			}
			row[c] = v
		}
		if table == "documents" {
			// The vectors file a shared workspace's document names is not
			// packed: the archive's chunks carry the vectors.
			row["embeddings_sha256"], row["embeddings_ref"] = "", ""
		}
		if err := seen(row); err != nil {
			return n, err
		}
		if err := enc.Encode(row); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// countRows counts the rows an archive of the workspace carries, for progress.
func countRows(ctx context.Context, tx *sql.Tx, workspaceID string) (int64, error) {
	var total int64
	for _, table := range syncproto.Tables() {
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (`+rowQueries[table]+`)`, workspaceID).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// collectRefs notes the model refs and files a live row refers to.
func collectRefs(table string, row map[string]any, refs, files map[string]bool) {
	live := row["deleted_at"] == nil
	str := func(c string) string { s, _ := row[c].(string); return s }
	add := func(r string) {
		if r != "" && live {
			refs[r] = true
		}
	}
	switch table {
	case "workspace_settings":
		add(str("default_model_ref"))
		add(str("embedding_model_ref"))
	case "model_assignments", "chats", "messages":
		add(str("model_ref"))
	}
	if !live {
		return
	}
	switch table {
	case "documents":
		if sum := str("sha256"); sum != "" {
			files[sum] = true
		}
	case "messages":
		for _, sum := range attachmentFiles(str("attachments")) {
			files[sum] = true
		}
	}
}

// attachmentFiles reads the content hashes out of a message's attachments.
func attachmentFiles(raw string) []string {
	var atts []struct {
		SHA256 string `json:"sha256"`
	}
	if json.Unmarshal([]byte(raw), &atts) != nil {
		return nil
	}
	var out []string
	for _, a := range atts {
		if a.SHA256 != "" {
			out = append(out, a.SHA256)
		}
	}
	return out
}

// writeChunks writes the chunks of the workspace's live documents, one
// JSON object a line.
func (s *Service) writeChunks(ctx context.Context, tx *sql.Tx, workspaceID string, w io.Writer, prog *progress) (int, error) {
	if s.chunks == nil {
		return 0, nil
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	n, err := s.chunks.ExportChunks(ctx, tx, workspaceID, func(c Chunk) error {
		if err := enc.Encode(c); err != nil {
			return err
		}
		return prog.add(1)
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// ExportFile writes the archive to path: to a temporary file beside it
// first, renamed into place when complete, so a failed export never leaves
// a half-written archive under the chosen name.
func (s *Service) ExportFile(ctx context.Context, workspaceID, path string) (ExportResult, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".bookbag-export-*")
	if err != nil {
		return ExportResult{}, apperr.Wrap(err, apperr.Unavailable, "could not write to %s", filepath.Dir(path))
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	res, err := s.Export(ctx, workspaceID, bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if apperr.CodeOf(err) != apperr.Internal {
			return ExportResult{}, err
		}
		return ExportResult{}, apperr.Wrap(err, apperr.Unavailable, "could not write the archive")
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return ExportResult{}, apperr.Wrap(err, apperr.Unavailable, "could not write %s", filepath.Base(path))
	}
	res.Path = path
	return res, nil
}

// workspaceName is a live workspace's name, read in q.
func (s *Service) workspaceName(ctx context.Context, q sqlkit.Queryer, workspaceID string) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM workspaces WHERE id = ? AND deleted_at IS NULL`, workspaceID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.New(apperr.NotFound, "workspace not found")
	}
	if err != nil {
		return "", fmt.Errorf("read workspace: %w", err)
	}
	return name, nil
}
