package store

// TableOwners names, for every table of the desktop database, the one
// package (by its path in the module) that runs SQL on it. Other packages
// ask the owner through a small interface wired in app.go; the store's
// ownership test fails on a query of a table by any other package, except
// for the readers declared in GenericReaders.
func TableOwners() map[string]string {
	return map[string]string{
		// The store itself: the schema's bookkeeping and device identity.
		"identity": "backend/store",
		"settings": "backend/store", // device-local key-value pairs (GetSetting)

		"workspaces":         "backend/workspace",
		"workspace_settings": "backend/workspace",
		"model_assignments":  "backend/workspace",

		"providers":        "backend/models",
		"models":           "backend/models",
		"param_profiles":   "backend/models",
		"prompt_templates": "backend/models",

		"chats":        "backend/chat",
		"messages":     "backend/chat",
		"messages_fts": "backend/chat",

		"documents":  "backend/rag",
		"chunks":     "backend/rag",
		"chunks_fts": "backend/rag",

		"mcp_servers":            "backend/tools",
		"workspace_tool_servers": "backend/tools",
		"tool_approvals":         "backend/tools",
		"tool_calls":             "backend/tools",

		"api_tokens":   "backend/localapi",
		"api_requests": "backend/localapi",

		"usage_calls":   "backend/usage", // device-local; shared workspaces' calls leave as usage events
		"usage_rollup":  "backend/usage",
		"usage_prices":  "backend/usage",
		"usage_budgets": "backend/usage",
		"usage_daily":   "backend/usage",

		"usage_daily_keys": "backend/usage",

		"usage_daily_offsets": "backend/usage",

		"change_log":  "backend/sync", // the outbox of synced writes (see Exceptions)
		"sync_links":  "backend/sync",
		"sync_base":   "backend/sync",
		"sync_parked": "backend/sync",
	}
}

// Exception is a package allowed to touch a table it does not own, and why.
type Exception struct {
	Package, Table string
	Why            string
}

// Exceptions are the declared uses of a table by a package other than its
// owner, beyond the generic readers.
func Exceptions() []Exception {
	return []Exception{
		// change_log is the sync client's outbox (it reads, pushes and marks
		// it), but every synced write appends to it inside the write's own
		// transaction, which only the row API here can do; the store also
		// reads its newest stamp to start the clock past it.
		{Package: "backend/store", Table: "change_log", Why: "the row API appends every synced write to it"},
	}
}

// GenericReaders are the packages that move whole rows of every synced
// table without knowing what they mean: a workspace archive (export and
// import) and the sync client. They read synced rows and write them through
// the store's one row API (Tx.Apply, Tx.Insert…), never derived or
// device-local tables.
func GenericReaders() []string {
	return []string{"backend/archive", "backend/sync"}
}
