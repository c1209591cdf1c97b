package mcp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// lineRing keeps the last lines a server wrote (its stderr, or what it
// wrote to stdout that was not MCP), each cut to a readable length.
type lineRing struct {
	mu   sync.Mutex
	max  int
	hide *strings.Replacer // the server's secret values, when it has any
	// longest is the longest secret's length: a line is read that much
	// past maxLineBytes, so a secret across the cut is hidden whole
	// rather than cut to a visible start.
	longest int
	lines   []string
}

// maxLineBytes cuts one remembered line: a server that prints a minified
// stack trace must not fill the status with one line.
const maxLineBytes = 1000

// newLineRing keeps the last max lines, with the given secret values
// hidden (see secretValues).
func newLineRing(max int, secrets []string) *lineRing {
	r := &lineRing{max: max}
	if len(secrets) > 0 {
		pairs := make([]string, 0, 2*len(secrets))
		for _, v := range secrets {
			pairs = append(pairs, v, "[hidden]")
			if len(v) > r.longest {
				r.longest = len(v)
			}
		}
		r.hide = strings.NewReplacer(pairs...)
	}
	return r
}

// add keeps a line and returns it as kept (cut, secrets hidden).
func (r *lineRing) add(line string) string {
	line = r.clean(line, maxLineBytes)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, line)
	if len(r.lines) > r.max {
		r.lines = append(r.lines[:0:0], r.lines[len(r.lines)-r.max:]...)
	}
	return line
}

// clean is a line without its end, its secrets hidden, cut to n bytes.
func (r *lineRing) clean(line string, n int) string {
	line = strings.TrimRight(line, "\r\n")
	if r.hide != nil {
		line = r.hide.Replace(line) // before the cut, which could split a secret
	}
	return clip(line, n)
}

func (r *lineRing) snapshot() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.lines...)
}

// collectLines reads r line by line into ring until EOF, calling onLine
// for each (for logs); it closes done when r ends.
func collectLines(r io.Reader, ring *lineRing, onLine func(string), done chan<- struct{}) {
	defer close(done)
	br := bufio.NewReaderSize(r, 4096)
	for {
		line, err := readLine(br, maxLineBytes+ring.longest)
		if len(line) > 0 || err == nil {
			kept := ring.add(line)
			if onLine != nil {
				onLine(kept)
			}
		}
		if err != nil {
			return
		}
	}
}

// readLine reads one line and keeps at most max bytes of it.
func readLine(br *bufio.Reader, max int) (string, error) {
	var keep []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if room := max - len(keep); room > 0 {
			keep = append(keep, chunk[:min(len(chunk), room)]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return string(bytes.TrimRight(keep, "\r\n")), err
	}
}

// stdoutFilter passes on only the lines of a stdio server's stdout that
// are JSON-RPC messages, and records the others. The SDK's decoder stops
// the whole connection at the first line that is not JSON-RPC, yet many
// servers print a banner or log lines to stdout; the TypeScript SDK (and so
// Claude Desktop) skips such lines, and so does BookBag. A line is a
// message when it starts with "{" or "[" and contains "jsonrpc": JSON log
// lines (pino writes them) are not messages either.
type stdoutFilter struct {
	src     *bufio.Reader
	closer  io.Closer
	maxLine int
	noise   func(line string)
	tooLong func() // told when a line passes maxLine (the connection then ends)
	// malformed is told of a message line that is not valid JSON: the
	// SDK's decoder ends the connection on it, and the server then leaves
	// as if by itself.
	malformed func(line []byte)
	pending   []byte // the rest of the current message line
}

func newStdoutFilter(src io.ReadCloser, maxLine int, noise func(string), tooLong func(), malformed func([]byte)) *stdoutFilter {
	return &stdoutFilter{src: bufio.NewReaderSize(src, 64<<10), closer: src, maxLine: maxLine, noise: noise, tooLong: tooLong,
		malformed: malformed}
}

// errLineTooLong ends the connection: the SDK's own limit, said in words.
type errLineTooLong int

func (e errLineTooLong) Error() string {
	return fmt.Sprintf("the server sent a message longer than %d MiB", int(e)>>20)
}

func (f *stdoutFilter) Read(p []byte) (int, error) {
	for len(f.pending) == 0 {
		line, err := f.nextLine()
		if isMessage(line) {
			if f.malformed != nil && !json.Valid(line) {
				f.malformed(line)
			}
			f.pending = line
		} else if t := bytes.TrimSpace(line); len(t) > 0 && f.noise != nil {
			f.noise(string(t))
		}
		if err != nil {
			if len(f.pending) == 0 {
				return 0, err
			}
			break // hand out the last line; the next Read meets err again
		}
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	return n, nil
}

// nextLine reads a whole line, newline included.
func (f *stdoutFilter) nextLine() ([]byte, error) {
	var line []byte
	for {
		chunk, err := f.src.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > f.maxLine {
			if f.tooLong != nil {
				f.tooLong()
			}
			return nil, errLineTooLong(f.maxLine)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == nil && len(line) > 0 && line[len(line)-1] != '\n' {
			continue
		}
		if err != nil && len(line) > 0 && line[len(line)-1] != '\n' {
			line = append(line, '\n') // the JSON decoder wants the line ended
		}
		return line, err
	}
}

func (f *stdoutFilter) Close() error { return f.closer.Close() }

// isMessage reports whether a stdout line is a JSON-RPC message (or batch).
func isMessage(line []byte) bool {
	t := bytes.TrimLeft(line, " \t\r")
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return false
	}
	return bytes.Contains(t, []byte(`"jsonrpc"`))
}
