package syncproto

import (
	"encoding/json"

	"bookbag/backend/blob"
)

// FileRefs returns the stored files a live row names: a document's file and
// the vectors a member published for it, a message's attachments (images).
// A tombstone names none. Desktops upload and fetch these with the row; the
// server frees a workspace's files that no live row names any more.
func FileRefs(table string, snap map[string]any) []string {
	if snap == nil || snap["deleted_at"] != nil {
		return nil
	}
	switch table {
	case TableDocuments:
		var out []string
		for _, col := range []string{"sha256", "embeddings_sha256"} {
			if s, _ := snap[col].(string); blob.ValidSum(s) {
				out = append(out, s)
			}
		}
		return out
	case TableMessages:
		raw, _ := snap["attachments"].(string)
		if raw == "" || raw == "[]" {
			return nil
		}
		var atts []struct {
			SHA256  string `json:"sha256"`
			Missing bool   `json:"missing"`
		}
		if json.Unmarshal([]byte(raw), &atts) != nil {
			return nil
		}
		var out []string
		for _, a := range atts {
			if !a.Missing && blob.ValidSum(a.SHA256) {
				out = append(out, a.SHA256)
			}
		}
		return out
	}
	return nil
}
