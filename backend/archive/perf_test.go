package archive

import (
	"context"
	"fmt"
	"os"
	"testing"

	"bookbag/backend/blob"
	"bookbag/backend/store"
	"bookbag/cmd/bookbag-gen/gen"
)

// BenchmarkImportLargeArchive imports the archive of a generated workspace
// into an empty data dir. It runs in two processes so peak memory is the
// import's alone (docs/PERFORMANCE.md): the first writes the archive named
// by BOOKBAG_ARCHIVE when it does not exist yet, the second imports it.
//
//	go test -c -o /tmp/archive.test ./backend/archive/
//	BOOKBAG_ARCHIVE=/tmp/big.bookbag BOOKBAG_ARCHIVE_MESSAGES=200000 /tmp/archive.test -test.run '^$' -test.bench ImportLargeArchive -test.benchtime 1x
//	BOOKBAG_ARCHIVE=/tmp/big.bookbag /usr/bin/time -v /tmp/archive.test -test.run '^$' -test.bench ImportLargeArchive -test.benchtime 1x
func BenchmarkImportLargeArchive(b *testing.B) {
	path := os.Getenv("BOOKBAG_ARCHIVE")
	if path == "" {
		b.Skip("set BOOKBAG_ARCHIVE")
	}
	ctx := context.Background()
	open := func() (*store.DB, *Service) {
		dir := b.TempDir()
		db, err := store.Open(ctx, dir, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		blobs, err := blob.New(dir, blob.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return db, NewService(Deps{DB: db, Blobs: blobs})
	}
	if _, err := os.Stat(path); err != nil {
		n := 200000
		fmt.Sscan(os.Getenv("BOOKBAG_ARCHIVE_MESSAGES"), &n)
		db, svc := open()
		defer db.Close()
		st, err := gen.Generate(ctx, db, gen.Options{Workspaces: 1, Messages: n, LongChat: 0, Branches: 0.05})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.ExportFile(ctx, st.WorkspaceIDs[0], path); err != nil {
			b.Fatal(err)
		}
		b.Skip("archive written; run again to import it")
	}
	fi, _ := os.Stat(path)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db, svc := open()
		rep, err := svc.ImportFile(ctx, path)
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Added), "rows")
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "file-MiB")
}
