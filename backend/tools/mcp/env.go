package mcp

import (
	"sort"
	"strings"
)

// envValue is key's value in env (KEY=value lines); Windows keys ignore
// case (Path and PATH are one variable).
func envValue(env []string, key string, windows bool) string {
	v := ""
	for _, kv := range env {
		k, val, ok := strings.Cut(kv, "=")
		if ok && sameKey(k, key, windows) {
			v = val // the last one wins, as in exec
		}
	}
	return v
}

// mergeEnv is base with PATH set to path and extra laid over it; extra's
// PATH, when given, wins (the person said so). The result is sorted so a
// server's environment is the same from run to run.
func mergeEnv(base []string, path string, extra map[string]string, windows bool) []string {
	var entries []envEntry
	set := func(k, v string) {
		for i := range entries {
			if sameKey(entries[i].key, k, windows) {
				entries[i].value = v
				return
			}
		}
		entries = append(entries, envEntry{k, v})
	}
	for _, kv := range base {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			set(k, v)
		}
	}
	if path != "" {
		set(pathKey(entries, windows), path)
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		set(k, extra[k])
	}
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.key+"="+e.value)
	}
	sort.Strings(out)
	return out
}

type envEntry struct{ key, value string }

// pathKey keeps the spelling the environment already uses (Windows: Path).
func pathKey(entries []envEntry, windows bool) string {
	for _, e := range entries {
		if sameKey(e.key, "PATH", windows) {
			return e.key
		}
	}
	return "PATH"
}

func sameKey(a, b string, windows bool) bool {
	if windows {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// mergePaths joins PATH lists in order of preference, each directory once.
func mergePaths(windows bool, lists ...[]string) string {
	sep := ":"
	if windows {
		sep = ";"
	}
	seen := map[string]bool{}
	var out []string
	for _, list := range lists {
		for _, d := range list {
			key := d
			if windows {
				key = strings.ToLower(strings.TrimRight(d, `\`))
			}
			if d == "" || seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, d)
		}
	}
	return strings.Join(out, sep)
}

// commonDirs are where package managers put programs on Linux and macOS,
// for when the login shell cannot be asked: a GUI app started from the
// dock or a desktop file has only the system PATH.
func commonDirs(home string) []string {
	dirs := []string{"/usr/local/bin", "/opt/homebrew/bin", "/opt/homebrew/sbin", "/opt/local/bin"}
	if home != "" {
		for _, d := range []string{".local/bin", "bin", ".cargo/bin", ".bun/bin", ".volta/bin", ".deno/bin", ".npm-global/bin"} {
			dirs = append(dirs, home+"/"+d)
		}
	}
	return append(dirs, "/usr/bin", "/bin", "/usr/sbin", "/sbin", "/snap/bin")
}
