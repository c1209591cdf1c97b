package main

import (
	"cmp"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"

	"bookbag/backend/apperr"
	"bookbag/backend/archive"
	"bookbag/backend/chat"
	"bookbag/backend/llm"
	"bookbag/backend/llm/provider"
	"bookbag/backend/localapi"
	"bookbag/backend/models"
	"bookbag/backend/rag"
	"bookbag/backend/secrets"
	"bookbag/backend/settings"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
	"bookbag/backend/workspace"
)

// Adapters between domains. Each domain states what it needs as a small
// interface; these plug one domain's service into another's need. Only
// app.go uses them.

// keyStore lets the models domain use the keychain.
type keyStore struct{ s secrets.Store }

func (k keyStore) Get(ctx context.Context, account string) (string, bool, error) {
	v, err := k.s.Get(ctx, account)
	if errors.Is(err, secrets.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return v, true, nil
}

func (k keyStore) Set(ctx context.Context, account, secret string) error {
	return k.s.Set(ctx, account, secret)
}

func (k keyStore) Delete(ctx context.Context, account string) error { return k.s.Delete(ctx, account) }

// providerFactory builds provider clients for the models domain.
func providerFactory(cfg models.ProviderConfig) (llm.Provider, error) {
	return provider.New(provider.Config{Preset: cfg.Preset, Kind: cfg.Kind, Name: cfg.Name, BaseURL: cfg.BaseURL, APIKey: cfg.APIKey})
}

// Several services need each other (chats ask workspaces, documents ask
// chats, workspaces ask both), so some adapters hold the App and reach the
// service when called, after buildServices has built them all.

// chatResolver answers a chat run's questions from the models and workspace domains.
type chatResolver struct {
	models     *models.Service
	workspaces workspaceLookup
}

func (r chatResolver) Model(ctx context.Context, ref string) (chat.Model, error) {
	res, err := r.models.Resolve(ctx, ref)
	if err != nil {
		return chat.Model{}, err
	}
	return chat.Model{Ref: ref, Name: res.Model.Name, ProviderName: res.Provider.Name, Preset: res.Provider.Preset,
		Client: res.Client, ContextLength: res.Model.ContextLength, Vision: res.Model.Vision, Thinking: res.Model.Thinking,
		Tools: res.Model.Tools}, nil
}

func (r chatResolver) Profile(ctx context.Context, id string) (chat.Profile, error) {
	p, err := r.models.GetProfile(ctx, id)
	if err != nil {
		return chat.Profile{}, err
	}
	return chat.Profile{Params: p.Params(), ContextSet: p.ContextLength != nil, SystemPrompt: p.SystemPrompt}, nil
}

func (r chatResolver) Workspace(ctx context.Context, id string) (chat.WorkspaceDefaults, error) {
	ws := r.workspaces.a.workspaces
	st, err := ws.Settings(ctx, id)
	if err != nil {
		return chat.WorkspaceDefaults{}, err
	}
	allowed, err := ws.AllowedModels(ctx, id)
	if err != nil {
		return chat.WorkspaceDefaults{}, err
	}
	return chat.WorkspaceDefaults{AllowedModelRefs: allowed, DefaultModelRef: st.DefaultModelRef,
		DefaultProfileID: st.DefaultProfileID, SystemPrompt: st.SystemPrompt, UseDocuments: st.UseDocuments}, nil
}

// DefaultModelRef is the app's default chat model, else the first enabled
// chat model, so a new user's first chat works without a settings visit.
func (r chatResolver) DefaultModelRef(ctx context.Context) (string, error) {
	d, err := r.models.Defaults(ctx)
	if err != nil {
		return "", err
	}
	if d.ChatModelRef != "" {
		return d.ChatModelRef, nil
	}
	ms, err := r.models.EnabledModels(ctx)
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		if !m.Embedding {
			return m.Ref, nil
		}
	}
	return "", nil
}

// workspaceLookup answers chats and documents whether a workspace is live.
type workspaceLookup struct{ a *App }

func (w workspaceLookup) Live(ctx context.Context, q sqlkit.Queryer, id string) (bool, error) {
	return w.a.workspaces.Live(ctx, q, id)
}

