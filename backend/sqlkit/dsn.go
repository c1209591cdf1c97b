package sqlkit

import (
	"net/url"
	"strconv"
)

// SQLiteDSN is the modernc.org/sqlite DSN both programs open files with:
// WAL, NORMAL sync, foreign keys, a busy timeout, and BEGIN IMMEDIATE for
// transactions (with deferred ones, concurrent read-then-write transactions
// fail with SQLITE_BUSY instead of waiting). readOnly connections refuse
// writes.
func SQLiteDSN(path string, busyMs int, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.Itoa(busyMs)+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + q.Encode()
}
