package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// server holds the MCP server and the state of toggle.
type server struct {
	mcp    *mcp.Server
	stderr io.Writer

	mu    sync.Mutex
	extra bool
}

func newServer(mode string, stderr io.Writer) *server {
	s := &server{stderr: stderr}
	s.mcp = mcp.NewServer(&mcp.Implementation{Name: "bookbag-mcptest", Version: "1"}, &mcp.ServerOptions{
		Capabilities: &mcp.ServerCapabilities{Tools: &mcp.ToolCapabilities{ListChanged: true}},
	})
	yes, no := true, false
	s.add("echo", "Returns its text.", `{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}`,
		&mcp.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: &no, Title: "Echo"}, s.echo)
	s.add("add", "Adds two numbers.", `{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}`,
		&mcp.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: &no}, s.sum)
	s.add("delete_file", "Pretends to delete a file.", `{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`,
		&mcp.ToolAnnotations{DestructiveHint: &yes}, s.deleteFile)
	s.add("slow", "Sleeps for the given seconds; stops early when cancelled.", `{"type":"object","properties":{"seconds":{"type":"number"}}}`,
		&mcp.ToolAnnotations{ReadOnlyHint: true}, s.slow)
	s.add("crash", "Makes the server exit at once.", `{"type":"object"}`, nil, s.crash)
	s.add("big", "Returns 1 MiB of text (or bytes bytes).", `{"type":"object","properties":{"bytes":{"type":"integer"}}}`,
		&mcp.ToolAnnotations{ReadOnlyHint: true}, s.big)
	s.add("toggle", "Adds the tool extra, or removes it.", `{"type":"object"}`, nil, s.toggle)
	s.add("pid", "Returns the server's process id.", `{"type":"object"}`, &mcp.ToolAnnotations{ReadOnlyHint: true}, s.pid)
	s.add("getenv", "Returns an environment variable's value, or (unset).", `{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`,
		&mcp.ToolAnnotations{ReadOnlyHint: true}, s.getenv)
	s.add("screenshot", "Returns a small PNG image (count of them), labelled mime (image/png unless given).",
		`{"type":"object","properties":{"count":{"type":"integer"},"mime":{"type":"string"}}}`,
		&mcp.ToolAnnotations{ReadOnlyHint: true}, s.screenshot)
	switch mode {
	case "no-initialize":
		s.mcp.AddReceivingMiddleware(neverInitialize)
	case "bad-schema":
		s.mcp.AddReceivingMiddleware(badSchema)
	case "slow-relist":
		s.mcp.AddReceivingMiddleware(listOnce(stderr))
	}
	return s
}

type handler func(ctx context.Context, args map[string]any) (*mcp.CallToolResult, error)

func (s *server) add(name, desc, schema string, ann *mcp.ToolAnnotations, h handler) {
	s.mcp.AddTool(&mcp.Tool{Name: name, Description: desc, InputSchema: json.RawMessage(schema), Annotations: ann},
		func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			var args map[string]any
			if len(req.Params.Arguments) > 0 {
				if err := json.Unmarshal(req.Params.Arguments, &args); err != nil {
					return nil, fmt.Errorf("arguments: %w", err)
				}
			}
			return h(ctx, args)
		})
}

func text(s string) *mcp.CallToolResult {
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: s}}}
}

func (s *server) echo(_ context.Context, args map[string]any) (*mcp.CallToolResult, error) {
	t, _ := args["text"].(string)
	return text(t), nil
}

func (s *server) sum(_ context.Context, args map[string]any) (*mcp.CallToolResult, error) {
	a, ok1 := args["a"].(float64)
	b, ok2 := args["b"].(float64)
	if !ok1 || !ok2 {
		r := text("a and b must be numbers")
		r.IsError = true
		return r, nil
	}
	r := text(fmt.Sprint(a + b))
	r.StructuredContent = map[string]float64{"sum": a + b}
	return r, nil
}

func (s *server) deleteFile(_ context.Context, args map[string]any) (*mcp.CallToolResult, error) {
	name, _ := args["name"].(string)
	return text("deleted " + name), nil
}

