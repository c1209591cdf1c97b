package main

import (
	"context"

	"bookbag/backend/chat"
	"bookbag/backend/llm"
	"bookbag/backend/localapi"
	"bookbag/backend/models"
)

// Adapters of the local API: the models domain lists and resolves models;
// workspaces are listed by the workspace domain and a workspace's request
// is assembled by the chat domain, exactly as a chat turn's.

// localModels gives the local API the enabled models.
type localModels struct{ models *models.Service }

func (m localModels) Enabled(ctx context.Context) ([]localapi.Model, error) {
	ms, err := m.models.EnabledModels(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]localapi.Model, len(ms))
	for i, x := range ms {
		out[i] = localapi.Model{Ref: x.Ref, Name: x.Name, Owner: x.ProviderName, Embedding: x.Embedding, Tools: x.Tools}
	}
	return out, nil
}

func (m localModels) Resolve(ctx context.Context, ref string) (localapi.Resolved, error) {
	r, err := m.models.Resolve(ctx, ref)
	if err != nil {
		return localapi.Resolved{}, err
	}
	return localapi.Resolved{Client: r.Client, Model: localapi.Model{Ref: ref, Name: r.Model.Name, Owner: r.Provider.Name,
		Embedding: r.Model.Embedding, Tools: r.Model.Tools}}, nil
}

// localWorkspaces offers workspaces as models.
type localWorkspaces struct{ a *App }

func (w localWorkspaces) List(ctx context.Context) ([]localapi.Workspace, error) {
	wss, err := w.a.workspaces.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]localapi.Workspace, 0, len(wss))
	for _, ws := range wss {
		if ws.ArchivedAt == 0 {
			out = append(out, localapi.Workspace{ID: ws.ID, Name: ws.Name, CreatedAt: ws.CreatedAt})
		}
	}
	return out, nil
}

func (w localWorkspaces) Prepare(ctx context.Context, workspaceID, system string, msgs []llm.Message) (localapi.Prepared, error) {
	ext, err := w.a.chats.PrepareExternal(ctx, workspaceID, system, msgs)
	if err != nil {
		return localapi.Prepared{}, err
	}
	m := ext.Model
	p := localapi.Prepared{Request: ext.Request, Resolved: localapi.Resolved{Client: m.Client,
		Model: localapi.Model{Ref: ext.ModelRef, Name: m.Name, Owner: m.ProviderName, Tools: m.Tools}}}
	for _, s := range ext.Sources {
		p.Sources = append(p.Sources, localapi.Source{DocumentID: s.DocumentID, DocumentName: s.DocumentName, ChunkID: s.ChunkID, Page: s.Page, Text: s.Text})
	}
	return p, nil
}

// Record keeps an answered API request as a chat of the workspace.
func (w localWorkspaces) Record(ctx context.Context, workspaceID string, t localapi.Turn) error {
	srcs := make([]chat.Source, len(t.Sources))
	for i, s := range t.Sources {
		srcs[i] = chat.Source{DocumentID: s.DocumentID, DocumentName: s.DocumentName, ChunkID: s.ChunkID, Page: s.Page, Text: s.Text}
	}
	_, err := w.a.chats.RecordExternal(ctx, workspaceID, chat.ExternalTurn{ModelRef: t.ModelRef, Question: t.Question,
		Answer: t.Answer, TokensIn: t.TokensIn, TokensOut: t.TokensOut, Estimated: t.Estimated, Sources: srcs})
	return err
}
