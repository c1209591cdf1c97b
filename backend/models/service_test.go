package models

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/llm"
)

const secret = "sk-test-0123456789abcdefWXYZ"

func TestAddProviderKeepsKeyOnlyInKeychain(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOpenAI, APIKey: secret, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "OpenAI" || p.BaseURL != "https://api.openai.com/v1" || p.KeyEnv != "OPENAI_API_KEY" || !p.Enabled {
		t.Fatalf("preset defaults not applied: %+v", p)
	}
	if p.Key.Source != KeyKeychain || p.Key.Hint != "…WXYZ" {
		t.Fatalf("key status %+v", p.Key)
	}
	if h.keys.m["provider/"+p.ID] != secret {
		t.Fatal("key not in keychain")
	}
	var rows int
	h.db.R.QueryRow(`SELECT count(*) FROM providers WHERE base_url LIKE '%'||?||'%' OR name LIKE '%'||?||'%' OR options LIKE '%'||?||'%'`, secret, secret, secret).Scan(&rows)
	if rows != 0 {
		t.Fatal("key written to SQLite")
	}
	if strings.Contains(h.rec.JSON(), secret) {
		t.Fatal("key in an event")
	}
	// The client gets the key only when a request is made.
	if _, err := h.svc.TestProvider(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if len(h.configs) != 1 || h.configs[0].APIKey != secret || h.configs[0].Kind != llm.KindOpenAI {
		t.Fatalf("client built with %+v", h.configs)
	}
}

func TestAddProviderWithoutKeychainCreatesNothing(t *testing.T) {
	h := newHarness(t)
	h.keys.broken = true
	ctx := context.Background()
	_, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetAnthropic, APIKey: secret})
	if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(apperr.MessageOf(err), "environment variable") {
		t.Fatalf("want a clear unavailable error, got %v", err)
	}
	list, _ := h.svc.ListProviders(ctx)
	if len(list) != 0 {
		t.Fatal("provider created although its key could not be stored")
	}
	if st := h.svc.Keychain(ctx); st.Available || st.Reason == "" {
		t.Fatalf("keychain state %+v", st)
	}
}

// A keychain that answers but refuses the key says why, rather than
// "not available".
func TestKeyTooLongForKeychainSaysSo(t *testing.T) {
	h := newHarness(t)
	h.keys.setErr = apperr.New(apperr.Invalid, "the key is too long for the system keychain")
	_, err := h.svc.AddProvider(context.Background(), ProviderInput{Preset: llm.PresetOpenAI, APIKey: secret})
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), "too long") {
		t.Fatalf("got %v", err)
	}
	if list, _ := h.svc.ListProviders(context.Background()); len(list) != 0 {
		t.Fatal("provider created although its key was refused")
	}
}

func TestEnvironmentKeyFallback(t *testing.T) {
	h := newHarness(t)
	h.keys.broken = true
	h.env["MY_XAI_KEY"] = "xai-" + secret
	ctx := context.Background()
	p, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetXAI, KeyEnv: "MY_XAI_KEY"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Key.Source != KeyEnv || p.Key.Hint != "…WXYZ" {
		t.Fatalf("key status %+v", p.Key)
	}
	res, _ := h.svc.TestProvider(ctx, p.ID)
	if !res.OK || h.configs[0].APIKey != "xai-"+secret {
		t.Fatalf("env key not used: %+v %+v", res, h.configs)
	}
}

// A keychain that does not answer for a moment (locked, its unlock prompt
// timed out) must not leave a provider whose key is optional without its
// key until the app restarts: the keyless client is not kept.
func TestKeychainOutageIsNotRemembered(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetCustom, BaseURL: "http://10.0.0.5:8000/v1", APIKey: secret})
	if err != nil {
		t.Fatal(err)
	}
	h.keys.broken = true
	if res, _ := h.svc.TestProvider(ctx, p.ID); !res.OK || h.configs[len(h.configs)-1].APIKey != "" {
		t.Fatalf("while the keychain is away: %+v %+v", res, h.configs)
	}
	h.keys.broken = false
	if res, _ := h.svc.TestProvider(ctx, p.ID); !res.OK || h.configs[len(h.configs)-1].APIKey != secret {
		t.Fatalf("the key was not read again once the keychain answered: %+v", h.configs)
	}
}