func (s *server) slow(ctx context.Context, args map[string]any) (*mcp.CallToolResult, error) {
	secs, _ := args["seconds"].(float64)
	d := time.Duration(secs * float64(time.Second))
	start := time.Now()
	fmt.Fprintf(s.stderr, "slow: started for %s\n", d) // a test waits for the call to be in flight
	select {
	case <-time.After(d):
		return text(fmt.Sprintf("slept %s", d)), nil
	case <-ctx.Done():
		// Said on stderr too, so a test can see that the cancellation
		// reached the server.
		fmt.Fprintf(s.stderr, "slow: cancelled after %s\n", time.Since(start).Round(time.Millisecond))
		r := text("cancelled")
		r.IsError = true
		return r, nil
	}
}

func (s *server) crash(context.Context, map[string]any) (*mcp.CallToolResult, error) {
	fmt.Fprintln(s.stderr, "crash: exiting on purpose")
	os.Exit(1)
	return nil, nil
}

func (s *server) big(_ context.Context, args map[string]any) (*mcp.CallToolResult, error) {
	n := 1 << 20
	if b, ok := args["bytes"].(float64); ok && b >= 0 {
		n = int(b)
	}
	line := "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.\n" // 64 bytes
	body := strings.Repeat(line, n/len(line)+1)[:n]
	return text(body), nil
}

func (s *server) toggle(context.Context, map[string]any) (*mcp.CallToolResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extra = !s.extra
	if !s.extra {
		s.mcp.RemoveTools("extra")
		return text("extra removed"), nil
	}
	s.add("extra", "Appears and disappears with toggle.", `{"type":"object"}`, &mcp.ToolAnnotations{ReadOnlyHint: true},
		func(context.Context, map[string]any) (*mcp.CallToolResult, error) { return text("extra"), nil })
	return text("extra added"), nil
}

func (s *server) pid(context.Context, map[string]any) (*mcp.CallToolResult, error) {
	return text(fmt.Sprint(os.Getpid())), nil
}

func (s *server) getenv(_ context.Context, args map[string]any) (*mcp.CallToolResult, error) {
	name, _ := args["name"].(string)
	if v, ok := os.LookupEnv(name); ok {
		return text(v), nil
	}
	return text("(unset)"), nil
}

// neverInitialize holds initialize until the connection ends.
func neverInitialize(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		if method == "initialize" {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return next(ctx, method, req)
	}
}

// listOnce answers the first tools/list and holds every later one until
// the connection ends: a server that announces a change and then does not
// list again.
func listOnce(stderr io.Writer) mcp.Middleware {
	var mu sync.Mutex
	lists := 0
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if method == "tools/list" {
				mu.Lock()
				lists++
				n := lists
				mu.Unlock()
				if n > 1 {
					fmt.Fprintf(stderr, "tools/list %d: holding\n", n) // a test waits for this
					<-ctx.Done()
					return nil, ctx.Err()
				}
			}
			return next(ctx, method, req)
		}
	}
}

// badSchema adds to tools/list a tool whose inputSchema is a string; the
// SDK would refuse to register such a tool, so it is added on the way out.
func badSchema(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		res, err := next(ctx, method, req)
		if lr, ok := res.(*mcp.ListToolsResult); ok && err == nil {
			lr.Tools = append(lr.Tools, &mcp.Tool{Name: "broken", Description: "Has no object schema.", InputSchema: json.RawMessage(`"string"`)})
		}
		return res, err
	}
}

func (s *server) serveStdio(ctx context.Context, stdin io.Reader, stdout io.Writer) error {
	t := &mcp.IOTransport{Reader: io.NopCloser(stdin), Writer: nopWriteCloser{stdout}}
	err := s.mcp.Run(ctx, t)
	if err != nil && ctx.Err() == nil && !isEOF(err) {
		return err
	}
	return nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

func isEOF(err error) bool {
	return err == io.EOF || strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "closed")
}

// screenshot returns a caption and count copies of a 3x2 PNG (one image
// unless asked), each labelled mime: what a browser's screenshot tool
// gives, small enough to compare in tests.
func (s *server) screenshot(_ context.Context, args map[string]any) (*mcp.CallToolResult, error) {
	count := 1
	if c, ok := args["count"].(float64); ok && c >= 0 {
		count = int(c)
	}
	mime := "image/png"
	if m, ok := args["mime"].(string); ok && m != "" {
		mime = m
	}
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.Set(0, 0, color.NRGBA{R: 255, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("encode image: %w", err)
	}
	r := text("the page")
	for range count {
		r.Content = append(r.Content, &mcp.ImageContent{MIMEType: mime, Data: b.Bytes()})
	}
	return r, nil
}
