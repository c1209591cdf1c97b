package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"bookbag/backend/blob"
	"bookbag/backend/rag"
	"bookbag/backend/rag/extract"
	"bookbag/backend/store"
	"bookbag/backend/workspace"
)

// topN is how many ranked chunks each question is scored on, whatever the
// workspace's top-k.
const topN = 10

type config struct {
	Docs, Questions, Embedder, BaseURL string
	RerankModel, RerankURL             string // "" for no re-ranking
	Check                              bool   // also run the app's search check (rag.CheckSearch)
}

// docLine and summary are the stdout lines; field order is the interface.
type docLine struct {
	Doc    string `json:"doc"`
	Status string `json:"status"`
	Error  string `json:"error"`
	Chunks int    `json:"chunks"`
}

type summary struct {
	Questions int     `json:"questions"`
	Recall1   float64 `json:"recall@1"`
	Recall5   float64 `json:"recall@5"`
	Recall10  float64 `json:"recall@10"`
	MRR10     float64 `json:"mrr@10"`
	IngestS   float64 `json:"ingest_s"`
	Chunks    int     `json:"chunks"`

	Rerank *rerankSummary `json:"rerank,omitempty"`
}

type question struct {
	ID       string `json:"id"`
	Doc      string `json:"doc"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// env is an ingested evaluation workspace.
type env struct {
	db  *store.DB
	svc *rag.Service
	ws  string
	dir string
}

func (e *env) close() {
	e.svc.Close()
	e.db.Close()
	os.RemoveAll(e.dir)
}

// newEnv opens a fresh data dir with one workspace whose embedding model is
// ref ("" for none).
func newEnv(ctx context.Context, ref string, embedders rag.Embedders, log *slog.Logger) (*env, error) {
	dir, err := os.MkdirTemp("", "bookbag-eval-*")
	if err != nil {
		return nil, fmt.Errorf("create temp data dir: %w", err)
	}
	db, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("open store: %w", err)
	}
	blobs, err := blob.New(dir, blob.Options{})
	if err != nil {
		db.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	// The workspace and its settings row are what the app creates: default
	// chunking, top-k and minimum score, read by the service as in the app.
	ws := store.NewID()
	err = db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.Insert(ctx, "workspaces", ws, ws, store.Values{"name": "eval"}); err != nil {
			return err
		}
		return tx.Insert(ctx, "workspace_settings", store.NewID(), ws, store.Values{"embedding_model_ref": ref})
	})
	if err != nil {
		db.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	svc := rag.NewService(rag.Deps{
		DB: db, Blobs: blobs, Extractor: extract.New(extract.Options{}),
		Settings: workspaceSettings(workspace.NewService(workspace.Deps{DB: db})), Embedders: embedders, Logger: log,
	})
	return &env{db: db, svc: svc, ws: ws, dir: dir}, nil
}

// ingest adds every file of dir (symbolic links followed; subfolders and
// links to folders left out) in name order, runs the queue to the end and
// returns one line per file. A file with the same content as one added
// before it is not indexed again (the service keeps one document per
// content): its line is an error naming that file, with no chunks.
func (e *env) ingest(ctx context.Context, dir string) ([]docLine, error) {
	entries, err := os.ReadDir(dir) // sorted by file name
	if err != nil {
		return nil, fmt.Errorf("read docs folder: %w", err)
	}
	var lines []docLine
	var ids []string          // document to wait for, per line
	var dupOf []int           // line whose content this one repeats, or -1
	first := map[string]int{} // document id → line that created it
	for _, en := range entries {
		name := en.Name()
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p) // follows symbolic links
		switch {
		case err != nil && en.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			if errors.Is(err, fs.ErrNotExist) {
				err = fmt.Errorf("broken symbolic link: %s does not exist", target)
			} else {
				var pe *fs.PathError
				if errors.As(err, &pe) {
					err = pe.Err
				}
				err = fmt.Errorf("cannot follow symbolic link to %s: %v", target, err)
			}
		case err != nil:
		case fi.IsDir():
			continue
		case !fi.Mode().IsRegular():
			err = fmt.Errorf("not a regular file (%s)", fileKind(fi.Mode()))
		}
		i := len(lines)
		lines = append(lines, docLine{Doc: name})
		ids = append(ids, "")
		dupOf = append(dupOf, -1)
		if err == nil {
			var res rag.AddReport
			res, err = e.svc.AddPaths(ctx, e.ws, "", []string{p})
			if err == nil && len(res.Failed) > 0 {
				err = errors.New(res.Failed[0].Reason)
			} else if err == nil && len(res.Added) == 0 {
				err = errors.New("not added")
			}
			if err == nil {
				d := res.Added[0].Document
				if j, ok := first[d.ID]; ok && res.Added[0].Duplicate {
					dupOf[i] = j
					continue
				}
				first[d.ID] = i
				ids[i] = d.ID
			}
		}
		if err != nil {
			lines[i] = docLine{Doc: name, Status: rag.StatusError, Error: err.Error()}
		}
	}
	e.svc.Start(ctx)
	for i, id := range ids {
		if id == "" {
			continue
		}
		d, err := e.waitDone(ctx, id)
		if err != nil {
			return nil, err
		}
		lines[i] = docLine{Doc: lines[i].Doc, Status: d.Status, Error: d.Error, Chunks: d.Chunks}
		if d.Status == rag.StatusCompleted {
			lines[i].Error = ""
		}
	}
	for i, j := range dupOf {
		if j < 0 {
			continue
		}
		reason := "same content as " + lines[j].Doc
		if lines[j].Status == rag.StatusCompleted {
			reason += " (already indexed)"
		}
		lines[i] = docLine{Doc: lines[i].Doc, Status: rag.StatusError, Error: reason}
	}
	return lines, nil
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return m.Type().String()
}

// indexedChunks counts the chunks in the workspace's index.
func (e *env) indexedChunks(ctx context.Context) (int, error) {
	var n int
	err := e.db.R.QueryRowContext(ctx, `SELECT count(*) FROM chunks WHERE workspace_id = ?`, e.ws).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count chunks: %w", err)
	}
	return n, nil
}

func (e *env) waitDone(ctx context.Context, id string) (rag.Document, error) {
	for {
		d, err := e.svc.Get(ctx, id)
		if err != nil {
			return d, err
		}
		if d.Status == rag.StatusCompleted || d.Status == rag.StatusError {
			return d, nil
		}
		select {
		case <-ctx.Done():
			return d, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// ranked returns the chunk texts the app retrieves for q, best first.
func (e *env) ranked(ctx context.Context, q string) ([]rag.Source, error) {
	res, err := e.svc.Search(ctx, rag.SearchRequest{WorkspaceID: e.ws, Query: q, Limit: topN})
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// score applies ../shared/corpus/README.md: a question is answered at k when
// one of the top k chunks contains the normalised answer; MRR@10 uses the
// first such rank.
// answerRank is the rank (1-based, ≤ topN) of the first hit that holds the
// question's answer, 0 if none. The index holds every file of the folder (a
// README may quote an answer), so a hit counts only from the question's doc
// (../shared/corpus/README.md, scoring).
func answerRank(hits []rag.Source, q question) int {
	ans := norm(q.Answer)
	for r, h := range hits {
		if r >= topN {
			break
		}
		if strings.Contains(norm(h.Text), ans) && (q.Doc == "" || h.DocumentName == q.Doc) {
			return r + 1
		}
	}
	return 0
}

func score(hits [][]rag.Source, qs []question) summary {
	s := summary{Questions: len(qs)}
	if len(qs) == 0 {
		return s
	}
	for i, q := range qs {
		rank := answerRank(hits[i], q)
		if rank == 0 {
			continue
		}
		if rank <= 1 {
			s.Recall1++
		}
		if rank <= 5 {
			s.Recall5++
		}
		s.Recall10++
		s.MRR10 += 1 / float64(rank)
	}
	n := float64(len(qs))
	s.Recall1, s.Recall5, s.Recall10, s.MRR10 = s.Recall1/n, s.Recall5/n, s.Recall10/n, s.MRR10/n
	return s
}

func readQuestions(path string) ([]question, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open questions: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f) // ReadString: no token limit on long lines
	var qs []question
	for n := 1; ; n++ {
		line, err := r.ReadString('\n')
		if t := strings.TrimSpace(line); t != "" {
			var q question
			if jerr := json.Unmarshal([]byte(t), &q); jerr != nil {
				return nil, fmt.Errorf("questions line %d: %w", n, jerr)
			}
			qs = append(qs, q)
		}
		if errors.Is(err, io.EOF) {
			return qs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read questions: %w", err)
		}
	}
}

func evaluate(ctx context.Context, cfg config, stdout io.Writer, log *slog.Logger) error {
	var qs []question
	if cfg.Questions != "" {
		var err error
		if qs, err = readQuestions(cfg.Questions); err != nil {
			return err
		}
	}
	ref, embedders, err := embedderFor(ctx, cfg.Embedder, cfg.BaseURL)
	if err != nil {
		return err
	}
	ask, err := askerFor(cfg.RerankModel, cfg.RerankURL)
	if err != nil {
		return err
	}
	e, err := newEnv(ctx, ref, embedders, log)
	if err != nil {
		return err
	}
	defer e.close()
	start := time.Now()
	lines, err := e.ingest(ctx, cfg.Docs)
	if err != nil {
		return err
	}
	ingest := time.Since(start).Seconds()
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	if cfg.Check {
		c, err := e.svc.CheckSearch(ctx, e.ws)
		if err != nil {
			// The documents' lines stay: they say what was indexed.
			return errors.Join(fmt.Errorf("run search check: %w", err), out.Flush())
		}
		if err := enc.Encode(map[string]rag.SearchCheck{"check": c}); err != nil {
			return err
		}
	}
	if cfg.Questions == "" {
		return out.Flush()
	}
	total, err := e.indexedChunks(ctx)
	if err != nil {
		return err
	}
	hits := make([][]rag.Source, len(qs))
	rr := &rerankSummary{Model: cfg.RerankModel}
	for i, q := range qs {
		var h []rag.Source
		if ask != nil {
			h, err = e.reranked(ctx, q.Question, ask, rr)
		} else {
			h, err = e.ranked(ctx, q.Question)
		}
		if err != nil {
			log.Warn("question failed", "id", q.ID, "err", err)
		}
		hits[i] = h
	}
	sum := score(hits, qs)
	sum.IngestS = float64(int(ingest*1000)) / 1000
	sum.Chunks = total
	if ask != nil {
		rr.finish()
		sum.Rerank = rr
	}
	logPerDoc(log, hits, qs)
	if err := enc.Encode(sum); err != nil {
		return err
	}
	return out.Flush()
}

// logPerDoc writes per-document recall and MRR@10 to stderr, and the
// questions not ranked first.
func logPerDoc(log *slog.Logger, hits [][]rag.Source, qs []question) {
	type agg struct {
		n, at1, at5, at10 int
		rr                float64
	}
	by := map[string]*agg{}
	for i, q := range qs {
		a := by[q.Doc]
		if a == nil {
			a = &agg{}
			by[q.Doc] = a
		}
		a.n++
		rank := answerRank(hits[i], q)
		if rank == 1 {
			a.at1++
		}
		if rank > 0 && rank <= 5 {
			a.at5++
		}
		if rank > 0 {
			a.at10++
			a.rr += 1 / float64(rank)
		}
		if rank != 1 {
			log.Info("not first", "id", q.ID, "doc", q.Doc, "rank", rank)
			for r, h := range hits[i] {
				if r >= 3 && r+1 != rank {
					continue
				}
				text := strings.Join(strings.Fields(h.Text), " ")
				log.Debug("hit", "id", q.ID, "rank", r+1, "doc", h.DocumentName, "score", h.Score, "bm25", h.BM25,
					"text", text[:min(len(text), 300)])
			}
		}
	}
	docs := make([]string, 0, len(by))
	for d := range by {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	for _, d := range docs {
		a := by[d]
		n := float64(a.n)
		log.Info("per document", "doc", d, "questions", a.n, "recall@1", float64(a.at1)/n, "recall@5", float64(a.at5)/n,
			"recall@10", float64(a.at10)/n, "mrr@10", a.rr/n)
	}
}

// workspaceSettings reads retrieval settings from the workspace's settings
// row, as the app does.
func workspaceSettings(ws *workspace.Service) rag.SettingsFunc {
	return func(ctx context.Context, id string) (rag.Settings, error) {
		st, err := ws.Settings(ctx, id)
		if err != nil {
			return rag.Settings{}, err
		}
		return rag.Settings{ChunkSize: st.ChunkSize, ChunkOverlap: st.ChunkOverlap, TopK: st.TopK, MinScore: st.MinScore,
			EmbeddingModel: st.EmbeddingModelRef}, nil
	}
}
