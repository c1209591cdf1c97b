package chat

// toTell returns, sorted, the unavailable tool servers (name → reason) an
// answer in chat should note: those its earlier answers have not noted
// with the same reason since the server last answered. A server that stays
// down is said once, not under every answer; it is said again when its
// reason changes, after it answered in between, or after a restart (this
// is kept in memory only).
func (s *Service) toTell(chatID string, unavailable map[string]string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	told := s.told[chatID]
	var out []string
	for _, name := range sortedKeys(unavailable) {
		if told[name] != unavailable[name] {
			out = append(out, name)
		}
	}
	if len(unavailable) == 0 {
		delete(s.told, chatID)
		return nil
	}
	now := make(map[string]string, len(unavailable))
	for name, why := range unavailable {
		now[name] = why
	}
	s.told[chatID] = now
	return out
}
