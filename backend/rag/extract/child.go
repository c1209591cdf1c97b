package extract

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The PDF child protocol: the parent re-executes its own program with these
// variables set; the child writes childMagic, a newline and one JSON
// pdfResult to stdout, and exits 0.
const (
	childEnv     = "BOOKBAG_EXTRACT_CHILD"
	childFileEnv = "BOOKBAG_EXTRACT_FILE"
	childMemEnv  = "BOOKBAG_EXTRACT_MEM"
	childMagic   = "BOOKBAG-EXTRACT/1"
)

// RunChildIfRequested turns this process into a PDF extraction child when
// the parent asked for one, and then exits; otherwise it returns at once.
// Every entry point that can ingest documents (the app's main, bookbag-eval,
// and the TestMain of test binaries that ingest PDFs) must call it before
// anything else, because the parent re-executes its own executable.
func RunChildIfRequested() {
	if os.Getenv(childEnv) == "" {
		return
	}
	os.Exit(runChild(os.Getenv(childEnv), os.Getenv(childFileEnv), os.Stdout))
}

func runChild(mode, path string, out io.Writer) int {
	mem, _ := strconv.ParseInt(os.Getenv(childMemEnv), 10, 64)
	if mem > 0 {
		// Collect hard before the parent's RSS watchdog has to kill us, and
		// make runaway allocations fail in the child (where a crash costs
		// one document) rather than grow without bound.
		debug.SetMemoryLimit(mem / 2)
		limitAddressSpace(mem)
	}
	debug.SetMaxStack(64 << 20)
	var res pdfResult
	switch mode {
	case "pdf":
		res = safeExtractPDF(path)
	case "selftest-hang", "selftest-crash", "selftest-alloc":
		selfTest(mode) // misbehaviours the tests use to prove containment
	default:
		res.Error = "unknown extract mode " + mode
	}
	w := bufio.NewWriter(out)
	fmt.Fprintln(w, childMagic)
	if err := json.NewEncoder(w).Encode(res); err != nil {
		return 3
	}
	if err := w.Flush(); err != nil {
		return 3
	}
	return 0
}

func safeExtractPDF(path string) (res pdfResult) {
	defer func() {
		if r := recover(); r != nil {
			res = pdfResult{Error: "damaged PDF: the PDF reader failed on it (" + firstLine(fmt.Sprint(r)) + ")"}
		}
	}()
	return extractPDF(path)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}

// selfTest misbehaves on purpose: it never returns.
func selfTest(mode string) {
	switch mode {
	case "selftest-hang":
		for {
			time.Sleep(time.Hour)
		}
	case "selftest-crash":
		go func() { panic("selftest crash") }()
		time.Sleep(time.Hour)
	case "selftest-alloc":
		var keep [][]byte
		for {
			b := make([]byte, 8<<20)
			for i := range b {
				b[i] = 1
			}
			keep = append(keep, b)
		}
	}
}

// pdfRunner extracts a PDF somewhere safe.
type pdfRunner interface {
	run(ctx context.Context, path string) (Document, error)
}

// childRunner runs extractPDF in a child process with a timeout and a
// resident-memory bound.
type childRunner struct {
	exe    string
	limits Limits
	mode   string // "pdf"; tests use the selftest modes
}