// A locked keychain is asked once per page load, not once per provider:
// each ask may show an unlock prompt and wait out the deadline.
func TestLockedKeychainIsAskedOncePerList(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var ids []string
	for _, name := range []string{"One", "Two", "Three"} {
		p, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOpenAI, Name: name, APIKey: secret})
		ids = append(ids, p.ID)
	}
	h.env["OPENAI_API_KEY"] = "sk-env-000000000000ENVK"
	for _, id := range ids {
		h.svc.forget(id) // as after a restart
	}
	h.keys.broken = true
	h.keys.gets = 0
	list, err := h.svc.ListProviders(ctx)
	if err != nil || len(list) != 3 {
		t.Fatal(err)
	}
	if h.keys.gets != 1 {
		t.Fatalf("the keychain was asked %d times", h.keys.gets)
	}
	for _, p := range list {
		if p.Key.Source != KeyEnv || p.Key.Hint != "…ENVK" {
			t.Fatalf("status while locked %+v", p.Key)
		}
	}
	// Once it answers, the keychain's keys show again.
	h.keys.broken = false
	list, _ = h.svc.ListProviders(ctx)
	for _, p := range list {
		if p.Key.Source != KeyKeychain {
			t.Fatalf("status after unlock %+v", p.Key)
		}
	}
}

// Errors name the provider as the person named it: "My vLLM box could not
// be reached", not the preset's "vLLM" (two of a kind are told apart).
func TestClientCarriesTheProvidersName(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetVLLM, Name: "My vLLM box"})
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := h.svc.TestProvider(ctx, p.ID); !res.OK || h.configs[0].Name != "My vLLM box" {
		t.Fatalf("client config %+v", h.configs)
	}
}

func TestMissingKeyIsExplained(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetGroq})
	res, err := h.svc.TestProvider(ctx, p.ID)
	if err != nil || res.OK || res.Code != "unauthorized" || !strings.Contains(res.Error, "GROQ_API_KEY") {
		t.Fatalf("test without key: %+v %v", res, err)
	}
}

func TestUpdateKeepsClearsAndReplacesKey(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOpenRouter, APIKey: secret})
	p, err := h.svc.UpdateProvider(ctx, p.ID, ProviderInput{Name: "Router", Enabled: true})
	if err != nil || p.Name != "Router" || p.Key.Source != KeyKeychain {
		t.Fatalf("update kept key? %+v %v", p, err)
	}
	p, _ = h.svc.UpdateProvider(ctx, p.ID, ProviderInput{Name: "Router", Enabled: true, APIKey: "sk-other-key-000000001111"})
	if p.Key.Hint != "…1111" {
		t.Fatalf("replaced key hint %q", p.Key.Hint)
	}
	p, _ = h.svc.UpdateProvider(ctx, p.ID, ProviderInput{Name: "Router", Enabled: false, ClearKey: true})
	if p.Key.Source != KeyNone || p.Enabled {
		t.Fatalf("cleared: %+v", p)
	}
}

// Two providers of one preset keep their own keys through an edit that
// does not retype either, and clearing one leaves the other.
func TestTwoProvidersOfAPresetKeepSeparateKeys(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	a, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOpenAI, Name: "Work", APIKey: secret + "A", Enabled: true})
	b, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOpenAI, Name: "Home", APIKey: secret + "B", Enabled: true})
	if _, err := h.svc.UpdateProvider(ctx, a.ID, ProviderInput{Name: "Work (renamed)", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	keyOf := func(id, name string) string {
		t.Helper()
		if res, _ := h.svc.TestProvider(ctx, id); !res.OK {
			t.Fatalf("test %s: %+v", name, res)
		}
		c := h.configs[len(h.configs)-1]
		if c.Name != name {
			t.Fatalf("client for %q built as %q", name, c.Name)
		}
		return c.APIKey
	}
	if keyOf(a.ID, "Work (renamed)") != secret+"A" || keyOf(b.ID, "Home") != secret+"B" {
		t.Fatalf("keys mixed up: %+v", h.configs)
	}
	if _, err := h.svc.UpdateProvider(ctx, a.ID, ProviderInput{Name: "Work (renamed)", Enabled: true, ClearKey: true}); err != nil {
		t.Fatal(err)
	}
	if h.keys.m["provider/"+b.ID] != secret+"B" || keyOf(b.ID, "Home") != secret+"B" {
		t.Fatal("clearing one provider's key touched the other's")
	}
}

func TestValidation(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	bad := []ProviderInput{
		{Preset: "nope"},
		{Preset: llm.PresetCustom},                                // needs a base URL
		{Preset: llm.PresetCustom, BaseURL: "ftp://x"},            // bad scheme
		{Preset: llm.PresetOpenAI, KeyEnv: "NOT VALID"},           // env name
		{Preset: llm.PresetOpenAI, APIKey: "sk-abc\ndef"},         // pasted with a line break
		{Preset: llm.PresetOpenAI, Name: strings.Repeat("n", 81)}, // long name
	}
	for i, in := range bad {
		if _, err := h.svc.AddProvider(ctx, in); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("case %d accepted: %v", i, err)
		}
	}
}

