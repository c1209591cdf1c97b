package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// simRow is a device's copy of a row.
type simRow struct {
	hlc   string
	owner string
	snap  map[string]any
}

// simDevice is a desktop reduced to its sync behaviour: a local table of
// rows, a coalesced change log, a cursor, and the client.
type simDevice struct {
	name    string
	userID  string
	admin   bool
	client  *syncproto.Client
	dev     *servertest.Device
	rows    map[string]*simRow
	pending map[string]syncproto.Change
	cursor  int64
	rng     *rand.Rand
	made    *madeLog
	seq     int
}

// madeLog records every change any device made: the truth to check against.
type madeLog struct {
	mu      sync.Mutex
	stamps  map[string][]string // key -> every stamp made
	refused map[string]bool     // key+stamp the server rejected
	msgs    map[string]bool     // message keys ever created
}

func (m *madeLog) add(key, hlc string, isMsg bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stamps[key] = append(m.stamps[key], hlc)
	if isMsg {
		m.msgs[key] = true
	}
}

func (m *madeLog) refuse(key, hlc string) {
	m.mu.Lock()
	m.refused[key+"@"+hlc] = true
	m.mu.Unlock()
}

// best is, per row, the highest stamp the server accepted or should have.
func (m *madeLog) best() map[string]string {
	out := map[string]string{}
	for key, sts := range m.stamps {
		for _, st := range sts {
			if !m.refused[key+"@"+st] && st > out[key] {
				out[key] = st
			}
		}
	}
	return out
}

const simWS = "ws"

func (d *simDevice) edit(t *testing.T, table, id string, cols map[string]any, deleted bool) {
	if old := d.rows[table+"/"+id]; old != nil {
		// A desktop update keeps the columns it does not touch.
		merged := map[string]any{}
		for k, v := range old.snap {
			merged[k] = v
		}
		for k, v := range cols {
			merged[k] = v
		}
		cols = merged
	}
	for _, k := range []string{"id", "workspace_id", "hlc", "device_id", "author_id", "created_at", "updated_at", "deleted_at"} {
		delete(cols, k)
	}
	ch := d.dev.Change(simWS, table, id, cols, deleted)
	key := table + "/" + id
	var snap map[string]any
	json.Unmarshal(ch.Snapshot, &snap)
	owner := d.userID
	if old := d.rows[key]; old != nil {
		owner = old.owner
	}
	d.rows[key] = &simRow{hlc: ch.HLC, owner: owner, snap: snap}
	d.pending[key] = ch
	d.made.add(key, ch.HLC, table == "messages")
}

func (d *simDevice) ownChats() []string {
	var out []string
	for k, r := range d.rows {
		if r.snap["deleted_at"] == nil && len(k) > 6 && k[:6] == "chats/" && r.owner == d.userID {
			out = append(out, k[6:])
		}
	}
	sort.Strings(out)
	return out
}

func (d *simDevice) sharedChats() []string {
	var out []string
	for k, r := range d.rows {
		if len(k) > 6 && k[:6] == "chats/" && r.snap["deleted_at"] == nil && r.snap["shared"] == float64(1) {
			out = append(out, k[6:])
		}
	}
	sort.Strings(out)
	return out
}

// step makes one random local edit.
func (d *simDevice) step(t *testing.T) {
	d.seq++
	pick := func(n int) int { return d.rng.Intn(n) }
	switch op := pick(10); {
	case op < 2:
		d.edit(t, "prompt_templates", fmt.Sprintf("tpl%d", pick(4)), map[string]any{"name": d.name, "body": fmt.Sprint(d.seq)}, pick(6) == 0)
	case op < 3:
		d.edit(t, "documents", fmt.Sprintf("doc%d", pick(3)), map[string]any{"name": d.name + ".pdf", "chat_id": nil, "status": "completed"}, pick(6) == 0)
	case op < 4 && d.admin:
		d.edit(t, "workspace_settings", "settings", map[string]any{"system_prompt": d.name + fmt.Sprint(d.seq)}, false)
	case op < 5:
		d.edit(t, "chats", fmt.Sprintf("%s-chat%d", d.name, d.seq), map[string]any{"title": "new", "shared": pick(2)}, false)
	case op < 8:
		if chats := d.ownChats(); len(chats) > 0 {
			c := chats[pick(len(chats))]
			d.edit(t, "messages", fmt.Sprintf("%s-msg%d", d.name, d.seq),
				map[string]any{"chat_id": c, "role": "user", "content": "m", "status": "complete"}, false)
		}
	case op < 9:
		if chats := d.ownChats(); len(chats) > 0 {
			c := chats[pick(len(chats))]
			cols := map[string]any{"title": d.name + fmt.Sprint(d.seq)}
			if pick(2) == 0 {
				cols["shared"] = pick(2)
			}
			d.edit(t, "chats", c, cols, pick(8) == 0)
		}
	default:
		if d.admin {
			if chats := d.sharedChats(); len(chats) > 0 {
				d.edit(t, "chats", chats[pick(len(chats))], map[string]any{"title": ""}, true)
			}
		}
	}
}

