// Command bookbag-pii is BookBag's example plugin: an MCP server over stdio
// whose tools named for hook points run around every chat turn of the
// workspaces that enable it as a plugin, plus one tool a model may call.
//
//	bookbag_before_send   masks e-mail addresses, phone and card numbers in
//	                      the message before it leaves the machine; refuses a
//	                      message that contains "CONFIDENTIAL"
//	bookbag_after_answer  adds a note when the answer still contains any
//	bookbag_action_redact a message action: the message with PII masked
//	find_pii              (model-callable, read-only) lists what it finds
//
// Add it in Settings → Tools with the command set to this program's path,
// then enable it for a workspace as a plugin (and as tools for find_pii).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newServer().Run(ctx, &mcp.StdioTransport{}); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "bookbag-pii:", err)
		os.Exit(1)
	}
}
