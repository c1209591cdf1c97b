package syncproto

// The synced tables (DESIGN.md, Data). Their rows travel as full JSON
// snapshots of the desktop's columns.
const (
	TableWorkspaces        = "workspaces"
	TableWorkspaceSettings = "workspace_settings"
	TableModelAssignments  = "model_assignments"
	TableParamProfiles     = "param_profiles"
	TablePromptTemplates   = "prompt_templates"
	TableChats             = "chats"
	TableDocuments         = "documents"
	TableMessages          = "messages"
)

// Tables returns the synced tables in the order the server applies a push:
// parents before children, so a chat pushed in the same batch as its
// messages is known when the messages are checked.
func Tables() []string {
	return []string{TableWorkspaces, TableWorkspaceSettings, TableModelAssignments, TableParamProfiles,
		TablePromptTemplates, TableChats, TableDocuments, TableMessages}
}

// TableRank is a table's position in Tables; ok is false for an unknown table.
func TableRank(table string) (rank int, ok bool) {
	for i, t := range Tables() {
		if t == table {
			return i, true
		}
	}
	return len(Tables()), false
}

// Op is what happened to a row. Pulls also carry OpHide: the row (a chat that
// was shared and no longer is) must be dropped from the local copy, together
// with its messages and chat documents.
type Op string

const (
	OpInsert Op = "insert"
	OpUpdate Op = "update"
	OpDelete Op = "delete"
	OpHide   Op = "hide"
)

// Workspace and server roles.
const (
	RoleAdmin  = "admin"
	RoleMember = "member"
)

// ValidRole reports whether r is a role name.
func ValidRole(r string) bool { return r == RoleAdmin || r == RoleMember }
