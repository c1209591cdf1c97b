// Command bookbag-gen fills a BookBag data dir with realistic generated data
// for benchmarks and manual tries.
//
//	bookbag-gen -data /tmp/bb1m -chats 20000 -messages 1000000 -long 5000
//	BOOKBAG_DATA_DIR=/tmp/bb bookbag-gen -messages 100000 -documents 200
//
// It opens the data dir with the app's store (migrations, identity), so the
// app can be started on it afterwards: `bookbag --data-dir DIR` or
// BOOKBAG_DATA_DIR=DIR. Running it again adds more data.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"bookbag/backend/store"
	"bookbag/cmd/bookbag-gen/gen"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "bookbag-gen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("bookbag-gen", flag.ContinueOnError)
	fs.SetOutput(out)
	dir := fs.String("data", getenv("BOOKBAG_DATA_DIR"), "data dir to fill (default $BOOKBAG_DATA_DIR)")
	var o gen.Options
	fs.IntVar(&o.Workspaces, "workspaces", 2, "workspaces (the default one counts)")
	fs.IntVar(&o.Chats, "chats", 0, "ordinary chats (default messages/40)")
	fs.IntVar(&o.Messages, "messages", 10000, "messages over the ordinary chats")
	fs.IntVar(&o.LongChat, "long", 5000, "messages of one extra long chat (0: none)")
	fs.IntVar(&o.Documents, "documents", 0, "documents over the workspaces")
	fs.IntVar(&o.ChunksPerDoc, "chunks", 20, "chunks per document")
	fs.IntVar(&o.Vocab, "vocab", 5000, "vocabulary size (Zipfian word frequencies)")
	fs.Float64Var(&o.Branches, "branches", 0.05, "share of answers with a regenerated alternative")
	fs.IntVar(&o.Batch, "batch", 25000, "messages per transaction")
	seed := fs.Uint64("seed", 1, "random seed (same seed, same text)")
	queries := fs.Int("queries", 0, "print this many search queries drawn from the vocabulary and exit")
	quiet := fs.Bool("q", false, "no progress lines")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.Seed = *seed
	if *queries > 0 {
		for _, q := range gen.Queries(gen.NewVocab(o.Seed, o.Vocab), o.Seed, *queries) {
			fmt.Fprintln(out, q)
		}
		return nil
	}
	if *dir == "" {
		return fmt.Errorf("say where: -data DIR or BOOKBAG_DATA_DIR")
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	db, err := store.Open(ctx, *dir, store.Options{})
	if err != nil {
		return fmt.Errorf("open data dir: %w", err)
	}
	defer db.Close()
	if !*quiet {
		o.Progress = func(s gen.Stats) {
			rate := float64(s.Messages) / max(s.Elapsed.Seconds(), 0.001)
			fmt.Fprintf(out, "  %d chats, %d messages (%.0f/s)\n", s.Chats, s.Messages, rate)
		}
	}
	st, err := gen.Generate(ctx, db, o)
	if err != nil {
		return err
	}
	if _, err := db.W.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	size := int64(0)
	if fi, err := os.Stat(filepath.Join(*dir, store.FileName)); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(out, "generated in %s: %d workspaces (%s), %d chats, %d messages, %d documents, %d chunks; database %d MB\n",
		st.Elapsed.Round(time.Millisecond), len(st.WorkspaceIDs), strings.Join(st.WorkspaceIDs, ", "), st.Chats, st.Messages,
		st.Documents, st.Chunks, size>>20)
	if st.LongChatID != "" {
		fmt.Fprintf(out, "long chat: %s\n", st.LongChatID)
	}
	return nil
}
