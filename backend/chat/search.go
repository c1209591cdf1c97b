package chat

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"bookbag/backend/apperr"
)

// Highlight markers around matched terms in snippets. Private-use characters
// cannot collide with message text, and the UI never treats snippets as HTML.
const (
	MarkStart = "\uE000"
	MarkEnd   = "\uE001"
)

// SearchHit is one message that matched a search.
type SearchHit struct {
	MessageID   string  `json:"messageId"`
	ChatID      string  `json:"chatId"`
	ChatTitle   string  `json:"chatTitle"`
	WorkspaceID string  `json:"workspaceId"`
	Role        string  `json:"role"`
	Snippet     string  `json:"snippet"`
	Rank        float64 `json:"rank"`
	CreatedAt   int64   `json:"createdAt"`
}

// SearchQuery is a search over messages; an empty WorkspaceID searches all workspaces.
type SearchQuery struct {
	Query       string `json:"query"`
	WorkspaceID string `json:"workspaceId"`
	Limit       int    `json:"limit"`
	Offset      int    `json:"offset"`
}

// ftsQuery turns what a person typed into an FTS5 query: every word must
// appear (prefix match on the last one, as they may still be typing); words
// are quoted so that FTS syntax characters in them are harmless.
func ftsQuery(q string) string {
	complete, prefix := splitQuery(q)
	if prefix != "" {
		complete = append(complete, `"`+prefix+`"*`)
	}
	return strings.Join(complete, " ")
}

// splitQuery returns the quoted complete words of a query and the last word
// when it is still being typed (no trailing space), unquoted.
func splitQuery(q string) (complete []string, prefix string) {
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '_' })
	if len(words) > 0 && !strings.HasSuffix(q, " ") {
		prefix = words[len(words)-1]
		words = words[:len(words)-1]
	}
	for _, w := range words {
		complete = append(complete, `"`+w+`"`)
	}
	return complete, prefix
}

// rankWindow bounds the matches one search scores. BM25 costs a few
// microseconds a row, so a common pair of words over a million messages
// (100,000 matches) took 300 ms to rank; the newest rankWindow matches are
// ranked instead, which keeps search under 50 ms and, for a query that vague,
// favours recent conversations. Smaller result sets are ranked whole.
const rankWindow = 2000

// Search finds messages by their words, best matches first (BM25), with a
// snippet around the match.
//
// It runs in two steps: the newest rankWindow matches are scored (FTS5 walks
// its doclists backwards by rowid and stops there); then snippets are made
// for the page of best ones only, in one FTS pass over their rowid range
// (a snippet per candidate, or a MATCH per hit, re-expands a prefix term
// every time and cost seconds).
func (s *Service) Search(ctx context.Context, q SearchQuery) ([]SearchHit, error) {
	fq := ftsQuery(q.Query)
	if fq == "" {
		return []SearchHit{}, nil
	}
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 30
	}
	if q.Offset < 0 {
		return nil, apperr.New(apperr.Invalid, "bad offset")
	}
	cands, err := s.rankMatches(ctx, fq, q.WorkspaceID)
	if err != nil {
		return nil, err
	}
	if q.Offset >= len(cands) {
		return []SearchHit{}, nil
	}
	page := cands[q.Offset:min(len(cands), q.Offset+q.Limit)]
	// Snippets come from the complete words when there are any: a prefix term
	// would be expanded over the whole index once more (the costly part of
	// searching as one types); its words are then marked here.
	complete, prefix := splitQuery(q.Query)
	if prefix == "" || len(complete) == 0 {
		return s.hitDetails(ctx, fq, "", page)
	}
	return s.hitDetails(ctx, strings.Join(complete, " "), prefix, page)
}

type candidate struct {
	rowid int64
	rank  float64
}