func TestModelsStoredRefreshedAndDefaults(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOllama})
	res, err := h.svc.TestProvider(ctx, p.ID)
	if err != nil || !res.OK || res.Models != 2 {
		t.Fatalf("test: %+v %v", res, err)
	}
	ms, _ := h.svc.ListModels(ctx, p.ID)
	if len(ms) != 2 || ms[0].Ref != "ollama:gpt-test" || ms[1].Ref != "ollama:embed-test@256" || !ms[1].Embedding {
		t.Fatalf("models: %+v", ms)
	}
	if err := h.svc.SetModelEnabled(ctx, ms[0].ID, false); err != nil {
		t.Fatal(err)
	}
	h.fake.models = append(h.fake.models[:1:1], llm.ModelInfo{Name: "new-one"})
	ms, _ = h.svc.RefreshModels(ctx, p.ID)
	names := []string{}
	for _, m := range ms {
		names = append(names, m.Name)
		if m.Name == "gpt-test" && m.Enabled {
			t.Fatal("refresh re-enabled a disabled model")
		}
	}
	if strings.Join(names, ",") != "gpt-test,new-one" {
		t.Fatalf("after refresh: %v", names)
	}
	if _, err := h.svc.SetDefaults(ctx, Defaults{ChatModelRef: "ollama:new-one"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.SetDefaults(ctx, Defaults{EmbeddingModelRef: "ollama:new-one"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("chat model accepted as embedding default: %v", err)
	}
	if _, err := h.svc.SetDefaults(ctx, Defaults{ChatModelRef: "openai:missing"}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown model accepted: %v", err)
	}
	d, _ := h.svc.Defaults(ctx)
	if d.ChatModelRef != "ollama:new-one" {
		t.Fatalf("defaults %+v", d)
	}
	enabled, _ := h.svc.EnabledModels(ctx)
	if len(enabled) != 1 || enabled[0].Name != "new-one" {
		t.Fatalf("enabled models %+v", enabled)
	}
}

func TestResolveByRef(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOllama})
	h.svc.RefreshModels(ctx, p.ID)
	r, err := h.svc.Resolve(ctx, "ollama:gpt-test")
	if err != nil || r.Provider.ID != p.ID || r.Model.Name != "gpt-test" || r.Client == nil {
		t.Fatalf("resolve: %+v %v", r, err)
	}
	if _, err := h.svc.Resolve(ctx, "ollama:embed-test@256"); err != nil {
		t.Fatalf("embedding ref: %v", err)
	}
	h.svc.SetProviderEnabled(ctx, p.ID, false)
	if _, err := h.svc.Resolve(ctx, "ollama:gpt-test"); !apperr.Is(err, apperr.NotFound) ||
		apperr.MessageOf(err) != "the model gpt-test is not available on this computer: no enabled Ollama provider lists it "+
			"(add or enable one on the Models page, or refresh its models)" {
		t.Fatalf("disabled provider resolved: %v", err)
	}
	if _, err := h.svc.Resolve(ctx, "nonsense"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad ref: %v", err)
	}
}

func TestRemoveProviderDeletesKeyAndModels(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetMistral, APIKey: secret})
	h.svc.RefreshModels(ctx, p.ID)
	if err := h.svc.RemoveProvider(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.keys.m["provider/"+p.ID]; ok {
		t.Fatal("key left in keychain")
	}
	ms, _ := h.svc.ListModels(ctx, "")
	if len(ms) != 0 {
		t.Fatal("models left behind")
	}
	if err := h.svc.RemoveProvider(ctx, p.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("second remove: %v", err)
	}
}

