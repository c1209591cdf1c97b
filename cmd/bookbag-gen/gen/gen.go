// Package gen fills a BookBag data dir with realistic generated data for
// benchmarks and manual tries: workspaces, chats with branched message trees
// of varied length over a Zipfian vocabulary, one very long chat, and
// optionally documents with chunks. It writes through the store (so
// migrations, identity, HLC stamps and the change log are as the app makes
// them) in large batch transactions.
package gen

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"bookbag/backend/store"
	"bookbag/backend/workspace"
)

// Options say what to generate. Zero values take the defaults in Defaults.
type Options struct {
	Workspaces   int     // workspaces to spread chats over (the default one counts)
	Chats        int     // ordinary chats
	Messages     int     // messages over the ordinary chats (exact total)
	LongChat     int     // messages of one more chat (0: none)
	Documents    int     // documents over the workspaces (0: none)
	ChunksPerDoc int     // chunks per document
	Vocab        int     // vocabulary size
	Seed         uint64  // same seed, same text
	Batch        int     // messages per transaction
	Branches     float64 // share of answers that were regenerated (have an older alternative)
	Now          time.Time
	// Progress, when set, is called after each transaction.
	Progress func(Stats)
}

// Defaults fills unset options.
func (o Options) Defaults() Options {
	if o.Workspaces <= 0 {
		o.Workspaces = 1
	}
	if o.Vocab <= 0 {
		o.Vocab = 5000
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Batch <= 0 {
		o.Batch = 25000
	}
	if o.Branches < 0 || o.Branches > 1 {
		o.Branches = 0
	}
	if o.ChunksPerDoc <= 0 {
		o.ChunksPerDoc = 20
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Chats <= 0 && o.Messages > 0 {
		o.Chats = max(1, o.Messages/40)
	}
	return o
}

// Stats is what was generated.
type Stats struct {
	WorkspaceIDs []string
	Chats        int
	Messages     int
	Documents    int
	Chunks       int
	LongChatID   string
	Elapsed      time.Duration
}

// msg is one generated message row.
type msg struct {
	id, parent, role, content, model string
	created                          int64
	tokensIn, tokensOut, ttft        int
	tps                              float64
}

// chatRows is one generated chat and its messages.
type chatRows struct {
	id, ws, title, leaf        string
	created, updated, archived int64
	pinned                     bool
	msgs                       []msg
}

// generator holds the random sources and the pending batch.
type generator struct {
	db       *store.DB
	o        Options
	r        *rand.Rand
	text     *Text
	pending  []chatRows
	npending int
	stats    Stats
	start    time.Time
	msgCols  []string // every column of messages, for change log snapshots
	ftsFast  string   // the FTS insert trigger's SQL when batches may bypass it
}

var models = []string{"openai:gpt-4o-mini", "anthropic:claude-sonnet-4-5", "ollama:llama3.2:3b", "openai:gpt-4.1"}

// Generate writes the data and reports what it made.
func Generate(ctx context.Context, db *store.DB, o Options) (Stats, error) {
	o = o.Defaults()
	g := &generator{db: db, o: o, r: rand.New(rand.NewPCG(o.Seed, 0x67656e)), start: time.Now()}
	g.text = NewText(NewVocab(o.Seed, o.Vocab), o.Seed)
	if err := g.inspectSchema(ctx); err != nil {
		return Stats{}, err
	}
	if err := g.workspaces(ctx); err != nil {
		return Stats{}, err
	}
	sizes := chatSizes(g.r, o.Chats, o.Messages)
	for i, n := range sizes {
		if err := ctx.Err(); err != nil {
			return g.stats, err
		}
		c := g.chat(g.stats.WorkspaceIDs[i%len(g.stats.WorkspaceIDs)], n, "")
		if err := g.add(ctx, c); err != nil {
			return g.stats, err
		}
	}
	if o.LongChat > 0 {
		c := g.chat(g.stats.WorkspaceIDs[0], o.LongChat, fmt.Sprintf("Long chat (%d messages)", o.LongChat))
		g.stats.LongChatID = c.id
		if err := g.add(ctx, c); err != nil {
			return g.stats, err
		}
	}
	if err := g.flush(ctx); err != nil {
		return g.stats, err
	}
	if err := g.documents(ctx); err != nil {
		return g.stats, err
	}
	g.stats.Elapsed = time.Since(g.start)
	return g.stats, nil
}

// inspectSchema reads the messages columns and decides whether batches may
// index FTS in bulk: only when the insert trigger is the one this code knows.
func (g *generator) inspectSchema(ctx context.Context) error {
	rows, err := g.db.R.QueryContext(ctx, `SELECT name FROM pragma_table_info('messages')`)
	if err != nil {
		return fmt.Errorf("read messages columns: %w", err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return fmt.Errorf("read messages columns: %w", err)
		}
		g.msgCols = append(g.msgCols, c)
	}
	rows.Close()
	var trig string
	err = g.db.R.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'messages_fts_ai'`).Scan(&trig)
	if err == nil && strings.Contains(strings.Join(strings.Fields(trig), " "),
		"BEGIN INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content); END") {
		g.ftsFast = trig
	}
	return nil
}

// workspaces makes sure there are o.Workspaces workspaces, the default first.
func (g *generator) workspaces(ctx context.Context) error {
	def, err := workspace.NewService(workspace.Deps{DB: g.db}).EnsureDefault(ctx)
	if err != nil {
		return err
	}
	g.stats.WorkspaceIDs = []string{def.ID}
	return g.db.Tx(ctx, func(tx *store.Tx) error {
		for i := 1; i < g.o.Workspaces; i++ {
			id := store.NewID()
			if err := tx.Insert(ctx, "workspaces", id, id, store.Values{"name": fmt.Sprintf("Generated %d", i)}); err != nil {
				return err
			}
			if err := tx.Insert(ctx, "workspace_settings", store.NewID(), id, store.Values{}); err != nil {
				return err
			}
			g.stats.WorkspaceIDs = append(g.stats.WorkspaceIDs, id)
		}
		return nil
	})
}

// chatSizes splits total messages over n chats with a skewed (log-normal)
// distribution: many short chats, a few long ones; every chat has at least 2.
func chatSizes(r *rand.Rand, n, total int) []int {
	if n <= 0 || total <= 0 {
		return nil
	}
	n = min(n, max(1, total/2))
	w := make([]float64, n)
	sum := 0.0
	for i := range w {
		w[i] = math.Exp(r.NormFloat64() * 1.1)
		sum += w[i]
	}
	sizes := make([]int, n)
	left := total - 2*n
	used := 0
	for i := range sizes {
		sizes[i] = 2 + int(float64(left)*w[i]/sum)
		used += sizes[i]
	}
	for i := 0; used < total; i = (i + 1) % n {
		sizes[i]++
		used++
	}
	return sizes
}

// chat generates one chat of n messages: turns of a question and an answer,
// some answers with an older alternative (regenerated), over one topic.
func (g *generator) chat(ws string, n int, title string) chatRows {
	topic := g.text.Topic(8)
	if title == "" {
		title = g.text.Title(topic)
	}
	c := chatRows{id: store.NewID(), ws: ws, title: title, msgs: make([]msg, 0, n)}
	t := int64(0) // ms from the chat's start
	parent, history := "", 0
	model := models[g.r.IntN(len(models))]
	for len(c.msgs) < n {
		q := g.text.Message(g.text.Length(14), topic)
		u := msg{id: store.NewID(), parent: parent, role: "user", content: q, created: t}
		c.msgs = append(c.msgs, u)
		history += len(q) / 4
		t += int64(3000 + g.r.IntN(20000))
		if len(c.msgs) >= n {
			c.leaf = u.id
			break
		}
		answer := func() msg {
			a := g.text.Message(g.text.Length(70), topic)
			out := len(a) / 4
			m := msg{id: store.NewID(), parent: u.id, role: "assistant", content: a, created: t, model: model,
				tokensIn: min(history, 120000), tokensOut: out, ttft: 150 + g.r.IntN(1500), tps: 15 + 100*g.r.Float64()}
			t += int64(2000 + g.r.IntN(30000))
			return m
		}
		if len(c.msgs)+2 <= n && g.r.Float64() < g.o.Branches {
			c.msgs = append(c.msgs, answer()) // the older alternative, off the branch shown
		}
		a := answer()
		c.msgs = append(c.msgs, a)
		history += a.tokensOut
		parent, c.leaf = a.id, a.id
		t += int64(10000 + g.r.IntN(600000))
	}
	// Place the chat in the last year, ending before now.
	now := g.o.Now.UnixMilli()
	span := t
	start := now - span - int64(g.r.Float64()*float64(365*24*time.Hour/time.Millisecond))
	start = max(start, now-span-int64(400*24*time.Hour/time.Millisecond))
	for i := range c.msgs {
		c.msgs[i].created += start
	}
	c.created = start
	c.updated = c.msgs[len(c.msgs)-1].created
	switch x := g.r.Float64(); {
	case x < 0.01:
		c.pinned = true
	case x < 0.04:
		c.archived = c.updated
	}
	return c
}

// add queues a chat and writes the batch when it is full.
func (g *generator) add(ctx context.Context, c chatRows) error {
	g.pending = append(g.pending, c)
	g.npending += len(c.msgs)
	if g.npending >= g.o.Batch {
		return g.flush(ctx)
	}
	return nil
}

// flush writes the pending chats and messages in one transaction. Messages
// are inserted with prepared statements; their FTS rows and change log
// entries are added in bulk for the batch (the per-row trigger is dropped
// and recreated inside the same transaction, so nobody ever sees the schema
// without it).
func (g *generator) flush(ctx context.Context) error {
	if len(g.pending) == 0 {
		return nil
	}
	ident := g.db.Identity()
	err := g.db.Tx(ctx, func(tx *store.Tx) error {
		for _, c := range g.pending {
			var archived any
			if c.archived > 0 {
				archived = c.archived
			}
			snap := map[string]any{"id": c.id, "workspace_id": c.ws, "title": c.title, "pinned": boolInt(c.pinned),
				"archived_at": archived, "active_leaf_id": c.leaf, "created_at": c.created, "updated_at": c.updated,
				"hlc": g.db.HLC().Now().String(), "device_id": ident.DeviceID, "author_id": ident.UserID}
			if _, err := tx.Apply(ctx, "chats", snap, true); err != nil {
				return err
			}
		}
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(rowid), 0) FROM messages`).Scan(&last); err != nil {
			return fmt.Errorf("read last message row: %w", err)
		}
		if g.ftsFast != "" {
			if _, err := tx.ExecContext(ctx, `DROP TRIGGER messages_fts_ai`); err != nil {
				return fmt.Errorf("drop fts trigger: %w", err)
			}
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO messages (id, workspace_id, chat_id, parent_id, role, kind, content,
			model_ref, tokens_in, tokens_out, status, finish_reason, ttft_ms, tokens_per_sec, created_at, updated_at, hlc, device_id, author_id)
			VALUES (?, ?, ?, ?, ?, 'text', ?, ?, ?, ?, 'complete', ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("prepare message insert: %w", err)
		}
		defer ins.Close()
		for _, c := range g.pending {
			for _, m := range c.msgs {
				var parent any
				if m.parent != "" {
					parent = m.parent
				}
				finish := ""
				if m.role == "assistant" {
					finish = "stop"
				}
				if _, err := ins.ExecContext(ctx, m.id, c.ws, c.id, parent, m.role, m.content, m.model, m.tokensIn, m.tokensOut,
					finish, m.ttft, m.tps, m.created, m.created, g.db.HLC().Now().String(), ident.DeviceID, ident.UserID); err != nil {
					return fmt.Errorf("insert message: %w", err)
				}
			}
		}
		if g.ftsFast != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO messages_fts (rowid, content) SELECT rowid, content FROM messages WHERE rowid > ?`, last); err != nil {
				return fmt.Errorf("index messages: %w", err)
			}
			if _, err := tx.ExecContext(ctx, g.ftsFast); err != nil {
				return fmt.Errorf("restore fts trigger: %w", err)
			}
		}
		pairs := make([]string, len(g.msgCols))
		for i, c := range g.msgCols {
			pairs[i] = "'" + c + "', " + c
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO change_log (table_name, row_id, workspace_id, hlc, op, snapshot, created_at)
			SELECT 'messages', id, workspace_id, hlc, 'insert', json_object(`+strings.Join(pairs, ", ")+`), ? FROM messages WHERE rowid > ?`,
			tx.Now(), last); err != nil {
			return fmt.Errorf("log messages: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	g.stats.Chats += len(g.pending)
	g.stats.Messages += g.npending
	g.pending, g.npending = g.pending[:0], 0
	if g.o.Progress != nil {
		g.stats.Elapsed = time.Since(g.start)
		g.o.Progress(g.stats)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
