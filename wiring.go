package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"bookbag/backend/apperr"
	"bookbag/backend/chat"
	"bookbag/backend/llm"
	"bookbag/backend/llm/provider"
	"bookbag/backend/models"
	"bookbag/backend/rag"
	"bookbag/backend/secrets"
	"bookbag/backend/settings"
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
	return provider.New(provider.Config{Preset: cfg.Preset, Kind: cfg.Kind, BaseURL: cfg.BaseURL, APIKey: cfg.APIKey})
}

// chatResolver answers a chat run's questions from the models and workspace domains.
type chatResolver struct {
	models     *models.Service
	workspaces *workspace.Service
}

func (r chatResolver) Model(ctx context.Context, ref string) (chat.Model, error) {
	res, err := r.models.Resolve(ctx, ref)
	if err != nil {
		return chat.Model{}, err
	}
	return chat.Model{Ref: ref, Name: res.Model.Name, ProviderName: res.Provider.Name, Preset: res.Provider.Preset,
		Client: res.Client, ContextLength: res.Model.ContextLength, Vision: res.Model.Vision, Thinking: res.Model.Thinking}, nil
}

func (r chatResolver) Profile(ctx context.Context, id string) (chat.Profile, error) {
	p, err := r.models.GetProfile(ctx, id)
	if err != nil {
		return chat.Profile{}, err
	}
	return chat.Profile{Params: p.Params(), ContextSet: p.ContextLength != nil, SystemPrompt: p.SystemPrompt}, nil
}

func (r chatResolver) Workspace(ctx context.Context, id string) (chat.WorkspaceDefaults, error) {
	st, err := r.workspaces.Settings(ctx, id)
	if err != nil {
		return chat.WorkspaceDefaults{}, err
	}
	allowed, err := r.workspaces.AllowedModels(ctx, id)
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

// retriever lets chat runs find passages in the documents domain.
type retriever struct{ docs *rag.DocumentService }

func (r retriever) Retrieve(ctx context.Context, workspaceID, chatID, query string, workspaceDocs bool) ([]chat.Source, error) {
	found, err := r.docs.RetrieveIn(ctx, workspaceID, rag.Scope{Chat: chatID, ChatOnly: !workspaceDocs}, query)
	if err != nil {
		return nil, err
	}
	out := make([]chat.Source, 0, len(found))
	for _, s := range found {
		out = append(out, chat.Source{DocumentID: s.DocumentID, DocumentName: s.DocumentName, Page: s.Page,
			ChunkID: s.ChunkID, Text: s.Text, Score: s.Score})
	}
	return out, nil
}

// workspaceIndex lets the workspace domain re-embed, re-index and forget a
// workspace's documents.
type workspaceIndex struct{ docs *rag.DocumentService }

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