// A provider removed while the keychain does not answer (locked, its
// prompt timed out) loses its key once the keychain answers again.
func TestRemoveProviderWhileKeychainAwayDeletesKeyLater(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetMistral, APIKey: secret})
	other, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetMistral, Name: "Second", APIKey: secret + "2"})
	h.svc.forget(p.ID) // the key status is read again, as after a restart
	h.keys.broken = true
	if err := h.svc.RemoveProvider(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if st := h.svc.Keychain(ctx); st.Available {
		t.Fatal("keychain reported available while broken")
	}
	h.keys.broken = false
	if _, ok := h.keys.m["provider/"+p.ID]; !ok {
		t.Fatal("test setup: the key went while the keychain was away")
	}
	if st := h.svc.Keychain(ctx); !st.Available {
		t.Fatalf("keychain %+v", st)
	}
	if _, ok := h.keys.m["provider/"+p.ID]; ok {
		t.Fatal("key of a removed provider left in the keychain")
	}
	if h.keys.m["provider/"+other.ID] != secret+"2" {
		t.Fatal("the other provider's key was touched")
	}
	if v, _, _ := h.db.GetSetting(ctx, settingStaleKeys); v != "" {
		t.Fatalf("stale list kept %q", v)
	}
}

func TestDetectOllama(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.env["OLLAMA_HOST"] = "127.0.0.1:5555"
	h.fake.version = errors.New("connection refused")
	if p, err := h.svc.DetectOllama(ctx); err != nil || p != nil {
		t.Fatalf("added while not running: %v %v", p, err)
	}
	h.fake.version = nil
	p, err := h.svc.DetectOllama(ctx)
	if err != nil || p == nil || p.BaseURL != "http://127.0.0.1:5555" {
		t.Fatalf("detect: %+v %v", p, err)
	}
	if again, _ := h.svc.DetectOllama(ctx); again != nil {
		t.Fatal("added twice")
	}
	ms, _ := h.svc.ListModels(ctx, p.ID)
	if len(ms) != 2 {
		t.Fatalf("models of detected ollama: %d", len(ms))
	}
	// Removed by the user: not added back on the next start.
	h.svc.RemoveProvider(ctx, p.ID)
	if again, _ := h.svc.DetectOllama(ctx); again != nil {
		t.Fatal("re-added after the user removed it")
	}
}

func TestOllamaURL(t *testing.T) {
	cases := map[string]string{"": "http://127.0.0.1:11434", "0.0.0.0": "http://0.0.0.0:11434",
		"10.0.0.2:9999": "http://10.0.0.2:9999", "https://ollama.lan:443/": "https://ollama.lan:443"}
	for in, want := range cases {
		if got := OllamaURL(func(string) string { return in }); got != want {
			t.Errorf("OllamaURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPullProgressAndCancel(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, _ := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOllama})
	started := make(chan struct{})
	h.fake.pull = func(ctx context.Context, model string, progress func(llm.PullProgress)) error {
		progress(llm.PullProgress{Status: "pulling manifest"})
		progress(llm.PullProgress{Status: "downloading", Total: 100, Completed: 100})
		if model == "slow" {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}
	if err := h.svc.PullModel(ctx, p.ID, "fast"); err != nil {
		t.Fatal(err)
	}
	waitPull := func(model string) events.ModelPullPayload {
		deadline := time.After(5 * time.Second)
		for {
			for _, e := range h.rec.Events(events.ModelPull) {
				pl := e.Payload.(events.ModelPullPayload)
				if pl.Model == model && pl.Done {
					return pl
				}
			}
			select {
			case <-h.rec.Changed():
			case <-deadline:
				t.Fatalf("no end event for %s", model)
			}
		}
	}
	if end := waitPull("fast"); end.Status != "success" {
		t.Fatalf("fast pull ended %+v", end)
	}
	if err := h.svc.PullModel(ctx, p.ID, "slow"); err != nil {
		t.Fatal(err)
	}
	<-started
	if err := h.svc.PullModel(ctx, p.ID, "slow"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("second pull of the same model: %v", err)
	}
	if err := h.svc.CancelPull(p.ID, "slow"); err != nil {
		t.Fatal(err)
	}
	if end := waitPull("slow"); end.Status != "canceled" {
		t.Fatalf("slow pull ended %+v", end)
	}
	if err := h.svc.PullModel(ctx, p.ID, "bad name"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad name: %v", err)
	}
	if err := h.svc.DeleteLocalModel(ctx, p.ID, "fast"); err != nil || len(h.fake.deleted) != 1 {
		t.Fatalf("delete: %v %v", err, h.fake.deleted)
	}
}
