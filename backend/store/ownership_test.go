package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"bookbag/backend/sqlkit"
)

// The ownership test reads every SQL statement in the module's Go code (a
// string literal with an SQL verb) and every call of the store's row API
// that names a table, and fails when a package touches a table it does not
// own (TableOwners), except a generic reader (GenericReaders) on a synced
// table. SQL built from variables (`FROM `+table) is beyond it: keep table
// names literal.

var (
	sqlVerb = regexp.MustCompile(`\b(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|REPLACE)\b`)
	// A table follows FROM, JOIN, INTO, UPDATE or TABLE; after FROM a comma
	// list may name more (FROM a x, b y).
	tableRef  = regexp.MustCompile(`\b(FROM|JOIN|INTO|UPDATE|TABLE(?: IF (?:NOT )?EXISTS)?)\s+([a-z_][a-z0-9_]*)((?:\s+(?:AS\s+)?[a-z_][a-z0-9_]*)?(?:\s*,\s*[a-z_][a-z0-9_]*(?:\s+(?:AS\s+)?[a-z_][a-z0-9_]*)?)*)`)
	commaName = regexp.MustCompile(`,\s*([a-z_][a-z0-9_]*)`)
	// The store's row API: the first string argument naming a table is the table.
	rowAPI = map[string]bool{"Insert": true, "Update": true, "Delete": true, "Move": true, "Restore": true,
		"Apply": true, "Unstamp": true}
)

// touch is one place where a package uses a table.
type touch struct {
	pkg, table, at string
	sql            bool // raw SQL, not the row API
	write          bool // the SQL writes (INSERT, UPDATE, DELETE, REPLACE)
}

var sqlWrite = regexp.MustCompile(`\b(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b`)

func TestEveryTableHasOneOwner(t *testing.T) {
	owners := TableOwners()
	created := map[string]bool{}
	for _, m := range mustMigrations(t) {
		for _, t := range tablesIn(m.SQL) {
			created[t] = true
		}
	}
	for table := range created {
		if _, ok := owners[table]; !ok && !strings.HasPrefix(table, "sqlite_") {
			t.Errorf("table %s (created by a migration) has no owner in TableOwners", table)
		}
	}
	for table := range owners {
		if !created[table] {
			t.Errorf("TableOwners names %s, which no migration creates", table)
		}
	}
}

func TestPackagesTouchOnlyTheirTables(t *testing.T) {
	for _, v := range ownershipViolations(t, moduleRoot(t)) {
		t.Error(v)
	}
}

// ownershipViolations lists the touches of tables by packages other than
// their owners, outside the declared exceptions.
func ownershipViolations(t *testing.T, root string) []string {
	owners := TableOwners()
	generic := GenericReaders()
	var out []string
	for _, tc := range touches(t, root) {
		owner, known := owners[tc.table]
		switch {
		case !known || owner == tc.pkg:
			continue
		case slices.Contains(generic, tc.pkg) && IsSynced(tc.table) && !tc.write:
			continue // a generic reader reads synced rows, and writes them only through the row API
		case slices.ContainsFunc(Exceptions(), func(e Exception) bool { return e.Package == tc.pkg && e.Table == tc.table }):
			continue
		}
		how := "row API"
		switch {
		case tc.write:
			how = "SQL write"
		case tc.sql:
			how = "SQL"
		}
		out = append(out, tc.at+": "+tc.pkg+" uses "+tc.table+" ("+how+"), owned by "+owner)
	}
	sort.Strings(out)
	return out
}

