// Command bookbag-backupbench measures backup, check and restore of a data
// dir (made with bookbag-gen): throughput in MB/s of data (database snapshot
// plus stored files) and the process's peak memory (VmHWM) after each step.
//
//	bookbag-backupbench -data DIR [-out DIR] [-compress] [-passphrase P]
//
// It writes the backup in -out, checks it, stages a restore into a fresh
// data dir under -out and swaps it in; the source data dir is only read.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bookbag/backend/backup"
	"bookbag/backend/blob"
	"bookbag/backend/store"
)

func main() {
	data := flag.String("data", os.Getenv("BOOKBAG_DATA_DIR"), "data dir to back up")
	out := flag.String("out", "", "work folder (default: a temp dir, removed after)")
	compress := flag.Bool("compress", false, "gzip the backup")
	pass := flag.String("passphrase", "", "encrypt the backup with this passphrase")
	addFiles := flag.Int("add-files", 0, "first store this many random 1 MB files in the data dir (bookbag-gen makes none)")
	flag.Parse()
	if err := addRandomFiles(*data, *addFiles); err != nil {
		fmt.Fprintln(os.Stderr, "bookbag-backupbench:", err)
		os.Exit(1)
	}
	if err := run(*data, *out, backup.Options{Compress: *compress, Passphrase: *pass}); err != nil {
		fmt.Fprintln(os.Stderr, "bookbag-backupbench:", err)
		os.Exit(1)
	}
}

func run(data, out string, opts backup.Options) error {
	ctx := context.Background()
	if data == "" {
		return fmt.Errorf("-data is required")
	}
	if out == "" {
		d, err := os.MkdirTemp("", "bookbag-backupbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		out = d
	}
	db, err := store.Open(ctx, data, store.Options{})
	if err != nil {
		return fmt.Errorf("open data dir: %w", err)
	}
	defer db.Close()
	fmt.Printf("| step | seconds | data MB | MB/s | file MB | peak RSS MB |\n|---|---|---|---|---|---|\n")
	svc := backup.NewService(backup.Deps{DB: db, DataDir: data, AppVersion: "bench"})
	file := filepath.Join(out, backup.FileName(time.Now(), opts))
	t0 := time.Now()
	res, err := svc.Backup(ctx, file, opts)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	in, err := svc.Inspect(ctx, file, opts.Passphrase)
	if err != nil {
		return err
	}
	mb := float64(in.TotalBytes) / 1e6
	row("backup", time.Since(t0), mb, float64(res.Bytes)/1e6)

	fresh := backup.NewService(backup.Deps{DataDir: filepath.Join(out, "restored")})
	t0 = time.Now()
	if _, err := fresh.Verify(ctx, file, opts.Passphrase); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	row("check (verify)", time.Since(t0), mb, float64(res.Bytes)/1e6)

	t0 = time.Now()
	if _, err := fresh.Restore(ctx, file, opts.Passphrase); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := backup.ApplyPending(filepath.Join(out, "restored"), time.Now()); err != nil {
		return fmt.Errorf("swap: %w", err)
	}
	row("restore (check + stage + swap)", time.Since(t0), mb, float64(res.Bytes)/1e6)
	fmt.Printf("\n%d stored files, %.1f MB in all (database snapshot and files)\n", in.Files, mb)
	return nil
}

// addRandomFiles stores n incompressible 1 MB files, as documents' files
// would be (PDFs and images hardly compress).
func addRandomFiles(data string, n int) error {
	if n <= 0 {
		return nil
	}
	bs, err := blob.New(data, blob.Options{})
	if err != nil {
		return err
	}
	for range n {
		if _, err := bs.Put(context.Background(), io.LimitReader(rand.Reader, 1<<20)); err != nil {
			return err
		}
	}
	return nil
}

func row(step string, d time.Duration, mb, fileMB float64) {
	fmt.Printf("| %s | %.2f | %.1f | %.0f | %.1f | %d |\n", step, d.Seconds(), mb, mb/d.Seconds(), fileMB, peakRSSMB())
}

// peakRSSMB is the process's peak resident memory (Linux VmHWM).
func peakRSSMB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb / 1024
		}
	}
	return -1
}