func (w workspaceLookup) Deleted(ctx context.Context) ([]string, error) {
	return w.a.workspaces.Deleted(ctx)
}

// chatDocuments moves a chat's documents when the chat moves.
type chatDocuments struct{ a *App }

func (c chatDocuments) MoveChatDocuments(ctx context.Context, tx *store.Tx, chatID, workspaceID string) error {
	return c.a.documents.MoveChatDocuments(ctx, tx, chatID, workspaceID)
}

// filesInUse asks every domain that names stored files (documents, chats'
// images) before one is deleted.
type filesInUse struct{ a *App }

func (f filesInUse) InUse(ctx context.Context, sum string) (bool, error) {
	if used, err := f.a.documents.FileInUse(ctx, f.a.db.R, sum); err != nil || used {
		return used, err
	}
	return f.a.chats.FileInUse(ctx, f.a.db.R, sum)
}

// Named lists every stored file a live row names, one read per domain.
func (f filesInUse) Named(ctx context.Context) (map[string]bool, error) {
	named, err := f.a.documents.FilesNamed(ctx, f.a.db.R)
	if err != nil {
		return nil, err
	}
	images, err := f.a.chats.FilesNamed(ctx, f.a.db.R)
	for sum := range images {
		named[sum] = true
	}
	return named, err
}

// retrievalSettings gives the documents domain a workspace's retrieval settings.
type retrievalSettings struct{ a *App }

func (r retrievalSettings) RetrievalSettings(ctx context.Context, workspaceID string) (rag.Settings, error) {
	st, err := r.a.workspaces.Settings(ctx, workspaceID)
	if err != nil {
		return rag.Settings{}, err
	}
	return rag.Settings{ChunkSize: st.ChunkSize, ChunkOverlap: st.ChunkOverlap, TopK: st.TopK, MinScore: st.MinScore,
		EmbeddingModel: st.EmbeddingModelRef, Rerank: st.RerankSources}, nil
}

// workspaceContents counts a workspace's chats and documents for its overview.
type workspaceContents struct {
	chats *chat.Service
	docs  *rag.Service
	api   func() *localapi.Service // built after the workspaces
}

func (c workspaceContents) Counts(ctx context.Context, q sqlkit.Queryer, ws string) (workspace.ContentCounts, error) {
	ch, err := c.chats.WorkspaceCounts(ctx, q, ws)
	if err != nil {
		return workspace.ContentCounts{}, err
	}
	d, err := c.docs.WorkspaceCounts(ctx, q, ws)
	if err != nil {
		return workspace.ContentCounts{}, err
	}
	return workspace.ContentCounts{Chats: ch.Chats, Messages: ch.Messages, Documents: d.Documents, Chunks: d.Chunks}, nil
}

// Files are the documents' files and the chats' images, each hash once.
func (c workspaceContents) Files(ctx context.Context, q sqlkit.Queryer, ws string) (map[string]int64, error) {
	files, err := c.docs.DocumentFiles(ctx, q, ws)
	if err != nil {
		return nil, err
	}
	images, err := c.chats.ImageFiles(ctx, q, ws)
	if err != nil {
		return nil, err
	}
	for sum, size := range images {
		files[sum] = max(files[sum], size)
	}
	return files, nil
}

func (c workspaceContents) Usage(ctx context.Context, q sqlkit.Queryer, ws string, since, dayMs int64, days int) ([]workspace.ModelUsage, []int64, error) {
	models, daily, err := c.chats.Usage(ctx, q, ws, since, dayMs, days)
	if err != nil {
		return nil, nil, err
	}
	// One row per model, whichever provider of its preset ran it (usage and
	// prices are per plain ref too).
	out := []workspace.ModelUsage{}
	at := map[string]int{}
	row := func(ref string) *workspace.ModelUsage {
		if r, err := llm.ParseRef(ref); err == nil {
			ref = r.Plain().String()
		}
		i, ok := at[ref]
		if !ok {
			i = len(out)
			at[ref] = i
			out = append(out, workspace.ModelUsage{ModelRef: ref})
		}
		return &out[i]
	}
	for _, m := range models {
		r := row(m.ModelRef)
		r.Input, r.Output, r.Answers = r.Input+m.Input, r.Output+m.Output, r.Answers+int(m.Answers)
	}
	// Answers given through the local API count like a chat's, source API.
	api, apiDaily, err := c.api().WorkspaceUsage(ctx, q, ws, since, dayMs, days)
	if err != nil {
		return nil, nil, err
	}
	for _, u := range api {
		r := row(u.ModelRef)
		r.Input += u.Input
		r.Output += u.Output
		r.Answers += int(u.Requests - u.InChats) // those kept as chats are counted there
		r.APIRequests += int(u.Requests)
	}
	for i := range daily {
		daily[i] += apiDaily[i]
	}
	slices.SortStableFunc(out, func(a, b workspace.ModelUsage) int {
		return cmp.Compare(b.Input+b.Output, a.Input+a.Output)
	})
	return out, daily, nil
}