// rankMatches scores the newest rankWindow live matches, best first. A
// tombstone has no content, so it is not in the index: only a workspace
// filter needs each match's row.
func (s *Service) rankMatches(ctx context.Context, fq, workspaceID string) ([]candidate, error) {
	sqlq := `SELECT rowid, bm25(messages_fts) FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?`
	args := []any{fq, rankWindow}
	if workspaceID != "" {
		sqlq = `SELECT messages_fts.rowid, bm25(messages_fts) FROM messages_fts
			JOIN messages m ON m.rowid = messages_fts.rowid
			WHERE messages_fts MATCH ? AND m.workspace_id = ?
			ORDER BY messages_fts.rowid DESC LIMIT ?`
		args = []any{fq, workspaceID, rankWindow}
	}
	rows, err := s.db.R.QueryContext(ctx, sqlq, args...)
	if err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.rowid, &c.rank); err != nil {
			return nil, fmt.Errorf("search messages: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	// Lower BM25 is better in FTS5; ties go to the newer message.
	sort.SliceStable(out, func(i, j int) bool { return out[i].rank < out[j].rank })
	return out, nil
}

// hitDetails reads the hits' messages, chat titles and snippets (of the
// match fq, with words starting with prefix marked too), in the order of page.
func (s *Service) hitDetails(ctx context.Context, fq, prefix string, page []candidate) ([]SearchHit, error) {
	lo, hi := page[0].rowid, page[0].rowid
	ids := make([]string, len(page))
	args := []any{MarkStart, MarkEnd, fq}
	for i, c := range page {
		lo, hi = min(lo, c.rowid), max(hi, c.rowid)
		ids[i] = "?"
	}
	args = append(args, lo, hi)
	for _, c := range page {
		args = append(args, c.rowid)
	}
	// "+rowid IN" is not offered to FTS5 as a constraint (that would run the
	// MATCH once per value); the range is, so FTS5 makes one pass.
	// A deleted workspace's chats leave search at once.
	gone := map[string]bool{}
	if s.wss != nil {
		deleted, err := s.wss.Deleted(ctx)
		if err != nil {
			return nil, fmt.Errorf("search messages: %w", err)
		}
		for _, id := range deleted {
			gone[id] = true
		}
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT messages_fts.rowid, m.id, m.chat_id, c.title, m.workspace_id, c.workspace_id,
			m.role, snippet(messages_fts, 0, ?, ?, '…', 16), m.created_at
		FROM messages_fts
		JOIN messages m ON m.rowid = messages_fts.rowid
		JOIN chats c ON c.id = m.chat_id
		WHERE messages_fts MATCH ? AND messages_fts.rowid BETWEEN ? AND ?
			AND +messages_fts.rowid IN (`+strings.Join(ids, ",")+`)
			AND m.deleted_at IS NULL AND c.deleted_at IS NULL`, args...)
	if err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	defer rows.Close()
	byRow := make(map[int64]SearchHit, len(page))
	for rows.Next() {
		var h SearchHit
		var rowid int64
		var chatWS string
		if err := rows.Scan(&rowid, &h.MessageID, &h.ChatID, &h.ChatTitle, &h.WorkspaceID, &chatWS, &h.Role, &h.Snippet, &h.CreatedAt); err != nil {
			return nil, fmt.Errorf("search messages: %w", err)
		}
		if gone[chatWS] {
			continue
		}
		if prefix != "" {
			h.Snippet = markPrefix(h.Snippet, prefix)
		}
		byRow[rowid] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	hits := make([]SearchHit, 0, len(page))
	for _, c := range page {
		if h, ok := byRow[c.rowid]; ok {
			h.Rank = c.rank
			hits = append(hits, h)
		}
	}
	return hits, nil
}

// markPrefix marks the words of a snippet that start with prefix (ignoring
// case) and are not marked yet.
func markPrefix(snippet, prefix string) string {
	p := []rune(strings.ToLower(prefix))
	var b strings.Builder
	r := []rune(snippet)
	inMark := false
	isWord := func(c rune) bool { return unicode.IsLetter(c) || unicode.IsNumber(c) || c == '_' }
	for i := 0; i < len(r); {
		switch {
		case string(r[i]) == MarkStart:
			inMark = true
		case string(r[i]) == MarkEnd:
			inMark = false
		case isWord(r[i]) && !inMark:
			j := i
			for j < len(r) && isWord(r[j]) {
				j++
			}
			word := string(r[i:j])
			if lw := []rune(strings.ToLower(word)); len(lw) >= len(p) && string(lw[:len(p)]) == string(p) {
				word = MarkStart + word + MarkEnd
			}
			b.WriteString(word)
			i = j
			continue
		}
		b.WriteRune(r[i])
		i++
	}
	return b.String()
}

// OpenAt shows the branch that contains a message (a search result) and
// returns the chat's view around it.
func (s *Service) OpenAt(ctx context.Context, messageID string) (ChatView, error) {
	m, err := s.GetMessage(ctx, messageID)
	if err != nil {
		return ChatView{}, err
	}
	c, err := s.GetChat(ctx, m.ChatID)
	if err != nil {
		return ChatView{}, err
	}
	t, err := loadTree(ctx, s.db.R, m.ChatID)
	if err != nil {
		return ChatView{}, err
	}
	for _, id := range t.path(c.ActiveLeafID) {
		if id == messageID {
			return s.viewAround(ctx, m.ChatID, messageID)
		}
	}
	return s.SwitchBranch(ctx, messageID)
}
