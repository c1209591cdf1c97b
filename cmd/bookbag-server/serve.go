package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.register(fs, true)
	if err := parse(fs, args); err != nil {
		return err
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return errors.New("serve: --tls-cert and --tls-key go together")
	}
	log := o.logger(stderr)
	s, db, err := o.newServer(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	defer s.Close()

	tcp, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	ln := deadPeerListener{tcp, deadPeerTimeout}
	scheme := "http"
	if o.tlsCert != "" {
		scheme = "https"
	}
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// No read or write timeout: uploads and downloads may be long, and
		// long polls wait up to a minute by design.
		TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12},
	}
	tok, err := s.Bootstrap(ctx)
	if err != nil {
		return err
	}
	url := fmt.Sprintf("%s://%s", scheme, ln.Addr())
	if tok != "" {
		fmt.Fprintf(stderr, `
  No accounts yet. Create the first admin with this one-time setup token:

    %s

  from the desktop app (Share with a server), or:
    curl -X POST %s/api/auth/setup -H 'Content-Type: application/json' \
      -d '{"token":"%s","email":"you@example.com","password":"…","displayName":"You"}'
  or on this machine: bookbag-server admin create-user --email you@example.com --role admin

`, tok, url, tok)
	}
	log.Info("bookbag-server listening", "url", url, "db", db.Kind())
	if scheme == "http" && !isLoopback(ln.Addr()) {
		log.Warn("serving plain HTTP on a network address: passwords and tokens travel unencrypted; use --tls-cert/--tls-key or a TLS reverse proxy")
	}

	errc := make(chan error, 1)
	go func() {
		if o.tlsCert != "" {
			errc <- hs.ServeTLS(ln, o.tlsCert, o.tlsKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	s.Close() // ends long polls so Shutdown need not wait for them
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
