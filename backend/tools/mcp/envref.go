package mcp

import (
	"fmt"
	"regexp"
)

// envRef is ${env:NAME} in a stdio server's argument (the form VS Code's and
// Cursor's MCP configs use). Arguments are stored as typed, in SQLite; a
// secret a server takes only as an argument (a database URL with its
// password, --api-key X) goes in the server's env, kept in the keychain,
// and the argument names it.
var envRef = regexp.MustCompile(`\$\{env:([^}]*)\}`)

// expandArgs replaces each ${env:NAME} in args with the server's own env
// variable NAME (not the app's environment: those values are the ones
// hidden in the server's stderr and errors). A name the server's env does
// not have is an error naming the argument.
func expandArgs(args []string, env map[string]string) ([]string, error) {
	out := make([]string, len(args))
	for i, a := range args {
		var missing string
		out[i] = envRef.ReplaceAllStringFunc(a, func(ref string) string {
			name := envRef.FindStringSubmatch(ref)[1]
			v, ok := env[name]
			if !ok && missing == "" {
				missing = name
			}
			return v
		})
		if missing != "" {
			return nil, fmt.Errorf("args[%d] uses ${env:%s}, which is not one of the server's env variables; add %s to its env", i, missing, missing)
		}
	}
	return out, nil
}
