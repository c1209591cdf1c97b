-- Chat performance: indexes so that startup, opening a long chat and
-- the sidebar read only what they show, whatever the size of the data.

-- Open moves the HLC past the newest stamp on disk (MAX(hlc) over the change
-- log): one index seek instead of a scan of every change ever made.
CREATE INDEX change_log_hlc ON change_log (hlc);

-- Startup marks answers that were streaming when the app stopped: the few
-- streaming rows, not every message.
CREATE INDEX messages_streaming ON messages (chat_id) WHERE status = 'streaming';

-- Opening a chat reads the shape of its message tree (ids, parents, times)
-- and its token totals: a covering index, so no message row (with its
-- content) is read for the thousands of messages not on the page.
CREATE INDEX messages_chat_tree ON messages (chat_id, deleted_at, id, parent_id, created_at, tokens_in, tokens_out, tokens_estimated);

-- The sidebar: a workspace's live chats, pinned first, newest first, paged.
CREATE INDEX chats_list ON chats (workspace_id, archived_at, pinned, updated_at, id) WHERE deleted_at IS NULL;
