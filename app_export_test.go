package main

import "testing"

// exportChat exports a chat in every format the app offers and keeps the
// text with the returned values, for the key scan.
func exportChat(t *testing.T, a *App, chatID string, returned *[]any) {
	t.Helper()
	for _, f := range []string{"markdown", "json"} {
		s, err := a.api.chat.ExportChat(chatID, f)
		if err != nil || s == "" {
			t.Fatalf("export %s: %q %v", f, s, err)
		}
		*returned = append(*returned, s)
	}
}
