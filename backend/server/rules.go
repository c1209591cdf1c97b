package server

import "bookbag/backend/syncproto"

// storedRow is what the server keeps about a row besides its snapshot.
type storedRow struct {
	hlc, ownerID, chatID       string
	shared, wasShared, deleted bool
	complete                   bool
	size                       int64
}

// readableBy reports whether user may read this chat: its owner always,
// everyone while it is shared. A nil chat reads as missing.
func (r *storedRow) readableBy(user string) bool {
	return r != nil && (r.ownerID == user || r.shared)
}

// authorizeChange applies the permission table of docs/SYNC.md to one
// change by user with workspace role. old is the stored row (nil for a new
// one); chat is the row's chat for messages and chat documents.
//
//	workspaces, workspace_settings, model_assignments: workspace admins
//	param_profiles, prompt_templates, workspace documents: any member
//	chats: any member creates one and owns it; only the owner changes it;
//	       a workspace admin may delete a shared chat
//	messages, chat documents: only the chat's owner, private or shared
//	       (a shared chat is read by all, continued by its author); a
//	       workspace admin may delete them in a shared chat
func authorizeChange(role, user string, in *incoming, old, chat *storedRow) *rejection {
	admin := role == syncproto.RoleAdmin
	switch in.Table {
	case syncproto.TableWorkspaces, syncproto.TableWorkspaceSettings, syncproto.TableModelAssignments:
		if !admin {
			return reject(syncproto.RejectForbidden, "only workspace admins change workspace settings")
		}
		return nil
	case syncproto.TableParamProfiles, syncproto.TablePromptTemplates:
		return nil
	case syncproto.TableChats:
		switch {
		case old == nil || old.ownerID == user:
			return nil
		case admin && in.deleted && old.shared:
			return nil
		}
		return reject(syncproto.RejectForbidden, "only the chat's author changes a chat")
	case syncproto.TableMessages, syncproto.TableDocuments:
		if in.chatID == "" {
			return nil // a workspace document: any member
		}
		if chat == nil {
			return reject(syncproto.RejectUnknownParent, "the chat is not on the server yet; push it first")
		}
		switch {
		case chat.ownerID == user:
			return nil
		case admin && in.deleted && chat.shared:
			return nil
		}
		return reject(syncproto.RejectForbidden, "only the chat's author adds to or changes a chat")
	}
	return reject(syncproto.RejectInvalid, "unknown table")
}
