package mcp

import (
	"context"
	"time"
)

// loginShellPath: Windows has no login shell; a GUI app there gets the
// PATH from the registry like a terminal does.
func loginShellPath(context.Context, string, []string, time.Duration) (string, error) {
	return "", nil
}
