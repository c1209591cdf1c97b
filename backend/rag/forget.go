package rag

// ForgetWorkspace drops what the service keeps in memory about a workspace
// whose rows changed behind its back (a purge after delete, an archive
// import): its loaded vectors (reloaded from SQLite on the next query) and
// the keyword statistics; documents an import queued are picked up at once.
func (s *Service) ForgetWorkspace(workspaceID string) {
	s.vectors.drop(workspaceID)
	s.fts.invalidate()
	s.kick()
}
