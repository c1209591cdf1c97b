package chat

import (
	"context"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
)

// A request from outside the app (the local API) answered the way a chat in
// a workspace is: the same model choice, parameters, system prompt and
// retrieval, but over a conversation the caller sends whole instead of a
// stored chat's branch.

// External is a prepared request for a conversation the caller holds.
type External struct {
	ModelRef string
	Model    Model
	Request  llm.ChatRequest // Model, System (with the numbered sources), Messages, Params
	Sources  []Source        // numbered [1], [2]… in the order given to the model
}

// PrepareExternal assembles the request a chat in workspaceID would send for
// msgs: the workspace's default model (else the app's), its profile and
// system prompt (the caller's system text follows it), and the sources its
// documents give for the last user message. Tools are the caller's to add.
func (s *Service) PrepareExternal(ctx context.Context, workspaceID, callerSystem string, msgs []llm.Message) (External, error) {
	ws, err := s.resolver.Workspace(ctx, workspaceID)
	if err != nil {
		return External{}, err
	}
	c := Chat{WorkspaceID: workspaceID}
	ref, err := s.chooseModel(ctx, c, ws)
	if err != nil {
		return External{}, err
	}
	model, err := s.resolver.Model(ctx, ref)
	if err != nil {
		return External{}, err
	}
	params, system, err := s.settingsFor(ctx, c, ws)
	if err != nil {
		return External{}, err
	}
	if strings.TrimSpace(callerSystem) != "" {
		system = strings.TrimSpace(system + "\n\n" + callerSystem)
	}
	question := ""
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == llm.RoleUser {
			question = msgs[i].Content
			break
		}
	}
	if question == "" {
		return External{}, apperr.New(apperr.Invalid, "the conversation has no user message")
	}
	t := turn{chat: c, ws: ws, ref: ref, model: model}
	params.ContextLength = window(model, params) // the caller's messages are sent as they are, untrimmed
	sources, rr := s.retrieve(ctx, t, question, params.ContextLength)
	if rr != nil {
		s.recordRerank(t, *rr)
	}
	if len(sources) > 0 {
		system = strings.TrimSpace(system + "\n\n" + contextBlock(sources))
	}
	if !model.Thinking && params.Think != nil && *params.Think {
		params.Think = nil
	}
	return External{ModelRef: ref, Model: model, Sources: sources,
		Request: llm.ChatRequest{Model: model.Name, System: system, Messages: msgs, Params: params}}, nil
}
