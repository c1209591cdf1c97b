// Command bookbag-mcptest is a real MCP server, built with the same SDK as
// BookBag's client, for tests and benchmarks: well-behaved tools, tools
// that misbehave on request, and whole modes of bad behaviour.
//
//	bookbag-mcptest [-transport stdio|http|sse] [-addr 127.0.0.1:0] [-token T]
//	                [-require-header 'Name: value'] [-mode MODE]
//
// Tools: echo, add, delete_file, slow, crash, big, toggle (adds or removes
// extra), pid, getenv. Modes: exit-at-once, garbage-stdout, banner-stdout,
// no-initialize, bad-schema, stderr-noise, leak-secret (quotes
// $MCPTEST_KEY on stdout and stderr, once across the 1000th byte of a
// long line, then exits), slow-relist (holds every
// tools/list after the first), bad-json (stdio: a message that mentions
// BADJSON, such as echo's result for that text, goes out as a line of
// JSON cut short). Over http and sse it prints
// "BOOKBAG_MCPTEST_URL=<url>" on stdout and stderr once it listens.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	var o options
	flag.StringVar(&o.transport, "transport", "stdio", "stdio, http (streamable HTTP) or sse (legacy SSE)")
	flag.StringVar(&o.addr, "addr", "127.0.0.1:0", "where http and sse listen")
	flag.StringVar(&o.token, "token", "", "require Authorization: Bearer TOKEN (http, sse)")
	flag.StringVar(&o.header, "require-header", "", `require a header, "Name: value" (http, sse)`)
	flag.StringVar(&o.mode, "mode", "", "bad behaviour: exit-at-once, garbage-stdout, banner-stdout, no-initialize, bad-schema, stderr-noise, leak-secret, slow-relist, bad-json")
	flag.Func("set", "NAME=VALUE: set an environment variable at start, which the getenv tool returns (tests see the arguments a server was given)", func(kv string) error {
		name, value, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("want NAME=VALUE")
		}
		return os.Setenv(name, value)
	})
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bookbag-mcptest:", err)
		os.Exit(2)
	}
}

type options struct {
	transport, addr, token, header, mode string
}

func run(ctx context.Context, o options, stdin io.Reader, stdout, stderr io.Writer) error {
	switch o.mode {
	case "", "banner-stdout", "no-initialize", "bad-schema", "slow-relist", "bad-json":
	case "exit-at-once":
		fmt.Fprintln(stderr, "exit-at-once: leaving before a word of MCP")
		os.Exit(1)
	case "leak-secret":
		// A server that quotes its key when it refuses it (a settings
		// validation error), on stdout and stderr, then leaves.
		key := os.Getenv("MCPTEST_KEY")
		fmt.Fprintf(stdout, "loading settings with api_key=%s\n", key)
		// A long line (a minified stack trace) with the key across the
		// 1000th byte, where the status cuts a line.
		fmt.Fprintf(stderr, "%s%s at loadSettings\n", strings.Repeat("x", 990), key)
		fmt.Fprintf(stderr, "settings error: api_key %q is not valid (DEBUG=%s, root %s)\n", key, os.Getenv("DEBUG"), os.Getenv("ROOT"))
		os.Exit(1)
	case "stderr-noise":
		for i := 1; i <= 50; i++ {
			fmt.Fprintf(stderr, "noise line %d\n", i)
		}
		os.Exit(3)
	case "garbage-stdout":
		// Not an MCP server at all: text on stdout, then nothing until
		// stdin closes.
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(stdout, "this is not JSON-RPC (line %d)\n", i)
		}
		_, _ = io.Copy(io.Discard, stdin)
		return nil
	default:
		return fmt.Errorf("unknown mode %q", o.mode)
	}
	srv := newServer(o.mode, stderr)
	switch o.transport {
	case "stdio":
		if o.mode == "banner-stdout" {
			fmt.Fprintln(stdout, "Test server v1 running on stdio")
			fmt.Fprintln(stdout, `{"level":30,"msg":"a JSON log line, not a message"}`)
		}
		if o.mode == "bad-json" {
			stdout = cutJSON{stdout}
		}
		return srv.serveStdio(ctx, stdin, stdout)
	case "http", "sse":
		return srv.serveHTTP(ctx, o, stdout, stderr)
	}
	return fmt.Errorf("unknown transport %q", o.transport)
}

// cutJSON writes a message that mentions BADJSON as the start of a JSON
// line only: a server whose output is not valid JSON.
type cutJSON struct{ io.Writer }

func (w cutJSON) Write(p []byte) (int, error) {
	if !strings.Contains(string(p), "BADJSON") {
		return w.Writer.Write(p)
	}
	if _, err := w.Writer.Write(append(p[:len(p)/2:len(p)/2], '\n')); err != nil {
		return 0, err
	}
	return len(p), nil
}
