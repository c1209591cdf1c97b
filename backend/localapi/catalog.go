package localapi

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"unicode"
)

// The models a client sees: every enabled model by its portable ref (to a
// token for all workspaces), and every workspace it may use as
// "workspace:<slug>", the slug made from the workspace's name. Workspace
// names are unique but two may make one slug ("Notes!" and "notes"): the
// older keeps the slug, the others are listed by id. "workspace:<id>"
// always works.

const workspacePrefix = "workspace:"

// target is what a model id names.
type target struct {
	id        string
	model     Model      // a plain model (Ref set)
	workspace *Workspace // or a workspace
}

// slug makes a model-id-safe name: lower case letters and digits, other
// runs as one "-".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// workspaceIDs gives each workspace its model id, the older first.
func workspaceIDs(wss []Workspace) map[string]Workspace {
	byAge := slices.Clone(wss)
	slices.SortFunc(byAge, func(a, b Workspace) int {
		return cmp.Or(cmp.Compare(a.CreatedAt, b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	out := map[string]Workspace{}
	for _, w := range byAge {
		id := slug(w.Name)
		if _, taken := out[workspacePrefix+id]; taken || id == "" {
			id = w.ID
		}
		out[workspacePrefix+id] = w
	}
	return out
}

// targets lists what c may call, in the order of the list.
func (s *Service) targets(ctx context.Context, c caller) ([]target, error) {
	var out []target
	if c.all {
		ms, err := s.models.Enabled(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out = append(out, target{id: m.Ref, model: m})
		}
	}
	wss, err := s.wss.List(ctx)
	if err != nil {
		return nil, err
	}
	modelID := map[string]string{}
	for id, w := range workspaceIDs(wss) {
		modelID[w.ID] = id
	}
	for _, w := range wss {
		if c.mayUse(w.ID) {
			out = append(out, target{id: modelID[w.ID], workspace: &w})
		}
	}
	return out, nil
}

// lookup finds the model id a client named: 404 when there is none (or
// it is a model only an all-workspaces token may see), 403 when it is a
// workspace the token may not use.
func (s *Service) lookup(ctx context.Context, c caller, id string) (target, *apiError) {
	notFound := &apiError{Status: 404, Type: typeInvalid, Param: "model", Code: "model_not_found",
		Message: "The model `" + id + "` does not exist or you do not have access to it. GET /v1/models lists the models this token may use."}
	if rest, ok := strings.CutPrefix(id, workspacePrefix); ok {
		wss, err := s.wss.List(ctx)
		if err != nil {
			return target{}, fromError(err)
		}
		ids := workspaceIDs(wss)
		w, ok := ids[id]
		if !ok {
			for _, ws := range wss {
				if ws.ID == rest {
					w, ok = ws, true
				}
			}
		}
		if !ok {
			return target{}, notFound
		}
		if !c.mayUse(w.ID) {
			return target{}, &apiError{Status: 403, Type: typePermission, Param: "model", Code: "model_not_allowed",
				Message: "this token may not use the workspace `" + id + "`"}
		}
		return target{id: id, workspace: &w}, nil
	}
	if !c.all {
		return target{}, &apiError{Status: 403, Type: typePermission, Param: "model", Code: "model_not_allowed",
			Message: "this token may use only its workspaces (workspace:…), not the model `" + id + "`"}
	}
	ms, err := s.models.Enabled(ctx)
	if err != nil {
		return target{}, fromError(err)
	}
	for _, m := range ms {
		if m.Ref == id {
			return target{id: id, model: m}, nil
		}
	}
	return target{}, notFound
}

func (t target) object() modelObject {
	if t.workspace != nil {
		return modelObject{ID: t.id, Object: "model", Created: t.workspace.CreatedAt / 1000, OwnedBy: "bookbag-workspace"}
	}
	return modelObject{ID: t.id, Object: "model", OwnedBy: t.model.Owner}
}

func (s *Service) listModels(w http.ResponseWriter, r *http.Request) {
	ts, err := s.targets(r.Context(), callerOf(r))
	if err != nil {
		writeError(w, fromError(err))
		return
	}
	data := make([]modelObject, 0, len(ts))
	for _, t := range ts {
		data = append(data, t.object())
	}
	writeJSON(w, 200, map[string]any{"object": "list", "data": data})
}

func (s *Service) getModel(w http.ResponseWriter, r *http.Request) {
	t, aerr := s.lookup(r.Context(), callerOf(r), r.PathValue("id"))
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeJSON(w, 200, t.object())
}