// sync pushes the change log, then pulls to the head, the way the desktop
// sync loop will.
func (d *simDevice) sync(t *testing.T) error {
	ctx := context.Background()
	if len(d.pending) > 0 {
		batch := make([]syncproto.Change, 0, len(d.pending))
		for _, ch := range d.pending {
			batch = append(batch, ch)
		}
		res, err := d.client.Push(ctx, simWS, batch)
		if err != nil {
			return err
		}
		for _, r := range res.Results {
			key := r.Table + "/" + r.RowID
			if r.Status == syncproto.Rejected {
				// Legitimate under concurrency: an admin deletes a shared
				// chat its owner has just made private again. The device
				// drops its change and takes the server's version back.
				if r.Code != syncproto.RejectForbidden {
					return fmt.Errorf("%s: %s rejected: %s %s", d.name, key, r.Code, r.Reason)
				}
				delete(d.pending, key)
				d.made.refuse(key, r.HLC)
				d.applyRemote(r.Current, true)
				continue
			}
			if p, ok := d.pending[key]; ok && p.HLC == r.HLC {
				delete(d.pending, key)
			}
		}
	}
	for {
		p, err := d.client.Pull(ctx, simWS, d.cursor, 7)
		if err != nil {
			return err
		}
		for i := range p.Changes {
			d.applyRemote(&p.Changes[i], false)
		}
		d.cursor = p.Next
		if !p.More {
			return nil
		}
	}
}

// applyRemote applies a pulled change by last-writer-wins (ties too: an
// equal stamp is the server's canonical copy of our own change), or, when
// force is set (a rejected push's Current), whatever the stamps say.
func (d *simDevice) applyRemote(ch *syncproto.Change, force bool) {
	if ch == nil {
		return
	}
	key := ch.Table + "/" + ch.RowID
	st, _ := syncproto.ParseStamp(ch.HLC)
	d.dev.Clock.Observe(st)
	if ch.Op == syncproto.OpHide {
		delete(d.rows, key)
		for k, r := range d.rows {
			if r.snap["chat_id"] == ch.RowID {
				delete(d.rows, k)
			}
		}
		return
	}
	if local := d.rows[key]; force || local == nil || ch.HLC >= local.hlc {
		var snap map[string]any
		json.Unmarshal(ch.Snapshot, &snap)
		d.rows[key] = &simRow{hlc: ch.HLC, owner: ch.OwnerID, snap: snap}
	}
}