// archiveChunks gives workspace archives the documents' chunks.
type archiveChunks struct{ docs *rag.Service }

func (c archiveChunks) ExportChunks(ctx context.Context, q sqlkit.Queryer, ws string, each func(archive.Chunk) error) (int, error) {
	return c.docs.ExportChunks(ctx, q, ws, func(r rag.ChunkRecord) error { return each(archive.Chunk(r)) })
}

func (c archiveChunks) DocumentState(ctx context.Context, q sqlkit.Queryer, id string) (archive.DocumentState, error) {
	st, err := c.docs.DocumentState(ctx, q, id)
	return archive.DocumentState(st), err
}

func (c archiveChunks) QueueLocally(ctx context.Context, tx *store.Tx, id string) error {
	return c.docs.QueueLocally(ctx, tx, id)
}

func (c archiveChunks) AddChunks(ctx context.Context, tx *store.Tx, docID, ws string, chunks []archive.Chunk) error {
	recs := make([]rag.ChunkRecord, len(chunks))
	for i, ch := range chunks {
		recs[i] = rag.ChunkRecord(ch)
	}
	return c.docs.AddChunks(ctx, tx, docID, ws, recs)
}

// embedders lets the documents domain embed with any configured model.
type embedders struct{ models *models.Service }

func (e embedders) Embedder(ctx context.Context, ref string) (rag.Embedder, error) {
	r, err := e.models.Resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	name, client := r.Model.Name, r.Client
	return rag.EmbedFunc(func(ctx context.Context, texts []string) ([][]float32, error) {
		return client.Embed(ctx, name, texts)
	}), nil
}

// retriever lets chat runs find passages in the documents domain, and
// lends re-ranking the turn's model.
type retriever struct{ a *App }

func (r retriever) Retrieve(ctx context.Context, req chat.RetrieveRequest) (chat.Retrieval, error) {
	var ask rag.Asker
	if m := req.Model; m.Client != nil {
		ask = rag.ModelAsker(m.Client, m.Name, m.Name, m.Thinking, req.Window)
	}
	found, err := r.a.documents.RetrieveRanked(ctx, req.WorkspaceID, rag.Scope{Chat: req.ChatID, ChatOnly: !req.WorkspaceDocs}, req.Query, ask)
	if err != nil {
		return chat.Retrieval{}, err
	}
	out := chat.Retrieval{Sources: make([]chat.Source, 0, len(found.Sources))}
	for _, s := range found.Sources {
		out.Sources = append(out.Sources, chat.Source{DocumentID: s.DocumentID, DocumentName: s.DocumentName, Page: s.Page,
			ChunkID: s.ChunkID, Text: s.Text, Score: s.Score})
	}
	if rr := found.Rerank; rr != nil {
		out.Rerank = &chat.Rerank{Model: rr.Model, InputTokens: rr.InputTokens, OutputTokens: rr.OutputTokens,
			Estimated: rr.Estimated, DurationMs: rr.DurationMs, Fallback: rr.Fallback}
	}
	return out, nil
}

// workspaceIndex lets the workspace domain re-embed, re-index and forget a
// workspace's documents.
type workspaceIndex struct{ docs *rag.Service }

func (w workspaceIndex) Reembed(ctx context.Context, workspaceID string) error {
	_, err := w.docs.Reembed(ctx, workspaceID)
	return err
}

