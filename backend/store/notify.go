package store

import "sync"

// changeHooks are called after commits that appended to change_log (sync
// pushes at once instead of polling the log).
type changeHooks struct {
	mu sync.RWMutex
	fs []func(workspaceIDs []string)
}

// OnLogged registers f to run after every committed transaction that
// appended to change_log, with the workspaces of the logged rows (personal
// rows have none and are left out). f runs on the committing goroutine, after
// AfterCommit work: it must return quickly (signal a channel).
func (db *DB) OnLogged(f func(workspaceIDs []string)) {
	db.hooks.mu.Lock()
	db.hooks.fs = append(db.hooks.fs, f)
	db.hooks.mu.Unlock()
}

func (db *DB) fireLogged(ws map[string]struct{}) {
	if len(ws) == 0 {
		return
	}
	db.hooks.mu.RLock()
	fs := db.hooks.fs
	db.hooks.mu.RUnlock()
	if len(fs) == 0 {
		return
	}
	ids := make([]string, 0, len(ws))
	for id := range ws {
		ids = append(ids, id)
	}
	for _, f := range fs {
		f(ids)
	}
}