func TestConvergence(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		env := servertest.Start(t, b.Open(t))
		seed := time.Now().UnixNano()
		t.Logf("seed %d", seed)
		admin, adminU := env.User("admin@example.com", syncproto.RoleMember)
		alice, aliceU := env.User("alice@example.com", syncproto.RoleMember)
		bob, bobU := env.User("bob@example.com", syncproto.RoleMember)
		env.Workspace(simWS, admin, map[*syncproto.Client]string{alice: syncproto.RoleMember, bob: syncproto.RoleMember})
		made := &madeLog{stamps: map[string][]string{}, refused: map[string]bool{}, msgs: map[string]bool{}}
		mk := func(name string, c *syncproto.Client, u syncproto.User, isAdmin bool, i int) *simDevice {
			return &simDevice{name: name, userID: u.ID, admin: isAdmin, client: c, dev: servertest.NewDevice(name),
				rows: map[string]*simRow{}, pending: map[string]syncproto.Change{}, rng: rand.New(rand.NewSource(seed + int64(i))), made: made}
		}
		devices := []*simDevice{
			mk("admin1", admin, adminU, true, 1), mk("admin2", env.Login("admin@example.com"), adminU, true, 2),
			mk("alice1", alice, aliceU, false, 3), mk("alice2", env.Login("alice@example.com"), aliceU, false, 4),
			mk("bob1", bob, bobU, false, 5),
		}
		// Concurrent phase: every device edits; some go offline for a while
		// (no sync) and come back with a backlog.
		var wg sync.WaitGroup
		for _, d := range devices {
			wg.Add(1)
			go func(d *simDevice) {
				defer wg.Done()
				offline := 0
				for i := 0; i < 120; i++ {
					d.step(t)
					if offline > 0 {
						offline--
						continue
					}
					if d.rng.Intn(15) == 0 {
						offline = 10 + d.rng.Intn(30)
						continue
					}
					if d.rng.Intn(3) == 0 {
						if err := d.sync(t); err != nil {
							t.Error(err)
							return
						}
					}
				}
			}(d)
		}
		wg.Wait()
		// Everyone back online: push all, then pull all.
		for round := 0; round < 2; round++ {
			for _, d := range devices {
				if err := d.sync(t); err != nil {
					t.Fatal(err)
				}
				if len(d.pending) > 0 {
					t.Fatalf("%s still has %d unpushed changes", d.name, len(d.pending))
				}
			}
		}
		checkConvergence(t, env, devices, made)
	})
}

type serverRow struct {
	hlc, owner, chatID string
	shared             bool
	snap               map[string]any
}

func checkConvergence(t *testing.T, env *servertest.Env, devices []*simDevice, made *madeLog) {
	rows, err := env.DB.Reader().Query(`SELECT tbl, row_id, hlc, owner_id, COALESCE(chat_id, ''), shared, snapshot FROM sync_rows WHERE workspace_id = $1`, simWS)
	if err != nil {
		t.Fatal(err)
	}
	srv := map[string]serverRow{}
	for rows.Next() {
		var tbl, id, snap string
		var r serverRow
		var shared int
		if err := rows.Scan(&tbl, &id, &r.hlc, &r.owner, &r.chatID, &shared, &snap); err != nil {
			t.Fatal(err)
		}
		r.shared = shared != 0
		json.Unmarshal([]byte(snap), &r.snap)
		srv[tbl+"/"+id] = r
	}
	rows.Close()
	// No lost change: every row holds the highest stamp anyone made for it.
	for key, best := range made.best() {
		if best == "" {
			continue // every change to the row was refused
		}
		if srv[key].hlc != best {
			t.Errorf("%s: server has %q, newest change made was %q", key, srv[key].hlc, best)
		}
	}
	// No duplicate and no lost message.
	nmsg := 0
	for key := range srv {
		if len(key) > 9 && key[:9] == "messages/" {
			nmsg++
			if !made.msgs[key] {
				t.Errorf("server has a message nobody made: %s", key)
			}
		}
	}
	if nmsg != len(made.msgs) {
		t.Errorf("server has %d messages, %d were made", nmsg, len(made.msgs))
	}
	// Every device holds exactly what its user may see, identical to the server.
	for _, d := range devices {
		want := map[string]serverRow{}
		for key, r := range srv {
			if r.chatID != "" {
				chat := srv["chats/"+r.chatID]
				if chat.owner != d.userID && !chat.shared {
					continue
				}
			}
			want[key] = r
		}
		if len(want) != len(d.rows) {
			t.Errorf("%s holds %d rows, should see %d", d.name, len(d.rows), len(want))
		}
		for key, w := range want {
			got := d.rows[key]
			if got == nil {
				t.Errorf("%s lacks %s", d.name, key)
				continue
			}
			if got.hlc != w.hlc || !reflect.DeepEqual(got.snap, w.snap) {
				t.Errorf("%s: %s differs: %v vs server %v", d.name, key, got.snap, w.snap)
			}
		}
	}
	t.Logf("%d rows, %d messages, converged on %d devices", len(srv), nmsg, len(devices))
}
