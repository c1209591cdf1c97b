package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"bookbag/backend/syncproto"
)

func admin(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	sub, args := args[0], args[1:]
	var o options
	fset := flag.NewFlagSet("admin "+sub, flag.ContinueOnError)
	fset.SetOutput(stderr)
	o.register(fset, false)
	var email, role, name, pwFile, ws string
	quotaMB := int64(-1)
	switch sub {
	case "create-user", "reset-password", "add-member":
		fset.StringVar(&email, "email", "", "account email")
	}
	switch sub {
	case "create-user", "add-member":
		fset.StringVar(&role, "role", syncproto.RoleMember, "admin or member")
	}
	switch sub {
	case "create-user", "reset-password":
		fset.StringVar(&pwFile, "password-file", "", `read the password from this file ("-": standard input); empty: generate one and print it`)
	}
	if sub == "create-user" {
		fset.StringVar(&name, "name", "", "display name")
	}
	switch sub {
	case "add-member", "set-quota":
		fset.StringVar(&ws, "workspace", "", "workspace id")
	}
	if sub == "set-quota" {
		fset.Int64Var(&quotaMB, "quota-mb", -1, "the workspace's storage quota in MiB; 0: the server default")
	}
	switch sub {
	case "create-user", "reset-password", "add-member", "setup-token", "set-quota":
	default:
		fmt.Fprintf(stderr, "unknown admin command %q\n\n%s", sub, usage)
		return errUsage
	}
	if err := parse(fset, args); err != nil {
		return err
	}
	switch {
	case sub == "set-quota" && (ws == "" || quotaMB < 0):
		fmt.Fprintln(stderr, "--workspace and --quota-mb are required")
		return errUsage
	case sub != "setup-token" && sub != "set-quota" && email == "":
		fmt.Fprintln(stderr, "--email is required")
		return errUsage
	}
	pw, err := readPassword(pwFile, stdin)
	if err != nil {
		return err
	}
	s, db, err := o.newServer(ctx, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return err
	}
	defer db.Close()
	defer s.Close()

	switch sub {
	case "create-user":
		out, err := s.CreateUser(ctx, syncproto.CreateUserRequest{Email: email, DisplayName: name, Role: role, Password: pw}, "", "cli")
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		fmt.Fprintf(stdout, "created %s (%s), id %s\n", out.User.Email, out.User.Role, out.User.ID)
		if out.Password != "" {
			fmt.Fprintf(stdout, "password: %s\n(shown once; they can change it after signing in)\n", out.Password)
		}
	case "reset-password":
		gen, err := s.SetPassword(ctx, email, pw)
		if err != nil {
			return fmt.Errorf("reset password: %w", err)
		}
		fmt.Fprintf(stdout, "password reset for %s; every session signed out\n", email)
		if gen != "" {
			fmt.Fprintf(stdout, "password: %s\n", gen)
		}
	case "add-member":
		if ws == "" {
			fmt.Fprintln(stderr, "--workspace is required")
			return errUsage
		}
		if err := s.AddMember(ctx, ws, email, role); err != nil {
			return fmt.Errorf("add member: %w", err)
		}
		fmt.Fprintf(stdout, "%s is now %s of workspace %s\n", email, role, ws)
	case "set-quota":
		w, err := s.SetQuota(ctx, ws, quotaMB<<20, "", "cli")
		if err != nil {
			return fmt.Errorf("set quota: %w", err)
		}
		which := "the server default"
		if w.OwnQuota {
			which = "its own"
		}
		fmt.Fprintf(stdout, "workspace %s: %d of %d bytes used (quota: %s)\n", w.ID, w.UsageBytes, w.QuotaBytes, which)
	case "setup-token":
		tok, err := s.Bootstrap(ctx)
		if err != nil {
			return err
		}
		if tok == "" {
			return errors.New("setup-token: the server has accounts already; use create-user")
		}
		fmt.Fprintln(stdout, tok)
	}
	return nil
}

func readPassword(file string, stdin io.Reader) (string, error) {
	var r io.Reader
	switch file {
	case "":
		return "", nil
	case "-":
		r = stdin
	default:
		f, err := os.Open(file)
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("read password: %w", err)
		}
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
