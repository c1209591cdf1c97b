package chat

import (
	"context"
	"fmt"
	"os"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/provider"
	"bookbag/backend/store"
)

// Environment of the crash-test child.
const (
	crashChildEnv = "BOOKBAG_CHAT_CRASH_CHILD" // set: run as the child
	crashDirEnv   = "BOOKBAG_CHAT_CRASH_DIR"   // its data dir
	crashURLEnv   = "BOOKBAG_CHAT_CRASH_URL"   // the llmtest server's OpenAI base URL
)

// urlResolver resolves every model ref to the OpenAI adapter on one URL.
type urlResolver struct{ url string }

func (r urlResolver) Model(_ context.Context, ref string) (Model, error) {
	pr, err := llm.ParseRef(ref)
	if err != nil {
		return Model{}, err
	}
	c, err := provider.New(provider.Config{Preset: llm.PresetOpenAI, BaseURL: r.url, APIKey: "sk-test"})
	if err != nil {
		return Model{}, err
	}
	return Model{Ref: ref, Name: pr.Model, Client: c, ContextLength: 8192}, nil
}

func (urlResolver) Profile(context.Context, string) (Profile, error) {
	return Profile{}, apperr.New(apperr.NotFound, "profile not found")
}
func (urlResolver) Workspace(context.Context, string) (WorkspaceDefaults, error) {
	return WorkspaceDefaults{}, nil
}
func (urlResolver) DefaultModelRef(context.Context) (string, error) { return "openai:fake-chat", nil }

// crashChild opens the store, sends a message and lets the (slow) answer
// stream with the app's real save interval until the parent kills the
// process. It prints "answer <id>" once the run has started.
func crashChild() int {
	ctx := context.Background()
	db, err := store.Open(ctx, os.Getenv(crashDirEnv), store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: open store:", err)
		return 2
	}
	ws := store.NewID()
	if err := db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "workspaces", ws, ws, store.Values{"name": "Crash"})
	}); err != nil {
		fmt.Fprintln(os.Stderr, "child: workspace:", err)
		return 2
	}
	svc := NewService(Deps{DB: db, Resolver: urlResolver{os.Getenv(crashURLEnv)}})
	c, err := svc.CreateChat(ctx, ws, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: chat:", err)
		return 2
	}
	res, err := svc.Send(ctx, SendInput{ChatID: c.ID, Content: "Tell me a long story"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: send:", err)
		return 2
	}
	fmt.Printf("answer %s\n", res.Assistant.ID)
	time.Sleep(time.Minute) // the parent kills us long before
	fmt.Fprintln(os.Stderr, "child: not killed")
	return 3
}
