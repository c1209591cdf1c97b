package chat

import (
	"context"
	"strings"
	"testing"
)

// queryPlan returns SQLite's plan for q, one step a line.
func queryPlan(t *testing.T, h *harness, q string, args ...any) string {
	t.Helper()
	rows, err := h.db.R.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	return b.String()
}

// The queries that run at startup and when a chat opens must not scan the
// big tables (messages, change_log) nor sort every chat: their cost would
// grow with the data (docs/perf/chat.md).
func TestStartupAndOpenQueriesUseIndexes(t *testing.T) {
	h := newHarness(t)
	importSample(t, h) // some rows, so plans are not for empty tables
	list, listArgs, _ := listSQL(ListFilter{WorkspaceID: h.ws, Limit: 50})
	next, nextArgs, _ := listSQL(ListFilter{WorkspaceID: h.ws, Limit: 50, Cursor: "0|1700000000000|x"})
	cases := []struct {
		name, q string
		args    []any
		want    string
	}{
		{"last stamp (store.Open)", `SELECT MAX(hlc) FROM change_log`, nil, "change_log_hlc"},
		{"interrupted answers", streamingSQL, nil, "messages_streaming"},
		{"message tree", treeSQL, []any{"c"}, "COVERING INDEX messages_chat_tree"},
		{"sidebar", list, listArgs, "chats_list"},
		{"sidebar next page", next, nextArgs, "chats_list"},
	}
	for _, c := range cases {
		plan := queryPlan(t, h, c.q, c.args...)
		bad := strings.Contains(plan, "TEMP B-TREE")
		for _, line := range strings.Split(plan, "\n") {
			// A table scan; scanning a partial index of a few rows is fine.
			bad = bad || strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, "USING INDEX messages_streaming")
		}
		if !strings.Contains(plan, c.want) || bad {
			t.Errorf("%s: plan\n%s(want %s, no scan, no sort)", c.name, plan, c.want)
		}
	}
	if StatusStreaming != "streaming" {
		t.Fatal("streamingSQL names the status literally")
	}
}