// ReindexAll queues every document of the workspace that has a stored file.
func (w workspaceIndex) ReindexAll(ctx context.Context, workspaceID string) (int, error) {
	n := 0
	for offset := 0; ; offset += 500 {
		page, err := w.docs.List(ctx, workspaceID, "", offset, 500)
		if err != nil {
			return n, err
		}
		for _, d := range page.Items {
			if d.SHA256 == "" {
				continue // nothing stored to index from
			}
			if _, err := w.docs.Reindex(ctx, d.ID); err != nil && !apperr.Is(err, apperr.NotFound) {
				return n, err
			}
			n++
		}
		if len(page.Items) < 500 {
			return n, nil
		}
	}
}

func (w workspaceIndex) Forget(workspaceID string) { w.docs.ForgetWorkspace(workspaceID) }

// openStoredFile shows a stored document in the system viewer. Stored files
// are named by their hash, so a copy with the original name (and extension)
// goes to a temporary folder first.
func openStoredFile(name, path string) error {
	dir, err := os.MkdirTemp("", "bookbag-open-")
	if err != nil {
		return apperr.Wrap(err, apperr.Unavailable, "could not prepare the file for viewing")
	}
	dst := filepath.Join(dir, filepath.Base(name))
	src, err := os.Open(path)
	if err != nil {
		return apperr.Wrap(err, apperr.NotFound, "the stored file is missing")
	}
	defer src.Close()
	out, err := os.Create(dst)
	if err != nil {
		return apperr.Wrap(err, apperr.Unavailable, "could not prepare the file for viewing")
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		return apperr.Wrap(err, apperr.Unavailable, "could not prepare the file for viewing")
	}
	out.Close()
	return settings.OSOpener(dst)
}

// syncDocuments lets sync tell the documents domain about pulled documents;
// the rest of what sync asks (chunks, forgetting) it answers itself.
type syncDocuments struct{ *rag.Service }

// Index: pulled documents are already pending with their file stored; the
// queue picks them up.
func (d syncDocuments) Index(_ context.Context, workspaceID string, _ []string) {
	d.ForgetWorkspace(workspaceID)
}

// Forget: sync removed chunks (remote deletes, unshared chats): drop the
// in-memory vectors and keyword statistics of the workspace.
func (d syncDocuments) Forget(_ context.Context, workspaceID string, _ []string) {
	d.ForgetWorkspace(workspaceID)
}

// Reembed: a pulled settings change chose another embedding model.
func (d syncDocuments) Reembed(ctx context.Context, workspaceID string) {
	d.Service.Reembed(ctx, workspaceID)
}

// defaultEmbedding is the app's default embedding model, which new
// workspaces start with (retrieval is hybrid by default once there is one).
func (a *App) defaultEmbedding(ctx context.Context) string {
	d, err := a.models.Defaults(ctx)
	if err != nil {
		return ""
	}
	return d.EmbeddingModelRef
}

// defaultsChanged gives keyword-only workspaces a newly chosen default
// embedding model, which starts their re-embedding in the background.
func (a *App) defaultsChanged(ctx context.Context, d models.Defaults) {
	if n, err := a.workspaces.AdoptDefaultEmbedding(ctx, d.EmbeddingModelRef); err != nil {
		a.log.Warn("apply the default embedding model", "err", err)
	} else if n > 0 {
		a.log.Info("workspaces now use the default embedding model", "model", d.EmbeddingModelRef, "workspaces", n)
	}
}

// workspaceShared tells the documents domain which workspaces are shared
// (their documents' vectors are published for the members).
func (a *App) workspaceShared(_ context.Context, workspaceID string) bool {
	return a.syncer != nil && a.syncer.Linked(workspaceID)
}

// everShared tells the workspace domain whether a deleted workspace must
// stay a tombstone (something of it reached a server).
func (a *App) everShared(ctx context.Context, workspaceID string) (bool, error) {
	return a.syncer.EverShared(ctx, workspaceID)
}

// sharedRole is the user's role in a shared workspace ("" when not shared).
func (a *App) sharedRole(workspaceID string) string {
	if a.syncer == nil {
		return ""
	}
	return a.syncer.Role(workspaceID)
}