func (c *childRunner) run(ctx context.Context, path string) (Document, error) {
	if os.Getenv(childEnv) != "" {
		// Never nest: a program that forgot RunChildIfRequested would
		// otherwise re-run itself (its tests, its app) recursively.
		return Document{}, errors.New("extract child cannot start another child")
	}
	exe := c.exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return Document{}, fmt.Errorf("find own executable: %w", err)
		}
	}
	mode := c.mode
	if mode == "" {
		mode = "pdf"
	}
	ctx, cancel := context.WithTimeout(ctx, c.limits.PDFTimeout)
	defer cancel()
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(),
		childEnv+"="+mode,
		childFileEnv+"="+path,
		childMemEnv+"="+strconv.FormatInt(c.limits.PDFMemory, 10),
		"GOMAXPROCS=1",
	)
	stdout := &limitedBuffer{max: int64(c.limits.MaxText) + 4<<20}
	stderr := &limitedBuffer{max: 16 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return Document{}, fmt.Errorf("start PDF reader: %w", err)
	}
	var (
		mu     sync.Mutex
		reason string
	)
	kill := func(why string) {
		mu.Lock()
		if reason == "" {
			reason = why
		}
		mu.Unlock()
		cmd.Process.Kill()
	}
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				if errors.Is(ctx.Err(), context.DeadlineExceeded) {
					kill("timeout")
				} else {
					kill("canceled")
				}
				return
			case <-tick.C:
				if rss := residentBytes(cmd.Process.Pid); rss > c.limits.PDFMemory {
					kill("memory")
					return
				}
			}
		}
	}()
	waitErr := cmd.Wait()
	close(done)
	mu.Lock()
	why := reason
	mu.Unlock()
	switch why {
	case "timeout":
		return Document{}, fail("PDF took too long to read (over %s); it may be damaged or too complex", c.limits.PDFTimeout)
	case "canceled":
		return Document{}, ctx.Err()
	}
	if waitErr != nil && outOfMemory(stderr.String()) {
		// The address-space limit stopped it before the watchdog did.
		why = "memory"
	}
	if why == "memory" {
		return Document{}, fail("PDF needs too much memory to read (over %d MB); it may be damaged or too complex", c.limits.PDFMemory>>20)
	}
	out := stdout.Bytes()
	magic, body, ok := bytes.Cut(out, []byte("\n"))
	if !ok || string(magic) != childMagic {
		if waitErr != nil {
			return Document{}, fail("damaged PDF: the PDF reader crashed on it (%s)", crashSummary(stderr.String(), waitErr))
		}
		return Document{}, fmt.Errorf("PDF reader did not answer: %s does not call extract.RunChildIfRequested", exe)
	}
	var res pdfResult
	if err := json.Unmarshal(body, &res); err != nil {
		if stdout.cut {
			return Document{}, fail("PDF text too large (over %d MB)", c.limits.MaxText>>20)
		}
		return Document{}, fmt.Errorf("read PDF reader answer: %w", err)
	}
	if res.Error != "" {
		return Document{}, fail("%s", res.Error)
	}
	return pagesToDocument(res), nil
}

func outOfMemory(stderr string) bool {
	return strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory")
}

func crashSummary(stderr string, err error) string {
	for _, l := range strings.Split(stderr, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "fatal error:") || strings.HasPrefix(l, "runtime:") {
			return firstLine(l)
		}
	}
	return err.Error()
}

// pagesToDocument joins page texts and records each page's span,
// normalising ligatures, dropping control characters and page furniture
// (running headers, footers, page numbers). Pages are joined by a blank
// line, or by a line break where a sentence runs on across the break.
func pagesToDocument(res pdfResult) Document {
	var sb strings.Builder
	doc := Document{Format: "pdf", Warnings: res.Warnings}
	pages := make([]string, len(res.Pages))
	for i, p := range res.Pages {
		pages[i] = expandLigatures(cleanText(p))
	}
	pages = stripFurniture(pages)
	for i, p := range pages {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if sb.Len() > 0 {
			if continues(sb.String()[max(0, sb.Len()-8):], p) {
				sb.WriteString("\n")
			} else {
				sb.WriteString("\n\n")
			}
		}
		start := sb.Len()
		sb.WriteString(p)
		doc.Pages = append(doc.Pages, Page{Number: i + 1, Start: start, End: sb.Len()})
	}
	doc.Text = sb.String()
	return doc
}

// ligatures that fonts map through ToUnicode to the presentation-form code
// points; words like "first" must be searchable as typed.
var ligatures = strings.NewReplacer(
	"\uFB00", "ff", "\uFB01", "fi", "\uFB02", "fl", "\uFB03", "ffi", "\uFB04", "ffl",
	"\uFB05", "st", "\uFB06", "st",
)

func expandLigatures(s string) string {
	if !strings.ContainsAny(s, "\uFB00\uFB01\uFB02\uFB03\uFB04\uFB05\uFB06") {
		return s
	}
	return ligatures.Replace(s)
}

// limitedBuffer keeps at most max bytes and remembers that it cut.
type limitedBuffer struct {
	bytes.Buffer
	max int64
	cut bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - int64(b.Len()); int64(len(p)) > room {
		b.cut = true
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return b.Buffer.Write(p)
}
