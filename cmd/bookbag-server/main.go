// Command bookbag-server is the BookBag office server: accounts, roles,
// workspace membership and the sync API desktop clients use to share
// workspaces. Pure Go (CGO_ENABLED=0): SQLite in the data dir by default,
// PostgreSQL with --db postgres://… for several processes on one database.
//
//	bookbag-server [serve] [flags]
//	bookbag-server admin create-user --email E --role admin|member
//	bookbag-server admin reset-password --email E
//	bookbag-server admin add-member --workspace ID --email E --role admin|member
//	bookbag-server admin set-quota --workspace ID --quota-mb N
//	bookbag-server admin setup-token
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	_ "time/tzdata" // usage reports by IANA time zone on hosts without a zone database
)

func main() {
	ctx, stop := signalContext()
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage:
  bookbag-server [serve] [flags]            run the server
  bookbag-server admin create-user --email E [--role admin|member] [--name N] [--password-file F]
  bookbag-server admin reset-password --email E [--password-file F]
  bookbag-server admin add-member --workspace ID --email E [--role admin|member]
  bookbag-server admin set-quota --workspace ID --quota-mb N   one workspace's storage quota (0: the default)
  bookbag-server admin setup-token          print a new first-run setup token (no accounts yet)
  bookbag-server help

Every command takes the database flags (--data-dir, --db); run "bookbag-server serve -h" for all flags.
`

// run is main without the process: tests call it in-process and as a
// re-executed child.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, stderr)
	case "admin":
		err = admin(ctx, args, stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		if err == errUsage {
			return 2
		}
		fmt.Fprintf(stderr, "bookbag-server: %v\n", err)
		return 1
	}
	return 0
}
