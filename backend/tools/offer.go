package tools

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// Hook points: a plugin is a server with tools of these names.
const (
	HookBeforeSend  = "bookbag_before_send"
	HookAfterAnswer = "bookbag_after_answer"
	ActionPrefix    = "bookbag_action_" // message actions: one button per tool
)

// isHook reports whether a tool is a plugin's hook or action, never offered
// to models.
func isHook(name string) bool { return strings.HasPrefix(name, "bookbag_") }

// Offered is a tool a model may call in a turn, under the name it sees.
type Offered struct {
	Tool
	ServerID  string `json:"serverId"`
	ModelName string `json:"modelName"` // unique in the turn, ^[a-zA-Z0-9_-]{1,64}$ as every provider takes
}

// Offer lists the tools of a workspace's enabled servers that a model may
// call, leaving out what the chat switched off (off holds server names, or
// "server/tool"). A server that cannot start or list its tools is left out;
// its name and reason come back in unavailable so the answer can say so.
func (s *Service) Offer(ctx context.Context, workspaceID string, off []string) ([]Offered, map[string]string, error) {
	servers, err := s.usedServers(ctx, workspaceID, false)
	if err != nil {
		return nil, nil, err
	}
	skip := map[string]bool{}
	for _, o := range off {
		skip[o] = true
	}
	// Servers start on first use: asked one after another, a server that
	// never answers initialize would hold back every server after it (and
	// the answer) for its whole init timeout, and three npx downloads would
	// take three times as long.
	type listed struct {
		tools []Tool
		err   error
	}
	lists := make([]listed, len(servers))
	var wg sync.WaitGroup
	for i, sv := range servers {
		if skip[sv.Name] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			lists[i].tools, lists[i].err = s.rt.Tools(ctx, sv.Name)
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, nil, ctx.Err()
	}
	var out []Offered
	unavailable := map[string]string{}
	taken := map[string]bool{}
	for i, sv := range servers {
		if skip[sv.Name] {
			continue
		}
		ts, err := lists[i].tools, lists[i].err
		if err != nil {
			unavailable[sv.Name] = reason(err)
			continue
		}
		for _, t := range ts {
			if isHook(t.Name) || skip[sv.Name+"/"+t.Name] {
				continue
			}
			o := Offered{Tool: t, ServerID: sv.ServerID, ModelName: modelName(sv.Name, t.Name)}
			for n := 2; taken[o.ModelName]; n++ { // two server names that read the same once cleaned
				o.ModelName = modelName(sv.Name, fmt.Sprintf("%s_%d", t.Name, n))
			}
			taken[o.ModelName] = true
			out = append(out, o)
		}
	}
	return out, unavailable, nil
}

// reason words why a server is unavailable without what changes by the
// second (a runtime's countdown to its next try, when its error has a
// Reason), so the same failure reads the same each time it is asked.
func reason(err error) string {
	var r interface{ Reason() string }
	if errors.As(err, &r) {
		return r.Reason()
	}
	return err.Error()
}

// modelName is the name a model sees for a server's tool, within what
// every provider accepts ([a-zA-Z0-9_-], at most 64): the server's
// modelPrefix and the tool's name with other characters made '_', joined
// by "__". The prefix has no "__" of its own, so the first "__" always
// splits the name back (the chat's tool card shows the two parts); a tool
// part too long for the rest keeps its start and a hash of the whole.
func modelName(server, tool string) string {
	name := modelPrefix(server) + "__" + cleanName(tool)
	if len(name) <= 64 {
		return name
	}
	sum := sha256.Sum256([]byte(server + "\x00" + tool))
	return name[:55] + "_" + hex.EncodeToString(sum[:4])
}

// modelPrefix is the server part of its tools' model names: the name
// cleaned, runs of '_' made one, none at the ends, at most 24 characters,
// "tools" when nothing is left (a name in another script).
func modelPrefix(server string) string {
	sv := cleanName(server)
	for strings.Contains(sv, "__") {
		sv = strings.ReplaceAll(sv, "__", "_")
	}
	if sv = strings.Trim(sv, "_"); len(sv) > 24 {
		sv = strings.TrimRight(sv[:24], "_")
	}
	if sv == "" {
		sv = "tools"
	}
	return sv
}

// cleanName makes every character outside [a-zA-Z0-9_-] a '_'.
func cleanName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, s)
}

// DefinitionTokens estimates what the tools' definitions cost in a model's
// context (about 4 characters a token, as the chat's estimates), so a long
// list can be seen before it crowds out a small local model's context.
func DefinitionTokens(ts []Offered) int {
	n := 0
	for _, t := range ts {
		chars := utf8.RuneCountInString(t.ModelName) + utf8.RuneCountInString(t.Description) + len(t.InputSchema)
		n += chars/4 + 10 // name, wrapper and separators
	}
	return n
}
