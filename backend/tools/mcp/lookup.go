package mcp

import (
	"fmt"
	"strings"
)

// launch is how a stdio server's command is started.
type launch struct {
	path string   // the program: the resolved command, or cmd.exe
	args []string // its arguments, argv[0] not included
	// cmdLine, on Windows, is the whole command line passed verbatim
	// (SysProcAttr.CmdLine): a .cmd or .bat launcher runs through
	// cmd.exe /d /s /c, whose quoting rules Go's escaping does not follow.
	cmdLine string
}

// lookupEnv is what resolving a command depends on; tests pass a fake to
// check the Windows rules on Linux.
type lookupEnv struct {
	goos    string
	path    string              // the PATH value the server gets
	pathext string              // Windows: PATHEXT
	comspec string              // Windows: COMSPEC (cmd.exe)
	isFile  func(p string) bool // p exists, is not a directory and (on Unix) is executable
}

// notFoundError is returned when the command is in no PATH directory.
type notFoundError struct{ command string }

func (e *notFoundError) Error() string { return e.command + ": not found" }

// resolveCommand finds command the way a terminal would, but on the PATH
// the server will get (exec.LookPath would search the app's own PATH,
// which for a GUI app lacks what the login shell adds), and on Windows
// with PATHEXT, running .cmd and .bat launchers (npx.cmd) through cmd.exe.
func resolveCommand(command string, args []string, e lookupEnv) (launch, error) {
	windows := e.goos == "windows"
	var found string
	if hasSeparator(command, windows) {
		// A path is used as given (relative paths are relative to the
		// server's dir, as exec does); Windows may still add an extension.
		found = firstFile(candidates(command, windows, e.pathext), e.isFile)
		if found == "" {
			return launch{}, &notFoundError{command}
		}
	} else {
		for _, dir := range splitList(e.path, windows) {
			if found = firstFile(candidates(join(dir, command, windows), windows, e.pathext), e.isFile); found != "" {
				break
			}
		}
		if found == "" {
			return launch{}, &notFoundError{command}
		}
	}
	if !windows || !isBatch(found) {
		return launch{path: found, args: args}, nil
	}
	for _, a := range args {
		// cmd.exe has no escape for a double quote inside a quoted
		// argument, and a line break ends its command: such an argument
		// would be split or run as a second command.
		if strings.ContainsAny(a, "\"\r\n") {
			return launch{}, fmt.Errorf("argument %q of the launcher %s: double quotes and line breaks cannot pass through cmd.exe", a, found)
		}
	}
	shell := e.comspec
	if shell == "" {
		shell = `C:\Windows\System32\cmd.exe`
	}
	parts := []string{quoteWindows(found)}
	for _, a := range args {
		parts = append(parts, quoteWindows(a))
	}
	// /d skips AutoRun macros, /s takes everything between the first and
	// the last quote verbatim, /c runs it and ends.
	line := quoteWindows(shell) + ` /d /s /c "` + strings.Join(parts, " ") + `"`
	return launch{path: shell, args: []string{"/d", "/s", "/c", strings.Join(parts, " ")}, cmdLine: line}, nil
}

// candidates is name itself, or on Windows, when name has no extension
// from PATHEXT, name with each of them (npx -> npx.COM, npx.EXE, npx.BAT,
// npx.CMD…), in PATHEXT's order.
func candidates(name string, windows bool, pathext string) []string {
	if !windows {
		return []string{name}
	}
	exts := splitList(pathext, true)
	if len(exts) == 0 {
		exts = []string{".COM", ".EXE", ".BAT", ".CMD"}
	}
	lower := strings.ToLower(name)
	for _, ext := range exts {
		if strings.HasSuffix(lower, strings.ToLower(ext)) {
			return []string{name}
		}
	}
	out := make([]string, 0, len(exts))
	for _, ext := range exts {
		out = append(out, name+ext)
	}
	return out
}

func firstFile(paths []string, isFile func(string) bool) string {
	for _, p := range paths {
		if isFile(p) {
			return p
		}
	}
	return ""
}

func isBatch(path string) bool {
	lower := strings.ToLower(path)
	return strings.HasSuffix(lower, ".cmd") || strings.HasSuffix(lower, ".bat")
}

func hasSeparator(s string, windows bool) bool {
	if windows {
		return strings.ContainsAny(s, `\/:`)
	}
	return strings.Contains(s, "/")
}

// join is filepath.Join for the target system.
func join(dir, name string, windows bool) string {
	if windows {
		return strings.TrimRight(dir, `\/`) + `\` + name
	}
	return strings.TrimRight(dir, "/") + "/" + name
}

// splitList is filepath.SplitList for the target system, without empty
// entries (an empty entry means the current directory, which a server's
// command must not be found in by accident) and without the quotes Windows
// allows around an entry.
func splitList(list string, windows bool) []string {
	sep := ":"
	if windows {
		sep = ";"
	}
	var out []string
	for _, p := range strings.Split(list, sep) {
		p = strings.Trim(p, `"`)
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// quoteWindows quotes one argument by the rules of CommandLineToArgvW
// (what syscall.EscapeArg does on Windows, here always quoting, so that
// cmd.exe's & | < > ^ inside it stay literal).
func quoteWindows(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteByte(c)
	}
	b.WriteString(strings.Repeat(`\`, slashes)) // backslashes before the closing quote double
	b.WriteByte('"')
	return b.String()
}