// touches finds table uses in the non-test Go files of the module: the root
// package (app.go) and everything under backend/ except the office server,
// which has its own database.
func touches(t *testing.T, root string) []touch {
	t.Helper()
	var out []touch
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			keep := rel == "." || rel == "backend" || strings.HasPrefix(rel, "backend/")
			if !keep || rel == "backend/server" || strings.HasPrefix(rel, "backend/server/") || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		pkg := filepath.ToSlash(filepath.Dir(rel))
		if pkg == "." {
			pkg = "main"
		}
		out = append(out, fileTouches(t, p, rel, pkg)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fileTouches(t *testing.T, path, rel, pkg string) []touch {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", rel, err)
	}
	var out []touch
	at := func(n ast.Node) string { return rel + ":" + strconv.Itoa(fset.Position(n.Pos()).Line) }
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok || !rowAPI[sel.Sel.Name] {
				return true
			}
			for _, a := range n.Args {
				if s, ok := stringLit(a); ok {
					if _, table := TableOwners()[s]; table {
						out = append(out, touch{pkg: pkg, table: s, at: at(a)})
					}
					break
				}
			}
		case *ast.BinaryExpr, *ast.BasicLit:
			// A statement may be pieces joined with +: read the literal
			// pieces as one text (the rest stands in as "?").
			s, ok := joinedLit(n.(ast.Expr))
			if ok && sqlVerb.MatchString(s) {
				write := sqlWrite.MatchString(s)
				for _, table := range tablesIn(s) {
					out = append(out, touch{pkg: pkg, table: table, at: at(n), sql: true, write: write})
				}
			}
			return !ok
		}
		return true
	})
	return out
}

// joinedLit reads a string literal, or a + chain with at least one literal
// piece, as one text; pieces that are not literals become " ? ".
func joinedLit(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		return stringLit(e)
	case *ast.ParenExpr:
		return joinedLit(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		l, lok := joinedLit(e.X)
		r, rok := joinedLit(e.Y)
		if !lok && !rok {
			return "", false
		}
		if !lok {
			l = " ? "
		}
		if !rok {
			r = " ? "
		}
		return l + r, true
	}
	return "", false
}

func stringLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

// tablesIn lists the tables an SQL text names.
func tablesIn(sql string) []string {
	var out []string
	for _, m := range tableRef.FindAllStringSubmatch(sql, -1) {
		out = append(out, m[2])
		if strings.HasPrefix(m[1], "FROM") || m[1] == "JOIN" {
			for _, c := range commaName.FindAllStringSubmatch(m[3], -1) {
				out = append(out, c[1])
			}
		}
	}
	return out
}

func mustMigrations(t *testing.T) []sqlkit.Migration {
	t.Helper()
	ms, err := loadMigrations(embeddedMigrations())
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found from the store package: %v", err)
	}
	return root
}

// The check itself: a tree with cross-owner queries added back is caught
// (raw SQL, SQL in pieces, the row API, a generic reader writing), and
// owners' own queries and declared reads pass.
func TestOwnershipCheckCatchesCrossOwnerQueries(t *testing.T) {
	root := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("backend/chat/bad.go", "package chat\n\n"+
		"const moved = `UPDATE chunks SET workspace_id = ? WHERE document_id = ?`\n\n"+
		"const cols = \"id, name\"\n\n"+
		"var pieces = `SELECT ` + cols + ` FROM documents WHERE chat_id = ?`\n\n"+
		"func move(ctx any, tx interface{ Move(any, string, string, string) error }) error { return tx.Move(ctx, \"documents\", \"id\", \"ws\") }\n\n"+
		"const own = `SELECT id FROM messages m JOIN chats c ON c.id = m.chat_id`\n")
	write("backend/archive/reader.go", "package archive\n\n"+
		"const read = `SELECT * FROM chats WHERE workspace_id = ?1`\n\n"+
		"const queue = `UPDATE documents SET status = 'pending' WHERE id = ?`\n")
	write("backend/rag/own.go", "package rag\n\nconst q = `SELECT d.id FROM documents d, chunks c WHERE c.document_id = d.id`\n")
	write("backend/rag/own_test.go", "package rag\n\nconst q2 = `SELECT id FROM workspaces`\n")
	got := ownershipViolations(t, root)
	want := []string{
		"backend/archive/reader.go:5: backend/archive uses documents (SQL write), owned by backend/rag",
		"backend/chat/bad.go:3: backend/chat uses chunks (SQL write), owned by backend/rag",
		"backend/chat/bad.go:7: backend/chat uses documents (SQL), owned by backend/rag",
		"backend/chat/bad.go:9: backend/chat uses documents (row API), owned by backend/rag",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("violations found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
