package server

import (
	"bytes"
	"encoding/json"
	"time"

	"bookbag/backend/syncproto"
)

// incoming is a pushed change after validation.
type incoming struct {
	syncproto.Change
	deleted  bool
	chatID   string // chats: their own id; messages and chat documents: their chat
	shared   bool   // chats only
	complete bool   // messages only: status "complete"
	body     []byte // the snapshot as stored: author_id and device_id set by the server
}

type rejection struct {
	code   syncproto.RejectCode
	reason string
}

func reject(code syncproto.RejectCode, reason string) *rejection {
	return &rejection{code: code, reason: reason}
}

// parseChange checks one pushed change for workspace ws by userID. Nothing
// about the change is trusted: the table, ids, stamp and snapshot shape are
// all checked, and the snapshot's author is the caller, whatever it says.
func (s *Server) parseChange(ws, userID string, ch syncproto.Change, now time.Time) (*incoming, *rejection) {
	in := &incoming{Change: ch}
	if _, ok := syncproto.TableRank(ch.Table); !ok {
		return nil, reject(syncproto.RejectInvalid, "unknown table")
	}
	if !validRowID(ch.RowID) {
		return nil, reject(syncproto.RejectInvalid, "row id is not valid")
	}
	if ch.WorkspaceID != ws {
		return nil, reject(syncproto.RejectInvalid, "change belongs to another workspace")
	}
	if ch.Table == syncproto.TableWorkspaces && ch.RowID != ws {
		return nil, reject(syncproto.RejectInvalid, "a workspace row must be the workspace itself")
	}
	switch ch.Op {
	case syncproto.OpInsert, syncproto.OpUpdate, syncproto.OpDelete:
	default:
		return nil, reject(syncproto.RejectInvalid, "op must be insert, update or delete")
	}
	if !validRowID(ch.DeviceID) {
		return nil, reject(syncproto.RejectInvalid, "device id is not valid")
	}
	st, err := syncproto.ParseStamp(ch.HLC)
	if err != nil || st.IsZero() || st.Wall <= 0 || st.Node == "" || st.String() != ch.HLC || len(ch.HLC) > 200 {
		return nil, reject(syncproto.RejectInvalid, "hlc is not a valid stamp")
	}
	if st.Wall > now.Add(s.cfg.MaxClockSkew).UnixMilli() {
		return nil, reject(syncproto.RejectClockSkew, "the device clock is ahead of the server's; fix the clock and retry")
	}
	if len(ch.Snapshot) > s.cfg.MaxSnapshotBytes {
		return nil, reject(syncproto.RejectInvalid, "snapshot is too large")
	}
	var snap map[string]json.RawMessage
	if err := json.Unmarshal(ch.Snapshot, &snap); err != nil || snap == nil {
		return nil, reject(syncproto.RejectInvalid, "snapshot must be a JSON object")
	}
	if len(snap) > 100 {
		return nil, reject(syncproto.RejectInvalid, "snapshot has too many columns")
	}
	for k := range snap {
		if !validColumn(k) {
			return nil, reject(syncproto.RejectInvalid, "snapshot has a column name that is not valid")
		}
	}
	if str(snap["id"]) != ch.RowID || str(snap["workspace_id"]) != ws || str(snap["hlc"]) != ch.HLC {
		return nil, reject(syncproto.RejectInvalid, "snapshot id, workspace_id and hlc must match the change")
	}
	switch del := snap["deleted_at"]; {
	case isNull(del):
	case isNumber(del):
		in.deleted = true
	default:
		return nil, reject(syncproto.RejectInvalid, "deleted_at must be null or a number")
	}
	if ch.Op == syncproto.OpDelete && !in.deleted {
		return nil, reject(syncproto.RejectInvalid, "a delete must carry a tombstone (deleted_at set)")
	}
	switch ch.Table {
	case syncproto.TableChats:
		in.chatID = ch.RowID
		in.shared = truthy(snap["shared"])
	case syncproto.TableMessages:
		in.chatID = str(snap["chat_id"])
		if !validRowID(in.chatID) {
			return nil, reject(syncproto.RejectInvalid, "a message needs a chat_id")
		}
		in.complete = str(snap["status"]) == "complete"
	case syncproto.TableDocuments:
		if c := snap["chat_id"]; !isNull(c) {
			in.chatID = str(c)
			if !validRowID(in.chatID) {
				return nil, reject(syncproto.RejectInvalid, "chat_id is not valid")
			}
		}
	}
	snap["author_id"], _ = json.Marshal(userID)
	snap["device_id"], _ = json.Marshal(ch.DeviceID)
	body, err := json.Marshal(snap)
	if err != nil {
		return nil, reject(syncproto.RejectInvalid, "snapshot is not valid JSON")
	}
	in.body = body
	return in, nil
}

// validColumn keeps snapshot keys to SQL-identifier shape, since desktops
// turn them into column names.
func validColumn(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func str(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) != nil {
		return ""
	}
	return s
}

func isNull(v json.RawMessage) bool {
	return len(v) == 0 || bytes.Equal(bytes.TrimSpace(v), []byte("null"))
}

func isNumber(v json.RawMessage) bool {
	var f float64
	return json.Unmarshal(v, &f) == nil
}

// truthy reads SQLite's 0/1 flags as they appear in snapshots (or a bool).
func truthy(v json.RawMessage) bool {
	var b bool
	if json.Unmarshal(v, &b) == nil {
		return b
	}
	var f float64
	return json.Unmarshal(v, &f) == nil && f != 0
}
