package servertest

import (
	"encoding/json"
	"fmt"
	"time"

	"bookbag/backend/syncproto"
)

// Device makes changes the way a desktop's store does: stamped by its own
// hybrid logical clock, full-row snapshots with the synced trailer columns.
type Device struct {
	ID    string
	Clock *syncproto.Clock
}

// NewDevice returns a device with a clock on wall time.
func NewDevice(id string) *Device {
	return &Device{ID: id, Clock: syncproto.NewClock(id, time.Now)}
}

// Change stamps a row version of table in ws with the given columns
// (id, workspace_id, hlc, device_id, author_id, timestamps and deleted_at
// are filled in; deleted makes it a tombstone).
func (d *Device) Change(ws, table, id string, cols map[string]any, deleted bool) syncproto.Change {
	st := d.Clock.Now()
	snap := map[string]any{}
	for k, v := range cols {
		snap[k] = v
	}
	now := st.Wall
	snap["id"], snap["workspace_id"], snap["hlc"], snap["device_id"] = id, ws, st.String(), d.ID
	snap["author_id"], snap["created_at"], snap["updated_at"] = "local-user", now, now
	op := syncproto.OpUpdate
	if deleted {
		snap["deleted_at"] = now
		op = syncproto.OpDelete
	} else {
		snap["deleted_at"] = nil
	}
	b, err := json.Marshal(snap)
	if err != nil {
		panic(fmt.Sprintf("encode snapshot: %v", err))
	}
	return syncproto.Change{Table: table, RowID: id, WorkspaceID: ws, HLC: st.String(), DeviceID: d.ID, Op: op, Snapshot: b}
}
